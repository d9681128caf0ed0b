// Entra ID emulator: an HTTPS server on 127.0.0.1 answering the v2.0 endpoints msal-browser uses
// (discovery, JWKS, authorize with auth code + PKCE, token, logout, instance discovery) with
// Entra-shaped answers, RS256 tokens and AADSTS errors. Test fixture only: nothing leaves the machine.
import { authorizeMistake, tokenMistake } from "./entra-setup-mistakes.mjs";
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import https from "node:https";
import { sharedLocalCertificate } from "./certificate.mjs";
import {
    createDirectory,
    DEFAULT_CLIENT_ID,
    isGuid,
    isRegisteredRedirectUri,
    MULTI_TENANT_SEGMENTS,
} from "./entra-directory.mjs";
import { AADSTS, authorizeErrorParameters, entraError, tokenErrorBody } from "./entra-errors.mjs";
import { consentPage, errorPage, formPostPage, signedOutPage, signInPage } from "./entra-pages.mjs";
import { DEFAULT_RESOURCES, grantedScopeText, parseScopes } from "./entra-resources.mjs";
import { accessTokenClaims, accessTokenIssuer, clientInfo, idTokenClaims } from "./entra-tokens.mjs";
import { flowAudience } from "./flow-clouds.mjs";
import {
    BodyTooLargeError,
    closeServer,
    listen,
    parseForm,
    readBody,
    redirect,
    sendEmpty,
    sendHtml,
    sendJson,
    sendText,
    trackConnections,
} from "./http-messages.mjs";
import { createSigningKey, signJwt } from "./jwt.mjs";

const MAX_FORM_BYTES = 64 * 1024;
const MAX_EVENTS = 1000;
const MAX_PENDING = 1000;

/**
 * Starts the emulator.
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {{ key: string, cert: string }} [options.certificate] defaults to the process-wide local certificate
 * @param {Array} [options.tenants] [{ id, name, domains }]; the first is the home tenant unless homeTenantId says otherwise
 * @param {Array} [options.users] [{ upn, oid, name, givenName, familyName, tenantId }]
 * @param {Array} [options.clients] app registrations [{ clientId, name, tenantId, redirectUris }]; "scheme://host:*" = any port and path
 * @param {Array} [options.resources] APIs tokens can be issued for (default: flow service, Graph, PowerApps service)
 * @param {string} [options.homeTenantId]
 * @param {string[]} [options.signedOut] UPNs without a browser session at start (default: everyone is signed in, like a Dynamics user)
 * @param {() => number} [options.now] clock in ms (default Date.now)
 * @param {number} [options.accessTokenLifetimeSeconds] default 3600
 * @param {number} [options.refreshTokenLifetimeSeconds] default 86400 (SPA refresh tokens live 24 h)
 * @param {boolean} [options.requireOriginOnTokenRequests] SPA rule AADSTS9002327 (default true)
 * @param {string | null} [options.crossOriginOpenerPolicy] header on the sign-in pages unless the request has pocd=1 (default "same-origin")
 * @param {boolean} [options.honourPocd] false: send that header even when MSAL asserts pocd=1 (default true)
 */
