import type { AccountInfo, IPublicClientApplication } from "@azure/msal-browser";
import { normalizeGuid } from "../contracts/guid";
import { nonEmptyText } from "../contracts/plainData";

/** Who is signed in to the app (from the host), as far as the host tells us. */
export interface SignedInUser {
    /** The user's sign-in name (UPN), used as login hint. */
    readonly loginHint?: string;
    /** The user's Entra object ID (oid). */
    readonly objectId?: string;
}

export type AccountLookup = Pick<IPublicClientApplication, "getAccount" | "getAllAccounts">;

function same(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && a !== "" && a.toLowerCase() === b.toLowerCase();
}

/**
 * The cached account of the user signed in to the app, in the org's tenant; never an account of
 * another user or tenant that happens to sit in the same browser cache (other apps, earlier sessions).
 * By object ID first (exact identity), then by sign-in name. Matching is case-insensitive, MSAL's is not.
 */
export function findSignedInAccount(
    lookup: AccountLookup,
    user: SignedInUser,
    tenantId: string,
): AccountInfo | undefined {
    const objectId = nonEmptyText(user.objectId);
    const loginHint = nonEmptyText(user.loginHint);
    // A tenant given by domain name cannot be compared with the account's tenant ID; the authority still pins it.
    const tenant = normalizeGuid(tenantId);
    const inTenant = (account: AccountInfo): boolean => tenant === undefined || same(account.tenantId, tenant);
    const isUser = (account: AccountInfo): boolean => objectId === undefined || same(account.localAccountId, objectId);

    const candidates: (AccountInfo | null | undefined)[] = [];
    if (objectId !== undefined) {
        candidates.push(
            lookup.getAccount(
                tenant === undefined ? { localAccountId: objectId } : { localAccountId: objectId, tenantId: tenant },
            ),
        );
    }
    if (loginHint !== undefined) {
        candidates.push(lookup.getAccount(tenant === undefined ? { loginHint } : { loginHint, tenantId: tenant }));
    }
    const exact = candidates.find(
        (account): account is AccountInfo => account != null && inTenant(account) && isUser(account),
    );
    if (exact !== undefined) {
        return exact;
    }
    if (objectId === undefined && loginHint === undefined) {
        return undefined;
    }
    const all = lookup.getAllAccounts(tenant === undefined ? undefined : { tenantId: tenant });
    return all.find(
        (account) =>
            inTenant(account) &&
            (objectId !== undefined
                ? same(account.localAccountId, objectId)
                : same(account.username, loginHint) ||
                  same(account.loginHint, loginHint) ||
                  same(account.upn, loginHint)),
    );
}

/** The documented systemuser columns that say who the app's user is in Entra ID. */
export const SIGNED_IN_USER_SELECT = "?$select=domainname,internalemailaddress,azureactivedirectoryobjectid";

/** The user's sign-in name and object id from their systemuser row (read with SIGNED_IN_USER_SELECT). */
export function signedInUserFromRow(row: Readonly<Record<string, unknown>>): SignedInUser {
    const upn = typeof row.domainname === "string" && row.domainname.includes("@") ? row.domainname : undefined;
    const email = typeof row.internalemailaddress === "string" ? row.internalemailaddress : undefined;
    const oid = normalizeGuid(row.azureactivedirectoryobjectid);
    return { loginHint: upn ?? email, objectId: oid === "00000000-0000-0000-0000-000000000000" ? undefined : oid };
}
