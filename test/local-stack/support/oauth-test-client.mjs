// Test support: plays the browser's part of the auth code + PKCE flow against the Entra ID emulator
// over real HTTPS (authorize, follow the sign-in page, read the redirect, redeem the code).
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "../../../tools/local-stack/emulators/jwt.mjs";
import { requestLoopback } from "../../../tools/local-stack/emulators/loopback-client.mjs";

export const APP_ORIGIN = "https://127.0.0.1:44321";
export const REDIRECT_URI = `${APP_ORIGIN}/redirect.html`;

export function pkcePair() {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    return { verifier, challenge };
}

/** Parameters of the redirect back to the app, from the fragment, the query or a form_post page. */
export function redirectParameters(location) {
    const url = new URL(location);
    const text = url.hash.length > 1 ? url.hash.slice(1) : url.search.slice(1);
    return Object.fromEntries(new URLSearchParams(text));
}

export function sessionCookie(setCookie) {
    const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    return header ? header.split(";")[0] : undefined;
}

/**
 * GET /authorize. Returns the raw answer plus, for a redirect, the parsed parameters.
 * @param {object} entra started emulator
 * @param {Record<string,string>} params overrides of the default request
 * @param {{ tenant?: string, cookie?: string }} [context]
 */
export async function authorize(entra, params, context = {}) {
    const query = new URLSearchParams({
        client_id: entra.defaultClientId,
        response_type: "code",
        redirect_uri: REDIRECT_URI,
        response_mode: "fragment",
        scope: "https://service.flow.microsoft.com//.default openid profile offline_access",
        state: randomBytes(8).toString("hex"),
        nonce: randomBytes(8).toString("hex"),
        code_challenge_method: "S256",
        client_info: "1",
        ...params,
    });
    for (const [name, value] of [...query]) if (value === "") query.delete(name);
    const tenant = context.tenant ?? entra.homeTenantId;
    const answer = await requestLoopback(`${entra.url}/${tenant}/oauth2/v2.0/authorize?${query}`, {
        ca: entra.certificate.ca,
        headers: context.cookie ? { Cookie: context.cookie } : {},
    });
    return withRedirect(answer, query);
}

function withRedirect(answer, query) {
    const location = answer.headers.location;
    return {
        ...answer,
        request: Object.fromEntries(query),
        location,
        redirectParams: location ? redirectParameters(location) : undefined,
        cookie: sessionCookie(answer.headers["set-cookie"]),
    };
}

/** The hidden transaction id of a sign-in or consent page. */
export function transactionOf(html) {
    const match = /name="transaction" value="([^"]+)"/.exec(html);
    if (!match) throw new Error("No transaction on the page");
    return match[1];
}

/** Submits a sign-in page form, like clicking a button on it. */
export async function submitSignIn(entra, pageHtml, fields, context = {}) {
    const tenant = context.tenant ?? entra.homeTenantId;
    const body = new URLSearchParams({ transaction: transactionOf(pageHtml), ...fields }).toString();
    const answer = await requestLoopback(`${entra.url}/${tenant}/emulator/sign-in`, {
        method: "POST",
        ca: entra.certificate.ca,
        headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": String(Buffer.byteLength(body)),
            ...(context.cookie ? { Cookie: context.cookie } : {}),
        },
        body,
    });
    return withRedirect(answer, new URLSearchParams());
}

/** POST /token with a form body; sends an Origin header like a browser unless told not to. */
export async function tokenRequest(entra, fields, context = {}) {
    const tenant = context.tenant ?? entra.homeTenantId;
    const body = new URLSearchParams({ client_id: entra.defaultClientId, client_info: "1", ...fields }).toString();
    const answer = await requestLoopback(`${entra.url}/${tenant}/oauth2/v2.0/token`, {
        method: "POST",
        ca: entra.certificate.ca,
        headers: {
            "Content-Type": "application/x-www-form-urlencoded;charset=utf-8",
            "Content-Length": String(Buffer.byteLength(body)),
            ...(context.origin === null ? {} : { Origin: context.origin ?? APP_ORIGIN }),
        },
        body,
    });
    return { ...answer, body: answer.json() };
}

/**
 * Whole silent flow for a signed-in user: authorize with prompt=none + login_hint, then redeem.
 * @returns {Promise<{ tokens: object, accessClaims: object, idClaims: object | undefined }>}
 */
export async function signInSilently(entra, upn, { scope, tenant } = {}) {
    const pkce = pkcePair();
    const params = { prompt: "none", login_hint: upn, code_challenge: pkce.challenge, ...(scope ? { scope } : {}) };
    const answer = await authorize(entra, params, { tenant });
    const code = answer.redirectParams?.code;
    if (!code) throw new Error(`No code: ${answer.redirectParams?.error_description ?? answer.status}`);
    const tokens = await tokenRequest(
        entra,
        {
            grant_type: "authorization_code",
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: pkce.verifier,
            scope: answer.request.scope,
        },
        { tenant },
    );
    if (tokens.status !== 200) throw new Error(`Token request failed: ${tokens.text}`);
    return {
        tokens: tokens.body,
        accessClaims: decodeJwt(tokens.body.access_token).payload,
        idClaims: tokens.body.id_token ? decodeJwt(tokens.body.id_token).payload : undefined,
    };
}
