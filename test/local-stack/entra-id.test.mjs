// Entra ID emulator, driven over real HTTPS: discovery, keys, auth code + PKCE, prompt=none,
// tenants, token claims, refresh, consent, errors. Run: node --test test/local-stack/entra-id.test.mjs
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { OTHER_TENANT_ID } from "../../tools/local-stack/emulators/entra-directory.mjs";
import { startEntraEmulator } from "../../tools/local-stack/emulators/entra-id.mjs";
import { FLOW_AUDIENCES } from "../../tools/local-stack/emulators/flow-clouds.mjs";
import { base64UrlDecode, decodeJwt, verifyJwtSignature } from "../../tools/local-stack/emulators/jwt.mjs";
import { requestLoopback } from "../../tools/local-stack/emulators/loopback-client.mjs";
import {
    APP_ORIGIN,
    authorize,
    pkcePair,
    REDIRECT_URI,
    signInSilently,
    submitSignIn,
    tokenRequest,
} from "./support/oauth-test-client.mjs";

let entra;
const get = (path) => requestLoopback(`${entra.url}${path}`, { ca: entra.certificate.ca });

before(async () => {
    entra = await startEntraEmulator();
});
after(async () => {
    await entra.close();
});
beforeEach(() => entra.reset());

describe("discovery and keys", () => {
    it("serves the v2.0 OpenID configuration of a tenant, by GUID or by domain", async () => {
        for (const segment of [entra.homeTenantId, "contoso.test"]) {
            const answer = await get(`/${segment}/v2.0/.well-known/openid-configuration`);
            assert.equal(answer.status, 200);
            const configuration = answer.json();
            assert.equal(configuration.issuer, `${entra.url}/${entra.homeTenantId}/v2.0`);
            assert.equal(
                configuration.authorization_endpoint,
                `${entra.url}/${entra.homeTenantId}/oauth2/v2.0/authorize`,
            );
            assert.equal(configuration.token_endpoint, `${entra.url}/${entra.homeTenantId}/oauth2/v2.0/token`);
            assert.equal(configuration.jwks_uri, `${entra.url}/${entra.homeTenantId}/discovery/v2.0/keys`);
            assert.equal(configuration.end_session_endpoint, `${entra.url}/${entra.homeTenantId}/oauth2/v2.0/logout`);
            assert.deepEqual(configuration.response_modes_supported, ["query", "fragment", "form_post"]);
            assert.equal(answer.headers["access-control-allow-origin"], "*");
        }
    });

    it("serves the v1 configuration with the sts.windows.net issuer, and {tenantid} for common", async () => {
        const v1 = (await get(`/${entra.homeTenantId}/.well-known/openid-configuration`)).json();
        assert.equal(v1.issuer, `https://sts.windows.net/${entra.homeTenantId}/`);
        const common = (await get("/common/v2.0/.well-known/openid-configuration")).json();
        assert.equal(common.issuer, `${entra.url}/{tenantid}/v2.0`);
        assert.equal(common.authorization_endpoint, `${entra.url}/common/oauth2/v2.0/authorize`);
    });

    it("answers an unknown tenant with AADSTS90002", async () => {
        const answer = await get("/nowhere.test/v2.0/.well-known/openid-configuration");
        assert.equal(answer.status, 400);
        assert.equal(answer.json().error, "invalid_tenant");
        assert.match(answer.json().error_description, /^AADSTS90002: Tenant 'nowhere.test' not found/);
    });

    it("publishes an RS256 key whose kid is its x5t, with a certificate chain", async () => {
        const jwks = (await get(`/${entra.homeTenantId}/discovery/v2.0/keys`)).json();
        assert.equal(jwks.keys.length, 1);
        const [key] = jwks.keys;
        assert.equal(key.kty, "RSA");
        assert.equal(key.use, "sig");
        assert.equal(key.kid, key.x5t);
        assert.ok(key.x5c[0].length > 500);
        assert.deepEqual(jwks, entra.jwks);
    });

    it("answers instance discovery for its own host", async () => {
        const endpoint = encodeURIComponent(`${entra.authority()}/oauth2/v2.0/authorize`);
        const answer = (
            await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${endpoint}`)
        ).json();
        const host = new URL(entra.url).host;
        assert.equal(answer.tenant_discovery_endpoint, `${entra.authority()}/v2.0/.well-known/openid-configuration`);
        assert.deepEqual(answer.metadata, [{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
    });

    it("answers CORS preflights for the token endpoint", async () => {
        const answer = await requestLoopback(`${entra.authority()}/oauth2/v2.0/token`, {
            method: "OPTIONS",
            ca: entra.certificate.ca,
            headers: {
                Origin: APP_ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        });
        assert.equal(answer.status, 204);
        assert.equal(answer.headers["access-control-allow-origin"], "*");
        assert.match(answer.headers["access-control-allow-methods"], /POST/);
    });
});

describe("interactive auth code + PKCE", () => {
    it("shows an accessible account picker, then redirects with a code the app redeems for tokens", async () => {
        const pkce = pkcePair();
        const page = await authorize(entra, { prompt: "select_account", code_challenge: pkce.challenge });
        assert.equal(page.status, 200);
        assert.match(page.headers["content-type"], /text\/html/);
        assert.equal(page.headers["cross-origin-opener-policy"], "same-origin");
        assert.equal(page.headers["x-frame-options"], "DENY");
        assert.match(page.text, /<html lang="en">/);
        assert.match(
            page.text,
            /<button type="submit" name="account" value="adele@contoso.test">\s*<span class="account-name">Sign in as Adele Vance<\/span>/,
        );
        assert.match(page.text, /<label for="other-account">Use another account<\/label>/);
        assert.match(page.text, /value="cancel">Cancel<\/button>/);

        const signedIn = await submitSignIn(entra, page.text, { account: "adele@contoso.test" });
        assert.equal(signedIn.status, 302);
        assert.ok(signedIn.location.startsWith(`${REDIRECT_URI}#`), "fragment response mode");
        assert.equal(signedIn.redirectParams.state, page.request.state);
        assert.ok(signedIn.redirectParams.code);
        assert.deepEqual(JSON.parse(base64UrlDecode(signedIn.redirectParams.client_info).toString()), {
            uid: entra.users[0].oid,
            utid: entra.homeTenantId,
        });
        assert.match(signedIn.cookie, /^entra_emulator_session_\d+=/);

        const tokens = await tokenRequest(entra, {
            grant_type: "authorization_code",
            code: signedIn.redirectParams.code,
            redirect_uri: REDIRECT_URI,
            code_verifier: pkce.verifier,
            scope: page.request.scope,
        });
        assert.equal(tokens.status, 200);
        assert.equal(tokens.headers["cache-control"], "no-store, no-cache");
        assert.equal(tokens.headers["access-control-allow-origin"], "*");
        assert.equal(tokens.body.token_type, "Bearer");
        assert.equal(tokens.body.expires_in, 3600);
        assert.equal(tokens.body.ext_expires_in, 3600);
        assert.equal(
            tokens.body.scope,
            "https://service.flow.microsoft.com//User https://service.flow.microsoft.com//.default",
        );
        assert.ok(tokens.body.refresh_token);
        assert.ok(tokens.body.client_info);

        const access = verifyJwtSignature(tokens.body.access_token, entra.jwks);
        assert.ok(access.ok);
        assert.equal(access.header.alg, "RS256");
        const claims = access.payload;
        assert.equal(claims.aud, "https://service.flow.microsoft.com/");
        assert.equal(claims.iss, `https://sts.windows.net/${entra.homeTenantId}/`);
        assert.equal(claims.iss, entra.issuerFor(entra.homeTenantId));
        assert.equal(claims.tid, entra.homeTenantId);
        assert.equal(claims.oid, entra.users[0].oid);
        assert.equal(claims.upn, "adele@contoso.test");
        assert.equal(claims.name, "Adele Vance");
        assert.equal(claims.scp, "User");
        assert.equal(claims.appid, entra.defaultClientId);
        assert.equal(claims.ver, "1.0");
        assert.equal(claims.exp - claims.iat, 3600);
        assert.equal(claims.nbf, claims.iat);

        const id = verifyJwtSignature(tokens.body.id_token, entra.jwks);
        assert.ok(id.ok);
        assert.equal(id.payload.aud, entra.defaultClientId);
        assert.equal(id.payload.iss, `${entra.url}/${entra.homeTenantId}/v2.0`);
        assert.equal(id.payload.nonce, page.request.nonce);
        assert.equal(id.payload.preferred_username, "adele@contoso.test");
        assert.equal(id.payload.oid, entra.users[0].oid);
        assert.equal(id.payload.tid, entra.homeTenantId);
        assert.equal(id.payload.ver, "2.0");
        assert.ok(id.payload.sub && id.payload.sub !== claims.sub, "pairwise sub differs per application");
    });

    it("refuses a reused code, a wrong verifier and a request without Origin", async () => {
        const run = async () => {
            const pkce = pkcePair();
            const answer = await authorize(entra, {
                prompt: "none",
                login_hint: "adele@contoso.test",
                code_challenge: pkce.challenge,
            });
            return { pkce, code: answer.redirectParams.code };
        };
        const first = await run();
        const redeem = (code, verifier, context) =>
            tokenRequest(
                entra,
                {
                    grant_type: "authorization_code",
                    code,
                    redirect_uri: REDIRECT_URI,
                    code_verifier: verifier,
                    scope: "openid offline_access https://service.flow.microsoft.com//.default",
                },
                context,
            );
        assert.equal((await redeem(first.code, first.pkce.verifier)).status, 200);
        const reused = await redeem(first.code, first.pkce.verifier);
        assert.equal(reused.status, 400);
        assert.equal(reused.body.error, "invalid_grant");
        assert.deepEqual(reused.body.error_codes, [54005]);
        assert.ok(reused.body.trace_id && reused.body.correlation_id && reused.body.timestamp);

        const second = await run();
        const wrong = await redeem(second.code, pkcePair().verifier);
        assert.equal(wrong.status, 400);
        assert.deepEqual(wrong.body.error_codes, [501481]);

        const third = await run();
        const noOrigin = await redeem(third.code, third.pkce.verifier, { origin: null });
        assert.equal(noOrigin.status, 400);
        assert.deepEqual(noOrigin.body.error_codes, [9002327]);
    });

    it("answers Cancel with access_denied", async () => {
        const page = await authorize(entra, { prompt: "select_account", code_challenge: pkcePair().challenge });
        const cancelled = await submitSignIn(entra, page.text, { action: "cancel" });
        assert.equal(cancelled.status, 302);
        assert.equal(cancelled.redirectParams.error, "access_denied");
        assert.equal(cancelled.redirectParams.error_subcode, "cancel");
        assert.equal(cancelled.redirectParams.state, page.request.state);
        assert.equal(cancelled.redirectParams.code, undefined);
    });

    it("supports query and form_post response modes", async () => {
        const query = await authorize(entra, {
            prompt: "none",
            login_hint: "lee@contoso.test",
            response_mode: "query",
            code_challenge: pkcePair().challenge,
        });
        assert.ok(query.location.startsWith(`${REDIRECT_URI}?code=`));
        const formPost = await authorize(entra, {
            prompt: "none",
            login_hint: "lee@contoso.test",
            response_mode: "form_post",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(formPost.status, 200);
        assert.match(formPost.text, new RegExp(`<form method="post" action="${REDIRECT_URI.replace(/[.]/g, "\\.")}">`));
        assert.match(formPost.text, /name="code" value="[^"]+"/);
    });

    it("refuses an unregistered redirect URI or client on its own error page, without redirecting", async () => {
        const badRedirect = await authorize(entra, {
            redirect_uri: "https://evil.example/cb",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(badRedirect.status, 400);
        assert.equal(badRedirect.location, undefined);
        assert.match(badRedirect.text, /AADSTS50011: The redirect URI &#39;https:\/\/evil.example\/cb&#39;/);
        const badClient = await authorize(entra, {
            client_id: "00000000-0000-0000-0000-000000000001",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(badClient.status, 400);
        assert.match(badClient.text, /AADSTS700016/);
    });

    it("requires PKCE", async () => {
        const answer = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: "",
            code_challenge_method: "",
        });
        assert.equal(answer.redirectParams.error, "invalid_request");
        assert.match(answer.redirectParams.error_description, /^AADSTS9002325:/);
    });
});

describe("prompt=none", () => {
    it("issues a code for a signed-in user named by login_hint, then by the session cookie alone", async () => {
        const hinted = await authorize(entra, {
            prompt: "none",
            login_hint: "megan@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(hinted.status, 302);
        assert.ok(hinted.redirectParams.code);
        const byCookie = await authorize(
            entra,
            { prompt: "none", code_challenge: pkcePair().challenge },
            { cookie: hinted.cookie },
        );
        assert.ok(byCookie.redirectParams.code);
        assert.equal(JSON.parse(base64UrlDecode(byCookie.redirectParams.client_info)).uid, entra.users[1].oid);
    });

    it("answers login_required (AADSTS50058) without a session, for an unknown hint and after sign-out", async () => {
        const noSession = await authorize(entra, { prompt: "none", code_challenge: pkcePair().challenge });
        assert.equal(noSession.redirectParams.error, "login_required");
        assert.match(
            noSession.redirectParams.error_description,
            /^AADSTS50058: A silent sign-in request was sent but no user is signed in\.\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
        );
        assert.equal(noSession.redirectParams.state, noSession.request.state);

        const unknown = await authorize(entra, {
            prompt: "none",
            login_hint: "nobody@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(unknown.redirectParams.error, "login_required");
        assert.match(unknown.redirectParams.error_description, /^AADSTS50058: .*match the requested login hint/);

        entra.signOutAll();
        const signedOut = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(signedOut.redirectParams.error, "login_required");
        entra.signIn("adele@contoso.test");
        const back = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.ok(back.redirectParams.code);
    });

    it("answers interaction_required (AADSTS50076) while a user needs interactive sign-in, until they sign in on the page", async () => {
        entra.requireInteraction("lee@contoso.test", true);
        const silent = await authorize(entra, {
            prompt: "none",
            login_hint: "lee@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(silent.redirectParams.error, "interaction_required");
        assert.match(silent.redirectParams.error_description, /^AADSTS50076:/);

        // Without prompt the same request shows the sign-in page instead of single sign-on.
        const page = await authorize(entra, { login_hint: "lee@contoso.test", code_challenge: pkcePair().challenge });
        assert.equal(page.status, 200);
        const signedIn = await submitSignIn(entra, page.text, { account: "lee@contoso.test" });
        assert.ok(signedIn.redirectParams.code);

        const again = await authorize(entra, {
            prompt: "none",
            login_hint: "lee@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.ok(again.redirectParams.code);
    });

    it("asks which account when the session holds several and there is no hint (AADSTS16000); prompt=login always shows the page", async () => {
        const adele = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        const both = await authorize(
            entra,
            { prompt: "none", login_hint: "megan@contoso.test", code_challenge: pkcePair().challenge },
            { cookie: adele.cookie },
        );
        assert.ok(both.redirectParams.code);
        const ambiguous = await authorize(
            entra,
            { prompt: "none", code_challenge: pkcePair().challenge },
            { cookie: both.cookie },
        );
        assert.equal(ambiguous.redirectParams.error, "interaction_required");
        assert.match(ambiguous.redirectParams.error_description, /^AADSTS16000:/);

        const login = await authorize(
            entra,
            { prompt: "login", login_hint: "adele@contoso.test", code_challenge: pkcePair().challenge },
            { cookie: both.cookie },
        );
        assert.equal(login.status, 200);
        assert.match(login.text, /Pick an account/);
        assert.match(
            login.text,
            /id="other-account" name="otherAccount" type="email" autocomplete="username" value="adele@contoso.test"/,
        );
    });

    it("single sign-on without prompt skips the page for a signed-in user", async () => {
        const answer = await authorize(entra, {
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(answer.status, 302);
        assert.ok(answer.redirectParams.code);
    });

    it("asks for consent when the app requires it (AADSTS65001), and issues a code once accepted", async () => {
        entra.requireConsent(entra.defaultClientId, true);
        const silent = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(silent.redirectParams.error, "consent_required");
        assert.match(silent.redirectParams.error_description, /^AADSTS65001:/);

        const page = await authorize(entra, { prompt: "select_account", code_challenge: pkcePair().challenge });
        const consent = await submitSignIn(entra, page.text, { account: "adele@contoso.test" });
        assert.equal(consent.status, 200);
        assert.match(consent.text, /Permissions requested/);
        assert.match(consent.text, /Microsoft Flow Service: User/);
        const accepted = await submitSignIn(entra, consent.text, { action: "acceptConsent" });
        assert.ok(accepted.redirectParams.code);
        const silentAgain = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.ok(silentAgain.redirectParams.code);
    });
});

describe("tenants", () => {
    it("refuses a user of another tenant on the home-tenant authority (AADSTS50020)", async () => {
        const silent = await authorize(entra, {
            prompt: "none",
            login_hint: "guest@fabrikam.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(silent.redirectParams.error, "interaction_required");
        assert.match(
            silent.redirectParams.error_description,
            /^AADSTS50020: User account 'guest@fabrikam.test' from identity provider/,
        );
        assert.equal(silent.redirectParams.code, undefined);

        const page = await authorize(entra, { prompt: "select_account", code_challenge: pkcePair().challenge });
        const refused = await submitSignIn(entra, page.text, { account: "guest@fabrikam.test" });
        assert.equal(refused.status, 200);
        assert.equal(refused.location, undefined);
        assert.match(refused.text, /AADSTS50020/);
        assert.match(refused.text, /Sign in with a different account/);
    });

    it("issues the other tenant's token through the common authority", async () => {
        const { accessClaims } = await signInSilently(entra, "guest@fabrikam.test", { tenant: "common" });
        assert.equal(accessClaims.tid, OTHER_TENANT_ID);
        assert.equal(accessClaims.iss, `https://sts.windows.net/${OTHER_TENANT_ID}/`);
        assert.equal(accessClaims.aud, "https://service.flow.microsoft.com/");
    });
});

describe("access token audiences", () => {
    it("keeps the trailing slash for the double-slash scope and drops it for the single-slash scope", async () => {
        const double = await signInSilently(entra, "adele@contoso.test", {
            scope: "https://service.flow.microsoft.com//.default openid offline_access",
        });
        assert.equal(double.accessClaims.aud, "https://service.flow.microsoft.com/");
        const single = await signInSilently(entra, "adele@contoso.test", {
            scope: "https://service.flow.microsoft.com/.default openid offline_access",
        });
        assert.equal(single.accessClaims.aud, "https://service.flow.microsoft.com");
        assert.equal(
            single.tokens.scope,
            "https://service.flow.microsoft.com/User https://service.flow.microsoft.com/.default",
        );
    });

    it("issues the sovereign flow audiences", async () => {
        for (const audience of Object.values(FLOW_AUDIENCES)) {
            const { accessClaims } = await signInSilently(entra, "megan@contoso.test", {
                scope: `${audience}/.default openid offline_access`,
            });
            assert.equal(accessClaims.aud, audience);
        }
    });

    it("rejects two resources in one request (AADSTS28000) and unknown resources (AADSTS500011)", async () => {
        const two = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
            scope: "https://service.flow.microsoft.com//.default https://graph.microsoft.com/User.Read",
        });
        assert.equal(two.redirectParams.error, "invalid_scope");
        assert.match(two.redirectParams.error_description, /^AADSTS28000:/);
        const unknown = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
            scope: "api://unknown/.default",
        });
        assert.equal(unknown.redirectParams.error, "invalid_resource");
        assert.match(unknown.redirectParams.error_description, /^AADSTS500011:/);
    });
});

describe("refresh tokens", () => {
    it("redeems a refresh token for new tokens, rotating it without extending the SPA lifetime", async () => {
        const first = await signInSilently(entra, "adele@contoso.test");
        const refreshed = await tokenRequest(entra, {
            grant_type: "refresh_token",
            refresh_token: first.tokens.refresh_token,
            scope: "https://service.flow.microsoft.com//.default openid profile offline_access",
        });
        assert.equal(refreshed.status, 200);
        assert.ok(refreshed.body.refresh_token !== first.tokens.refresh_token, "the refresh token rotates");
        assert.ok(refreshed.body.refresh_token_expires_in <= first.tokens.refresh_token_expires_in);
        assert.ok(first.tokens.refresh_token_expires_in <= 86_400);
        const claims = decodeJwt(refreshed.body.access_token).payload;
        assert.equal(claims.aud, "https://service.flow.microsoft.com/");
        assert.equal(claims.oid, entra.users[0].oid);
        assert.ok(refreshed.body.id_token);
    });

    it("answers invalid_grant for an unknown refresh token and while interaction is required", async () => {
        const unknown = await tokenRequest(entra, {
            grant_type: "refresh_token",
            refresh_token: "1.nonsense",
            scope: "openid",
        });
        assert.equal(unknown.status, 400);
        assert.equal(unknown.body.error, "invalid_grant");
        assert.deepEqual(unknown.body.error_codes, [9002313]);

        const first = await signInSilently(entra, "megan@contoso.test");
        entra.requireInteraction("megan@contoso.test", true);
        const blocked = await tokenRequest(entra, {
            grant_type: "refresh_token",
            refresh_token: first.tokens.refresh_token,
            scope: "https://service.flow.microsoft.com//.default openid offline_access",
        });
        assert.equal(blocked.status, 400);
        assert.equal(blocked.body.error, "invalid_grant");
        assert.equal(blocked.body.suberror, "basic_action");
        assert.deepEqual(blocked.body.error_codes, [50076]);
    });

    it("expires SPA refresh tokens after their fixed lifetime (AADSTS700084)", async () => {
        let clock = Date.now();
        const shortLived = await startEntraEmulator({ now: () => clock, refreshTokenLifetimeSeconds: 60 });
        try {
            const first = await signInSilently(shortLived, "adele@contoso.test");
            clock += 61_000;
            const expired = await tokenRequest(shortLived, {
                grant_type: "refresh_token",
                refresh_token: first.tokens.refresh_token,
                scope: "openid offline_access",
            });
            assert.equal(expired.status, 400);
            assert.deepEqual(expired.body.error_codes, [700084]);
        } finally {
            await shortLived.close();
        }
    });

    it("rejects unsupported grant types and client secrets from a browser", async () => {
        const password = await tokenRequest(entra, {
            grant_type: "password",
            username: "adele@contoso.test",
            password: "x",
        });
        assert.equal(password.body.error, "unsupported_grant_type");
        const secret = await tokenRequest(entra, { grant_type: "client_credentials", client_secret: "s3cret" });
        assert.equal(secret.body.error, "invalid_client");
        assert.deepEqual(secret.body.error_codes, [700025]);
    });
});

describe("logout and the event log", () => {
    it("ends the browser session and returns to a registered post-logout URI", async () => {
        const signedIn = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        const logout = await requestLoopback(
            `${entra.authority()}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(`${APP_ORIGIN}/`)}&client_id=${entra.defaultClientId}`,
            { ca: entra.certificate.ca, headers: { Cookie: signedIn.cookie } },
        );
        assert.equal(logout.status, 302);
        assert.equal(logout.headers.location, `${APP_ORIGIN}/`);
        const silent = await authorize(entra, {
            prompt: "none",
            login_hint: "adele@contoso.test",
            code_challenge: pkcePair().challenge,
        });
        assert.equal(silent.redirectParams.error, "login_required");
    });

    it("logs authorize and token calls with user, prompt and grant type, never codes or tokens", async () => {
        const { tokens } = await signInSilently(entra, "adele@contoso.test");
        await authorize(entra, { prompt: "none", code_challenge: pkcePair().challenge });
        const authorizeEvents = entra.events.filter((event) => event.type === "authorize");
        assert.deepEqual(
            authorizeEvents.map((event) => [event.prompt, event.user, event.outcome, event.error]),
            [
                ["none", "adele@contoso.test", "code", undefined],
                ["none", undefined, "error", "login_required"],
            ],
        );
        const tokenEvent = entra.events.find((event) => event.type === "token");
        assert.equal(tokenEvent.grantType, "authorization_code");
        assert.equal(tokenEvent.user, "adele@contoso.test");
        const logged = JSON.stringify(entra.events);
        for (const secret of [tokens.access_token, tokens.refresh_token, tokens.id_token])
            assert.ok(!logged.includes(secret));
        assert.ok(!/"code"\s*:/.test(logged));
    });
});
