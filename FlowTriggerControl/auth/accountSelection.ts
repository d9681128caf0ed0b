import type { AccountInfo, IPublicClientApplication } from "@azure/msal-browser";
import { hostGuid, normalizeGuid } from "../contracts/guid";
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
    return !!a && !!b && a.toLowerCase() === b.toLowerCase();
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
    if (!objectId && !loginHint) {
        return undefined;
    }
    // A tenant given by domain name cannot be compared with the account's tenant ID; the authority still pins it.
    const tenant = normalizeGuid(tenantId);
    const inOrgTenant = tenant === undefined ? undefined : { tenantId: tenant };
    const isUserInTenant = (account: AccountInfo | null): account is AccountInfo =>
        !!account &&
        (!tenant || same(account.tenantId, tenant)) &&
        (!objectId || same(account.localAccountId, objectId));
    return (
        // MSAL's own lookups first: they also match the sign-in name against the token's claims.
        [
            objectId ? lookup.getAccount({ ...inOrgTenant, localAccountId: objectId }) : null,
            loginHint ? lookup.getAccount({ ...inOrgTenant, loginHint }) : null,
        ].find(isUserInTenant) ??
        // Then every cached account, case-insensitively: by object ID when known, else by sign-in name.
        lookup
            .getAllAccounts(inOrgTenant)
            .find(
                (account) =>
                    isUserInTenant(account) &&
                    (!!objectId ||
                        same(account.username, loginHint) ||
                        same(account.loginHint, loginHint) ||
                        same(account.upn, loginHint)),
            )
    );
}

/** The documented systemuser columns that say who the app's user is in Entra ID. */
export const SIGNED_IN_USER_SELECT = "?$select=domainname,internalemailaddress,azureactivedirectoryobjectid";

/** The user's sign-in name and object id from their systemuser row (read with SIGNED_IN_USER_SELECT). */
export function signedInUserFromRow(row: Readonly<Record<string, unknown>>): SignedInUser {
    const upn = typeof row.domainname === "string" && row.domainname.includes("@") ? row.domainname : undefined;
    const email = typeof row.internalemailaddress === "string" ? row.internalemailaddress : undefined;
    return { loginHint: upn ?? email, objectId: hostGuid(row.azureactivedirectoryobjectid) };
}
