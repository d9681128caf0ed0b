// Claims of the tokens the Entra ID emulator issues, shaped like Entra ID's:
// access tokens in the v1 format the flow service receives (iss https://sts.windows.net/<tid>/,
// `appid`, `upn`, `unique_name`, `scp`), ID tokens in the v2 format (iss <authority host>/<tid>/v2.0).
import { createHash, randomBytes } from "node:crypto";
import { base64UrlEncode } from "./jwt.mjs";

/** Issuer of v1 access tokens, which is what the flow service's tokens carry. */
export function accessTokenIssuer(tenantId) {
    return `https://sts.windows.net/${tenantId}/`;
}

/** Pairwise `sub`: stable per user and application, different across applications. */
export function pairwiseSubject(oid, appId) {
    return base64UrlEncode(createHash("sha256").update(`${oid}|${appId}`).digest()).slice(0, 43);
}

/** `client_info`: base64url of {"uid": oid, "utid": tid}; MSAL builds the home account id from it. */
export function clientInfo(user) {
    return base64UrlEncode(JSON.stringify({ uid: user.oid, utid: user.tenantId }));
}

function uniqueTokenId() {
    return randomBytes(16).toString("base64url");
}

/** Opaque per-session value Entra puts into `aio`; random here. */
function opaqueAio() {
    return randomBytes(48).toString("base64url");
}

function resourceHint(tenantId, appId) {
    return `0.A${base64UrlEncode(`${tenantId}${appId}`).slice(0, 40)}AA.`;
}

/**
 * @param {{ user: object, tenantId: string, clientId: string, resource: { identifier: string, definition: { appId: string }, permissions: string[] },
 *           nowSeconds: number, lifetimeSeconds: number, sessionId: string, multiFactor?: boolean }} input
 */
export function accessTokenClaims(input) {
    const { user, tenantId, clientId, resource, nowSeconds, lifetimeSeconds, sessionId } = input;
    return {
        aud: resource.identifier,
        iss: accessTokenIssuer(tenantId),
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + lifetimeSeconds,
        acr: "1",
        aio: opaqueAio(),
        amr: input.multiFactor ? ["pwd", "mfa"] : ["pwd"],
        appid: clientId,
        appidacr: "0",
        family_name: user.familyName,
        given_name: user.givenName,
        idtyp: "user",
        ipaddr: "127.0.0.1",
        name: user.name,
        oid: user.oid,
        puid: createHash("sha256").update(user.oid).digest("hex").slice(0, 16).toUpperCase(),
        rh: resourceHint(tenantId, resource.definition.appId),
        scp: resource.permissions.join(" "),
        sid: sessionId,
        sub: pairwiseSubject(user.oid, resource.definition.appId),
        tid: tenantId,
        unique_name: user.upn,
        upn: user.upn,
        uti: uniqueTokenId(),
        ver: "1.0",
    };
}

/**
 * @param {{ user: object, tenantId: string, clientId: string, issuer: string, nonce?: string, nowSeconds: number,
 *           lifetimeSeconds: number, sessionId: string }} input
 */
export function idTokenClaims(input) {
    const { user, tenantId, clientId, issuer, nonce, nowSeconds, lifetimeSeconds, sessionId } = input;
    return {
        aud: clientId,
        iss: issuer,
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + lifetimeSeconds,
        name: user.name,
        ...(nonce ? { nonce } : {}),
        oid: user.oid,
        preferred_username: user.upn,
        rh: resourceHint(tenantId, clientId),
        sid: sessionId,
        sub: pairwiseSubject(user.oid, clientId),
        tid: tenantId,
        uti: uniqueTokenId(),
        ver: "2.0",
    };
}