export async function startEntraEmulator(options = {}) {
    const certificate = options.certificate ?? (await sharedLocalCertificate());
    const directory = createDirectory({ tenants: options.tenants, users: options.users, clients: options.clients });
    const homeTenantId = options.homeTenantId ?? directory.tenants[0].id;
    const resources = options.resources ?? DEFAULT_RESOURCES;
    const now = options.now ?? (() => Date.now());
    const accessTokenLifetimeSeconds = options.accessTokenLifetimeSeconds ?? 3600;
    const refreshTokenLifetimeSeconds = options.refreshTokenLifetimeSeconds ?? 86_400;
    const codeLifetimeSeconds = 600;
    const requireOrigin = options.requireOriginOnTokenRequests ?? true;
    const pageHeaderSettings = {
        coop: options.crossOriginOpenerPolicy === undefined ? "same-origin" : options.crossOriginOpenerPolicy,
        honourPocd: options.honourPocd ?? true,
    };
    const signingKey = await createSigningKey();

    /** Per-user sign-in state, keyed by lower-case UPN. `sid` is the Entra session id put in tokens. */
    const userStates = new Map();
    const initialSignedOut = new Set((options.signedOut ?? []).map((upn) => upn.toLowerCase()));
    function resetUserStates() {
        userStates.clear();
        for (const user of directory.users) {
            const key = user.upn.toLowerCase();
            userStates.set(key, {
                signedIn: !initialSignedOut.has(key),
                needsInteraction: false,
                multiFactor: false,
                sid: randomUUID(),
            });
        }
    }
    resetUserStates();
    const stateOf = (user) => userStates.get(user.upn.toLowerCase());

    const consentRequiredClients = new Set();
    const consentGrants = new Set();
    const sessions = new Map();
    const transactions = new Map();
    const codes = new Map();
    const refreshTokens = new Map();
    const events = [];

    const server = https.createServer({ key: certificate.key, cert: certificate.cert });
    const connections = trackConnections(server);
    const port = await listen(server, options.port ?? 0, "127.0.0.1");
    const origin = `https://127.0.0.1:${port}`;
    const cookieName = `entra_emulator_session_${port}`;

    const nowSeconds = () => Math.floor(now() / 1000);
    const idTokenIssuer = (tenantId) => `${origin}/${tenantId}/v2.0`;

    function record(event) {
        events.push(Object.freeze({ at: new Date(now()).toISOString(), ...event }));
        if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
    }

    function remember(map, key, value) {
        map.set(key, value);
        if (map.size > MAX_PENDING) map.delete(map.keys().next().value);
    }

    function pruneExpired() {
        const nowMs = now();
        for (const [key, entry] of codes) if (entry.expiresAt <= nowMs) codes.delete(key);
        for (const [key, entry] of refreshTokens) if (entry.expiresAt <= nowMs) refreshTokens.delete(key);
        for (const [key, entry] of transactions)
            if (entry.createdAt + codeLifetimeSeconds * 1000 <= nowMs) transactions.delete(key);
    }

    // ---- tenants, sessions, consent -------------------------------------------------------------

    /** { tenant } for a GUID or domain, { multi: true } for common/organizations, undefined otherwise. */
    function resolveTenant(segment) {
        if (MULTI_TENANT_SEGMENTS.includes(String(segment).toLowerCase())) return { multi: true };
        const tenant = directory.findTenant(segment);
        return tenant ? { tenant } : undefined;
    }

    function sessionFromRequest(request) {
        const cookies = Object.fromEntries(
            String(request.headers.cookie ?? "")
                .split(";")
                .map((part) => part.trim().split("="))
                .filter((pair) => pair.length === 2),
        );
        const id = cookies[cookieName];
        return id && sessions.has(id) ? { id, ...sessions.get(id) } : undefined;
    }

    /** Adds the user to the browser session (creating one); returns the Set-Cookie header value. */
    function addToSession(session, user) {
        const id = session?.id ?? randomUUID();
        const upns = new Set(session?.upns ?? []);
        upns.add(user.upn.toLowerCase());
        sessions.set(id, { upns: [...upns] });
        return `${cookieName}=${id}; Path=/; Secure; HttpOnly; SameSite=None`;
    }

    function needsConsent(clientId, user) {
        return consentRequiredClients.has(clientId) && !consentGrants.has(`${clientId}|${user.oid}`);
    }

    function tokenTenantFor(resolved, user) {
        return resolved.multi ? user.tenantId : resolved.tenant.id;
    }

    /**
     * Whether a sign-in can complete without UI, and for whom.
     * @returns {{ user: object } | { user?: object, failure: object, args: string[] }}
     */
    function decideWithoutInteraction(params, resolved, client, session) {
        let user;
        if (params.login_hint) {
            user = directory.findUser(params.login_hint);
            if (!user || !stateOf(user).signedIn) return { failure: AADSTS.hintNotSignedIn, args: [] };
        } else if (params.sid) {
            user = directory.users.find(
                (candidate) => stateOf(candidate).sid === params.sid && stateOf(candidate).signedIn,
            );
            if (!user) return { failure: AADSTS.noUserSignedIn, args: [] };
        } else {
            const signedIn = (session?.upns ?? [])
                .map((upn) => directory.findUser(upn))
                .filter((candidate) => candidate && stateOf(candidate).signedIn);
            if (signedIn.length === 0) return { failure: AADSTS.noUserSignedIn, args: [] };
            if (signedIn.length > 1) return { failure: AADSTS.multipleIdentities, args: [] };
            user = signedIn[0];
        }
        if (!resolved.multi && user.tenantId !== resolved.tenant.id) {
            return { user, failure: AADSTS.userNotInTenant, args: notInTenantArgs(user, resolved.tenant, client) };
        }
        if (stateOf(user).needsInteraction)
            return { user, failure: AADSTS.mfaRequired, args: [resourceAppId(params.scope)] };
        if (needsConsent(client.clientId, user))
            return { user, failure: AADSTS.consentRequired, args: [client.clientId, client.name] };
        return { user };
    }

    /** The API a scope string asks for, as Entra names it in AADSTS50076. */
    function resourceAppId(scopeText) {
        const scopes = parseScopes(scopeText, resources);
        return scopes.ok ? scopes.resource.definition.appId : "";
    }

    function notInTenantArgs(user, tenant, client) {
        return [user.upn, user.tenantId, tenant.name, client.clientId, client.name];
    }

    // ---- answering the app ------------------------------------------------------------------------

    /** Sends authorize results to the redirect URI in the requested response_mode (Entra's default for code: query). */
    function answerApp(response, params, values, headers = {}) {
        const mode = params.response_mode || "query";
        const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== undefined));
        if (mode === "form_post") {
            sendHtml(response, 200, formPostPage(params.redirect_uri, Object.fromEntries(query)), headers);
            return;
        }
        const target =
            mode === "fragment"
                ? `${params.redirect_uri}#${query}`
                : `${params.redirect_uri}${params.redirect_uri.includes("?") ? "&" : "?"}${query}`;
        redirect(response, target, headers);
    }

    function answerAppWithError(response, params, entry, args, extra = {}, headers = {}) {
        const instance = entraError(entry, args, { now: new Date(now()), correlationId: params["client-request-id"] });
        answerApp(response, params, authorizeErrorParameters(instance, params.state, extra), headers);
        return instance;
    }

    function issueCode(response, params, resolved, client, user, cookie) {
        const code = randomBytes(48).toString("base64url");
        remember(codes, code, {
            clientId: client.clientId,
            redirectUri: params.redirect_uri,
            codeChallenge: params.code_challenge,
            codeChallengeMethod: params.code_challenge_method || "plain",
            scope: params.scope ?? "",
            nonce: params.nonce,
            upn: user.upn,
            tenantId: tokenTenantFor(resolved, user),
            authorityTenant: resolved.multi ? undefined : resolved.tenant.id,
            expiresAt: now() + codeLifetimeSeconds * 1000,
            used: false,
        });
        answerApp(
            response,
            params,
            { code, client_info: clientInfo(user), state: params.state, session_state: stateOf(user).sid },
            cookie ? { "Set-Cookie": cookie } : {},
        );
    }

    function pageHeaders(params) {
        const headers = { "X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'" };
        // Entra ID isolates its pages with COOP unless the app asserts pocd=1 (MSAL v5 redirect bridge).
        const { coop, honourPocd } = pageHeaderSettings;
        if (coop && !(honourPocd && params.pocd === "1")) headers["Cross-Origin-Opener-Policy"] = coop;
        return headers;
    }

    function showSignIn(response, transaction, alert) {
        const { params, resolved, client } = transaction;
        const accounts = directory.users.map((user) => ({
            upn: user.upn,
            name: user.name,
            note:
                resolved.multi || user.tenantId === resolved.tenant.id
                    ? undefined
                    : `${directory.tenantName(user.tenantId)} account`,
        }));
        const html = signInPage({
            actionUrl: `${origin}/${encodeURIComponent(transaction.tenantSegment)}/emulator/sign-in`,
            transactionId: transaction.id,
            clientName: client.name,
            accounts,
            loginHint: params.login_hint,
            alert,
        });
        sendHtml(response, 200, html, pageHeaders(params));
    }

    function showConsent(response, transaction, user) {
        transaction.upn = user.upn;
        const html = consentPage({
            actionUrl: `${origin}/${encodeURIComponent(transaction.tenantSegment)}/emulator/sign-in`,
            transactionId: transaction.id,
            clientName: transaction.client.name,
            userUpn: user.upn,
            permissions: transaction.scopes.resource.permissions.map(
                (permission) => `${transaction.scopes.resource.definition.name}: ${permission}`,
            ),
        });
        sendHtml(response, 200, html, pageHeaders(transaction.params));
    }

    // ---- /authorize ---------------------------------------------------------------------------------

    function handleAuthorize(request, response, tenantSegment, params) {
        const resolved = resolveTenant(tenantSegment);
        const base = {
            type: "authorize",
            tenant: tenantSegment,
            clientId: params.client_id,
            prompt: params.prompt,
            loginHint: params.login_hint,
            responseMode: params.response_mode,
        };
        const showError = (entry, args) => {
            const instance = entraError(entry, args, { now: new Date(now()) });
            record({ ...base, outcome: "error-page", error: instance.error, errorCode: instance.code });
            sendHtml(response, 400, errorPage({ description: instance.description }), pageHeaders(params));
        };
        if (!resolved) return showError(AADSTS.tenantNotFound, [tenantSegment]);
        if (!params.client_id) return showError(AADSTS.missingParameter, ["client_id"]);
        const client = directory.findClient(params.client_id);
        if (!client)
            return showError(AADSTS.applicationNotFound, [params.client_id, resolved.tenant?.id ?? tenantSegment]);
        if (!params.redirect_uri) return showError(AADSTS.missingParameter, ["redirect_uri"]);
        if (!isRegisteredRedirectUri(client, params.redirect_uri))
            return showError(AADSTS.redirectMismatch, [params.redirect_uri, client.clientId]);

        // From here on errors go back to the app.
        const fail = (entry, args, user) => {
            const instance = answerAppWithError(
                response,
                params,
                entry,
                args,
                entry.suberror ? { suberror: entry.suberror } : {},
            );
            record({ ...base, user: user?.upn, outcome: "error", error: instance.error, errorCode: instance.code });
        };
        if (params.response_type !== "code") return fail(AADSTS.unsupportedResponseType, [params.response_type ?? ""]);
        if (!params.code_challenge || !["S256", "plain"].includes(params.code_challenge_method || "plain")) {
            return fail(AADSTS.pkceRequired, []);
        }
        const scopes = parseScopes(params.scope, resources);
        if (!scopes.ok) {
            return scopes.kind === "multipleResources"
                ? fail(AADSTS.multipleResources, [scopes.detail])
                : fail(AADSTS.resourceNotFound, [scopes.detail, resolved.tenant?.name ?? tenantSegment]);
        }
        // Setup mistakes by option (entra-setup-mistakes.mjs): a registration without the API's permission.
        const mistake = authorizeMistake(client, scopes);
        if (mistake) return fail(mistake.entry, mistake.args);

        const session = sessionFromRequest(request);
        const prompt = params.prompt;
        if (prompt === "none") {
            const decision = decideWithoutInteraction(params, resolved, client, session);
            if (decision.failure) return fail(decision.failure, decision.args, decision.user);
            record({ ...base, user: decision.user.upn, outcome: "code" });
            return issueCode(response, params, resolved, client, decision.user, addToSession(session, decision.user));
        }

        const transaction = {
            id: randomBytes(24).toString("base64url"),
            params,
            tenantSegment,
            resolved,
            client,
            scopes,
            createdAt: now(),
        };
        remember(transactions, transaction.id, transaction);
        if (prompt !== "login" && prompt !== "select_account" && prompt !== "consent") {
            // No prompt: single sign-on when the hinted (or only) signed-in user needs nothing more.
            const decision = decideWithoutInteraction(params, resolved, client, session);
            if (!decision.failure) {
                record({ ...base, user: decision.user.upn, outcome: "code" });
                return issueCode(
                    response,
                    params,
                    resolved,
                    client,
                    decision.user,
                    addToSession(session, decision.user),
                );
            }
            if (decision.failure === AADSTS.consentRequired) {
                record({ ...base, user: decision.user.upn, outcome: "consent-page" });
                return showConsent(response, transaction, decision.user);
            }
        }
        record({ ...base, outcome: "sign-in-page" });
        return showSignIn(response, transaction);
    }

    // ---- sign-in page post-back -----------------------------------------------------------------------

    function handleSignIn(request, response, form) {
        const transaction = transactions.get(form.transaction);
        if (!transaction) {
            const instance = entraError(AADSTS.codeExpired, [], { now: new Date(now()) });
            return sendHtml(response, 400, errorPage({ description: instance.description }), pageHeaders({}));
        }
        const { params, resolved, client } = transaction;
        const base = {
            type: "sign-in",
            tenant: transaction.tenantSegment,
            clientId: client.clientId,
            action: form.action ?? "account",
        };
        const action = form.action ?? (form.account ? "account" : "");
        const session = sessionFromRequest(request);

        if (action === "cancel" || action === "declineConsent") {
            transactions.delete(transaction.id);
            const instance = answerAppWithError(response, params, AADSTS.userDeclined, [], { error_subcode: "cancel" });
            return record({
                ...base,
                user: transaction.upn,
                outcome: "error",
                error: instance.error,
                errorCode: instance.code,
            });
        }
        if (action === "pickAgain") {
            record({ ...base, outcome: "sign-in-page" });
            return showSignIn(response, transaction);
        }
        if (action === "acceptConsent") {
            const user = directory.findUser(transaction.upn);
            if (!user) return showSignIn(response, transaction);
            consentGrants.add(`${client.clientId}|${user.oid}`);
            transactions.delete(transaction.id);
            record({ ...base, user: user.upn, outcome: "code" });
            return issueCode(response, params, resolved, client, user, addToSession(session, user));
        }
        const typed = action === "signInOther" ? form.otherAccount : form.account;
        const user = directory.findUser(typed);
        if (!user) {
            const instance = entraError(AADSTS.unknownUser, [typed ?? "", resolved.tenant?.name ?? "organizations"], {
                now: new Date(now()),
            });
            record({ ...base, outcome: "sign-in-page", error: instance.error, errorCode: instance.code });
            return showSignIn(response, transaction, instance.description.split("\r\n")[0]);
        }
        if (!resolved.multi && user.tenantId !== resolved.tenant.id) {
            const instance = entraError(AADSTS.userNotInTenant, notInTenantArgs(user, resolved.tenant, client), {
                now: new Date(now()),
            });
            record({ ...base, user: user.upn, outcome: "error-page", error: instance.error, errorCode: instance.code });
            const html = errorPage({
                description: instance.description,
                retryUrl: `${origin}/${encodeURIComponent(transaction.tenantSegment)}/emulator/sign-in`,
                transactionId: transaction.id,
            });
            return sendHtml(response, 200, html, pageHeaders(params));
        }
        // An interactive sign-in satisfies whatever extra proof was required.
        const state = stateOf(user);
        state.multiFactor = state.needsInteraction || state.multiFactor;
        state.needsInteraction = false;
        state.signedIn = true;
        const cookie = addToSession(session, user);
        if (params.prompt === "consent" || needsConsent(client.clientId, user)) {
            record({ ...base, user: user.upn, outcome: "consent-page" });
            response.setHeader("Set-Cookie", cookie);
            return showConsent(response, transaction, user);
        }
        transactions.delete(transaction.id);
        record({ ...base, user: user.upn, outcome: "code" });
        return issueCode(response, params, resolved, client, user, cookie);
    }

    // ---- /token ------------------------------------------------------------------------------------------

    function tokenHeaders() {
        return {
            "Cache-Control": "no-store, no-cache",
            Pragma: "no-cache",
            "Access-Control-Allow-Origin": "*",
            "x-ms-request-id": randomUUID(),
        };
    }

    function tokenError(response, entry, args, base, overrides = {}) {
        const instance = entraError(entry, args, { now: new Date(now()) });
        record({ ...base, outcome: "error", error: overrides.error ?? instance.error, errorCode: instance.code });
        sendJson(response, 400, tokenErrorBody(instance, overrides), tokenHeaders());
    }

    function mintTokens({ user, tenantId, client, scopeText, nonce, wantsClientInfo, refreshExpiresAt }) {
        const scopes = parseScopes(scopeText, resources);
        if (!scopes.ok) return { error: scopes };
        const issuedAt = nowSeconds();
        const state = stateOf(user);
        const accessToken = signJwt(
            accessTokenClaims({
                user,
                tenantId,
                clientId: client.clientId,
                resource: scopes.resource,
                nowSeconds: issuedAt,
                lifetimeSeconds: accessTokenLifetimeSeconds,
                sessionId: state.sid,
                multiFactor: state.multiFactor,
            }),
            signingKey,
        );
        const body = {
            token_type: "Bearer",
            scope: grantedScopeText(scopes.resource),
            expires_in: accessTokenLifetimeSeconds,
            ext_expires_in: accessTokenLifetimeSeconds,
            access_token: accessToken,
        };
        if (scopes.oidc.includes("offline_access")) {
            const refreshToken = `1.${randomBytes(96).toString("base64url")}`;
            pruneExpired();
            remember(refreshTokens, refreshToken, {
                clientId: client.clientId,
                upn: user.upn,
                tenantId,
                expiresAt: refreshExpiresAt,
            });
            body.refresh_token = refreshToken;
            body.refresh_token_expires_in = Math.max(0, Math.floor((refreshExpiresAt - now()) / 1000));
        }
        if (scopes.oidc.includes("openid")) {
            body.id_token = signJwt(
                idTokenClaims({
                    user,
                    tenantId,
                    clientId: client.clientId,
                    issuer: idTokenIssuer(tenantId),
                    nonce,
                    nowSeconds: issuedAt,
                    lifetimeSeconds: 3600,
                    sessionId: state.sid,
                }),
                signingKey,
            );
        }
        if (wantsClientInfo) body.client_info = clientInfo(user);
        return { body };
    }

    function scopeFailure(response, failure, base, tenantSegment) {
        return failure.kind === "multipleResources"
            ? tokenError(response, AADSTS.multipleResources, [failure.detail], base)
            : tokenError(response, AADSTS.resourceNotFound, [failure.detail, tenantSegment], base);
    }

    function handleToken(request, response, tenantSegment, form) {
        const base = { type: "token", tenant: tenantSegment, clientId: form.client_id, grantType: form.grant_type };
        const resolved = resolveTenant(tenantSegment);
        if (!resolved) return tokenError(response, AADSTS.tenantNotFound, [tenantSegment], base);
        if (!form.grant_type) return tokenError(response, AADSTS.missingParameter, ["grant_type"], base);
        if (!form.client_id) return tokenError(response, AADSTS.missingParameter, ["client_id"], base);
        const client = directory.findClient(form.client_id);
        if (!client)
            return tokenError(
                response,
                AADSTS.applicationNotFound,
                [form.client_id, resolved.tenant?.id ?? tenantSegment],
                base,
            );
        if (form.client_secret || form.client_assertion)
            return tokenError(response, AADSTS.publicClientSecret, [], base);
        if (requireOrigin && !request.headers.origin) return tokenError(response, AADSTS.spaCrossOriginOnly, [], base);
        const redemption = tokenMistake(client, request.headers.origin);
        if (redemption) return tokenError(response, redemption.entry, redemption.args, base);
        const wantsClientInfo = form.client_info === "1";

        if (form.grant_type === "authorization_code") {
            if (!form.code) return tokenError(response, AADSTS.missingParameter, ["code"], base);
            const entry = codes.get(form.code);
            if (!entry || entry.clientId !== client.clientId) return tokenError(response, AADSTS.codeInvalid, [], base);
            const user = directory.findUser(entry.upn);
            const withUser = { ...base, user: entry.upn };
            if (entry.used) return tokenError(response, AADSTS.codeRedeemed, [], withUser);
            if (entry.expiresAt <= now()) return tokenError(response, AADSTS.codeExpired, [], withUser);
            if (entry.redirectUri !== form.redirect_uri) return tokenError(response, AADSTS.codeInvalid, [], withUser);
            if (!resolved.multi && entry.authorityTenant && resolved.tenant.id !== entry.authorityTenant) {
                return tokenError(response, AADSTS.codeInvalid, [], withUser);
            }
            if (!form.code_verifier) return tokenError(response, AADSTS.pkceRequired, [], withUser);
            const expected =
                entry.codeChallengeMethod === "S256"
                    ? createHash("sha256").update(form.code_verifier).digest("base64url")
                    : form.code_verifier;
            const matches =
                expected.length === entry.codeChallenge.length &&
                timingSafeEqual(Buffer.from(expected), Buffer.from(entry.codeChallenge));
            if (!matches) return tokenError(response, AADSTS.verifierMismatch, [], withUser);
            entry.used = true;
            const minted = mintTokens({
                user,
                tenantId: entry.tenantId,
                client,
                scopeText: form.scope || entry.scope,
                nonce: entry.nonce,
                wantsClientInfo,
                refreshExpiresAt: now() + refreshTokenLifetimeSeconds * 1000,
            });
            if (minted.error) return scopeFailure(response, minted.error, withUser, tenantSegment);
            record({ ...withUser, scope: minted.body.scope, outcome: "tokens" });
            return sendJson(response, 200, minted.body, tokenHeaders());
        }

        if (form.grant_type === "refresh_token") {
            if (!form.refresh_token) return tokenError(response, AADSTS.missingParameter, ["refresh_token"], base);
            const entry = refreshTokens.get(form.refresh_token);
            if (!entry || entry.clientId !== client.clientId)
                return tokenError(response, AADSTS.refreshTokenInvalid, [], base);
            const withUser = { ...base, user: entry.upn };
            if (entry.expiresAt <= now()) return tokenError(response, AADSTS.spaRefreshTokenExpired, [], withUser);
            const user = directory.findUser(entry.upn);
            if (stateOf(user).needsInteraction) {
                return tokenError(response, AADSTS.mfaRequired, [resourceAppId(form.scope)], withUser, {
                    error: "invalid_grant",
                    suberror: "basic_action",
                });
            }
            if (needsConsent(client.clientId, user)) {
                return tokenError(response, AADSTS.consentRequired, [client.clientId, client.name], withUser, {
                    error: "invalid_grant",
                    suberror: "consent_required",
                });
            }
            // SPA refresh tokens keep the expiry of the original sign-in: rotation never extends it.
            const minted = mintTokens({
                user,
                tenantId: entry.tenantId,
                client,
                scopeText: form.scope,
                wantsClientInfo,
                refreshExpiresAt: entry.expiresAt,
            });
            if (minted.error) return scopeFailure(response, minted.error, withUser, tenantSegment);
            record({ ...withUser, scope: minted.body.scope, outcome: "tokens" });
            return sendJson(response, 200, minted.body, tokenHeaders());
        }

        return tokenError(response, AADSTS.unsupportedGrantType, [form.grant_type], base);
    }

    // ---- discovery, keys, logout ---------------------------------------------------------------------------

    function discoveryHeaders() {
        return { "Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=86400, private" };
    }

    function tenantError(response, segment) {
        const instance = entraError(AADSTS.tenantNotFound, [segment], { now: new Date(now()) });
        sendJson(response, 400, tokenErrorBody(instance), discoveryHeaders());
    }

    function openIdConfiguration(segment, version) {
        const resolved = resolveTenant(segment);
        if (!resolved) return undefined;
        const pathTenant = resolved.multi ? segment.toLowerCase() : resolved.tenant.id;
        const issuerTenant = resolved.multi ? "{tenantid}" : resolved.tenant.id;
        const base = `${origin}/${pathTenant}`;
        if (version === "1.0") {
            return {
                token_endpoint: `${base}/oauth2/token`,
                token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
                jwks_uri: `${origin}/common/discovery/keys`,
                response_modes_supported: ["query", "fragment", "form_post"],
                subject_types_supported: ["pairwise"],
                id_token_signing_alg_values_supported: ["RS256"],
                response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
                scopes_supported: ["openid"],
                issuer: `https://sts.windows.net/${issuerTenant}/`,
                authorization_endpoint: `${base}/oauth2/authorize`,
                end_session_endpoint: `${base}/oauth2/logout`,
                http_logout_supported: true,
                frontchannel_logout_supported: true,
                tenant_region_scope: "EU",
                cloud_instance_name: "microsoftonline.com",
                cloud_graph_host_name: "graph.windows.net",
                msgraph_host: "graph.microsoft.com",
            };
        }
        return {
            token_endpoint: `${base}/oauth2/v2.0/token`,
            token_endpoint_auth_methods_supported: [
                "client_secret_post",
                "private_key_jwt",
                "client_secret_basic",
                "self_signed_tls_client_auth",
            ],
            jwks_uri: `${base}/discovery/v2.0/keys`,
            response_modes_supported: ["query", "fragment", "form_post"],
            subject_types_supported: ["pairwise"],
            id_token_signing_alg_values_supported: ["RS256"],
            response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
            scopes_supported: ["openid", "profile", "email", "offline_access"],
            issuer: `${origin}/${issuerTenant}/v2.0`,
            request_uri_parameter_supported: false,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            http_logout_supported: true,
            frontchannel_logout_supported: true,
            end_session_endpoint: `${base}/oauth2/v2.0/logout`,
            claims_supported: [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "acr",
                "nonce",
                "preferred_username",
                "name",
                "tid",
                "ver",
                "at_hash",
                "c_hash",
                "email",
            ],
            tenant_region_scope: "EU",
            cloud_instance_name: "microsoftonline.com",
            cloud_graph_host_name: "graph.windows.net",
            msgraph_host: "graph.microsoft.com",
        };
    }

    function instanceDiscovery(url) {
        const host = `127.0.0.1:${port}`;
        let tenant = "common";
        const endpoint = url.searchParams.get("authorization_endpoint");
        if (endpoint) {
            try {
                tenant = new URL(endpoint).pathname.split("/").filter(Boolean)[0] ?? "common";
            } catch {
                // keep "common"
            }
        }
        return {
            tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
            "api-version": "1.1",
            metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        };
    }

    function handleLogout(request, response, params) {
        const session = sessionFromRequest(request);
        const signedOut = new Set(session?.upns ?? []);
        if (params.logout_hint) {
            const hinted = directory.findUser(params.logout_hint);
            if (hinted) signedOut.add(hinted.upn.toLowerCase());
        }
        for (const upn of signedOut) {
            const user = directory.findUser(upn);
            if (user) {
                stateOf(user).signedIn = false;
                stateOf(user).sid = randomUUID();
            }
        }
        if (session) sessions.delete(session.id);
        record({ type: "logout", users: [...signedOut] });
        const clearCookie = `${cookieName}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0`;
        const target = params.post_logout_redirect_uri;
        const registered =
            target &&
            directory.clients.some(
                (client) =>
                    (!params.client_id || client.clientId === params.client_id) &&
                    isRegisteredRedirectUri(client, target),
            );
        if (registered) {
            const query = params.state
                ? `${target.includes("?") ? "&" : "?"}state=${encodeURIComponent(params.state)}`
                : "";
            return redirect(response, `${target}${query}`, { "Set-Cookie": clearCookie });
        }
        return sendHtml(response, 200, signedOutPage(), { "Set-Cookie": clearCookie });
    }

    // ---- routing -----------------------------------------------------------------------------------------------

    async function route(request, response) {
        const url = new URL(request.url ?? "/", origin);
        const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
        const method = request.method ?? "GET";
        const rest = segments.slice(1).join("/");
        const tenantSegment = segments[0] ?? "";

        if (method === "OPTIONS") {
            return sendEmpty(response, 204, {
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": request.headers["access-control-request-headers"] ?? "content-type",
                "Access-Control-Max-Age": "86400",
            });
        }
        if (method === "GET" && tenantSegment === "common" && rest === "discovery/instance") {
            return sendJson(response, 200, instanceDiscovery(url), discoveryHeaders());
        }
        if (
            method === "GET" &&
            (rest === "v2.0/.well-known/openid-configuration" || rest === ".well-known/openid-configuration")
        ) {
            const configuration = openIdConfiguration(tenantSegment, rest.startsWith("v2.0") ? "2.0" : "1.0");
            return configuration
                ? sendJson(response, 200, configuration, discoveryHeaders())
                : tenantError(response, tenantSegment);
        }
        if (method === "GET" && (rest === "discovery/v2.0/keys" || rest === "discovery/keys")) {
            if (!resolveTenant(tenantSegment)) return tenantError(response, tenantSegment);
            return sendJson(response, 200, { keys: [signingKey.jwk] }, discoveryHeaders());
        }
        if (rest === "oauth2/v2.0/authorize" && (method === "GET" || method === "POST")) {
            const params =
                method === "GET"
                    ? Object.fromEntries(url.searchParams)
                    : parseForm(await readBody(request, MAX_FORM_BYTES));
            return handleAuthorize(request, response, tenantSegment, params);
        }
        if (method === "POST" && rest === "emulator/sign-in") {
            return handleSignIn(request, response, parseForm(await readBody(request, MAX_FORM_BYTES)));
        }
        if (method === "POST" && rest === "oauth2/v2.0/token") {
            return handleToken(request, response, tenantSegment, parseForm(await readBody(request, MAX_FORM_BYTES)));
        }
        if (rest === "oauth2/v2.0/logout" && (method === "GET" || method === "POST")) {
            const params =
                method === "GET"
                    ? Object.fromEntries(url.searchParams)
                    : parseForm(await readBody(request, MAX_FORM_BYTES));
            return handleLogout(request, response, params);
        }
        return sendText(response, 404, "Not found");
    }

    server.on("request", (request, response) => {
        route(request, response).catch((error) => {
            if (response.headersSent) return response.destroy();
            if (error instanceof BodyTooLargeError) return sendText(response, 413, "Request body too large");
            return sendText(response, 500, `Emulator error: ${error.message}`);
        });
    });

    // ---- public API ----------------------------------------------------------------------------------------------

    function requireUser(upn) {
        const user = directory.findUser(upn);
        if (!user) throw new Error(`Unknown user: ${upn}`);
        return user;
    }

    return Object.freeze({
        url: origin,
        port,
        /** The emulator's TLS certificate; pass `ca` to Node clients, or ignore HTTPS errors in the browser. */
        certificate: Object.freeze({ cert: certificate.cert, ca: certificate.cert }),
        homeTenantId,
        defaultClientId: DEFAULT_CLIENT_ID,
        tenants: directory.tenants,
        users: directory.users,
        clients: directory.clients,
        get jwks() {
            return { keys: [signingKey.jwk] };
        },
        /** The sign-in authority MSAL is configured with, e.g. https://127.0.0.1:<port>/<tenant>. */
        authority(tenantId = homeTenantId) {
            return `${origin}/${tenantId}`;
        },
        /** `iss` of access tokens (v1 format, as the flow service receives them). */
        issuerFor(tenantId = homeTenantId) {
            return accessTokenIssuer(tenantId);
        },
        /** `iss` of ID tokens and of the v2.0 discovery document. */
        idTokenIssuerFor(tenantId = homeTenantId) {
            return idTokenIssuer(tenantId);
        },
        jwksUri(tenantId = homeTenantId) {
            return `${origin}/${tenantId}/discovery/v2.0/keys`;
        },
        /** Makes a user need an interactive sign-in (like an MFA requirement) until they sign in on the page. */
        requireInteraction(upn, required = true) {
            stateOf(requireUser(upn)).needsInteraction = Boolean(required);
        },
        /** Makes an app need the user's consent (AADSTS65001) until each user accepts on the consent page. */
        requireConsent(clientId, required = true) {
            if (required) {
                consentRequiredClients.add(clientId);
                for (const grant of [...consentGrants])
                    if (grant.startsWith(`${clientId}|`)) consentGrants.delete(grant);
            } else {
                consentRequiredClients.delete(clientId);
            }
        },
        /**
         * Changes the Cross-Origin-Opener-Policy of the sign-in pages at runtime.
         * @param {{ crossOriginOpenerPolicy?: string | null, honourPocd?: boolean }} settings
         */
        setPageHeaders(settings) {
            if ("crossOriginOpenerPolicy" in settings) pageHeaderSettings.coop = settings.crossOriginOpenerPolicy;
            if ("honourPocd" in settings) pageHeaderSettings.honourPocd = settings.honourPocd;
        },
        /** Gives the user a browser session again, as if they had signed in elsewhere. */
        signIn(upn) {
            stateOf(requireUser(upn)).signedIn = true;
        },
        /** Ends every browser session; refresh tokens stay valid, as with Entra ID. */
        signOutAll() {
            for (const state of userStates.values()) {
                state.signedIn = false;
                state.sid = randomUUID();
            }
            sessions.clear();
        },
        /** Revokes every refresh token (like "revoke sessions" in the admin center). */
        revokeRefreshTokens() {
            refreshTokens.clear();
        },
        /** Authorize, sign-in, token and logout calls: user, prompt, grant type, outcome. Never codes or tokens. */
        events,
        /**
         * Signs an access token directly, for negative tests (wrong audience, expired, other tenant).
         * @param {{ upn?: string, cloud?: string, audience?: string, tenantId?: string, clientId?: string,
         *           issuedAtSeconds?: number, lifetimeSeconds?: number, claims?: object }} [spec]
         */
        mintAccessToken(spec = {}) {
            const user = requireUser(spec.upn ?? directory.users[0].upn);
            const tenantId = spec.tenantId ?? user.tenantId;
            const audience = spec.audience ?? flowAudience(spec.cloud ?? "Public");
            const definition = resources.find((resource) => resource.identifiers.includes(audience)) ?? {
                appId: isGuid(audience) ? audience : randomUUID(),
            };
            const claims = accessTokenClaims({
                user,
                tenantId,
                clientId: spec.clientId ?? DEFAULT_CLIENT_ID,
                resource: { identifier: audience, definition, permissions: ["User"] },
                nowSeconds: spec.issuedAtSeconds ?? nowSeconds(),
                lifetimeSeconds: spec.lifetimeSeconds ?? accessTokenLifetimeSeconds,
                sessionId: stateOf(user).sid,
            });
            return signJwt({ ...claims, ...(spec.claims ?? {}) }, signingKey);
        },
        /** Clears sessions, codes, refresh tokens, consent and events; every user signed in again. */
        reset() {
            resetUserStates();
            consentRequiredClients.clear();
            consentGrants.clear();
            sessions.clear();
            transactions.clear();
            codes.clear();
            refreshTokens.clear();
            events.length = 0;
            pageHeaderSettings.coop =
                options.crossOriginOpenerPolicy === undefined ? "same-origin" : options.crossOriginOpenerPolicy;
            pageHeaderSettings.honourPocd = options.honourPocd ?? true;
        },
        close() {
            return closeServer(server, connections);
        },
    });
}
