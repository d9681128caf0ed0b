// The OAuth check of a Power Automate HTTP trigger ("Any user in my tenant" / "Specific users in my
// tenant"): signature against the issuer's keys, lifetime, exact audience, tenant, issuer, and for
// specific users the token's `oid` against the allowed list (emails resolved to object ids).
import { isGuid } from "./entra-directory.mjs";
import { verifyJwtSignature } from "./jwt.mjs";

/**
 * Object ids the "Specific users" list allows. Emails are resolved through the directory (by UPN);
 * GUIDs are taken as object ids (users or service principals). Unresolvable emails allow nobody.
 * @param {readonly string[]} allowedUsers
 * @param {readonly { upn: string, oid: string }[]} directoryUsers
 */
export function allowedObjectIds(allowedUsers, directoryUsers) {
    const oids = new Set();
    for (const entry of allowedUsers) {
        const text = String(entry).trim().toLowerCase();
        if (text === "") continue;
        if (isGuid(text)) {
            oids.add(text);
            continue;
        }
        const user = directoryUsers.find((candidate) => candidate.upn.toLowerCase() === text);
        if (user) oids.add(user.oid);
    }
    return oids;
}

/**
 * @param {object} input
 * @param {string | undefined} input.authorization the Authorization header
 * @param {{ keys: object[] }} input.jwks
 * @param {string} input.audience exact expected `aud`
 * @param {string} input.tenantId the flow's tenant
 * @param {readonly string[]} input.issuers accepted `iss` values for that tenant
 * @param {Set<string> | null} input.allowedOids null = any user of the tenant
 * @param {number} input.nowSeconds
 * @param {number} input.clockSkewSeconds
 * @returns {{ ok: true, claims: object } | { ok: false, failure: "noToken" | "signature" | "expired" | "notYetValid" | "audience" | "tenant" | "issuer" | "user" }}
 */
export function checkBearer(input) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? "");
    if (!match) return { ok: false, failure: "noToken" };
    const verified = verifyJwtSignature(match[1], input.jwks);
    if (!verified.ok) return { ok: false, failure: "signature" };
    const claims = verified.payload;
    if (typeof claims.exp !== "number" || claims.exp + input.clockSkewSeconds <= input.nowSeconds)
        return { ok: false, failure: "expired" };
    if (typeof claims.nbf === "number" && claims.nbf - input.clockSkewSeconds > input.nowSeconds)
        return { ok: false, failure: "notYetValid" };
    if (claims.aud !== input.audience) return { ok: false, failure: "audience" };
    if (claims.tid !== input.tenantId) return { ok: false, failure: "tenant" };
    if (!input.issuers.includes(claims.iss)) return { ok: false, failure: "issuer" };
    if (input.allowedOids && !input.allowedOids.has(String(claims.oid ?? "").toLowerCase()))
        return { ok: false, failure: "user" };
    return { ok: true, claims };
}
