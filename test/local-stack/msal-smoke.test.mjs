// The real @azure/msal-browser 5.30 in Chromium against the emulators: ssoSilent, InteractionRequired,
// acquireTokenPopup through the emulator's sign-in page, refresh over CORS, and the token calling the
// Power Automate emulator from the page. Every request not to 127.0.0.1 goes to a proxy that refuses
// it (not page.route: Playwright's interception answers CORS preflights itself).
// Run: node --test test/local-stack/msal-smoke.test.mjs
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { chromiumExecutable } from "../../tools/local-stack/chromium.mjs";
import { startBlockingProxy } from "../../tools/local-stack/emulators/blocking-proxy.mjs";
import { sharedLocalCertificate } from "../../tools/local-stack/emulators/certificate.mjs";
import { startEntraEmulator } from "../../tools/local-stack/emulators/entra-id.mjs";
import { flowScope } from "../../tools/local-stack/emulators/flow-clouds.mjs";
import { decodeJwt } from "../../tools/local-stack/emulators/jwt.mjs";
import { startMsalTestPage } from "./support/msal-test-page.mjs";
import { startPowerAutomateEmulator } from "../../tools/local-stack/emulators/power-automate.mjs";

const FLOW_SCOPE = flowScope("Public");
const CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

let entra;
let flows;
let host;
let browser;
let context;
let page;
let proxy;
/** Every request a page, popup or frame made (observed, not intercepted). */
const pageRequests = [];
/** Hosts Chromium itself calls in the background (updates, sign-in, autofill), not the page. */
const CHROMIUM_BACKGROUND_HOSTS = /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)(:\d+)?$/;

/** The MSAL configuration that works against the emulator (documented in README.md). */
function msalConfig() {
    return {
        auth: {
            clientId: entra.defaultClientId,
            authority: entra.authority(),
            // Not a Microsoft host: MSAL trusts it only when listed, and then skips instance discovery.
            knownAuthorities: [new URL(entra.url).host],
            redirectUri: host.redirectUri,
        },
        cache: { cacheLocation: "sessionStorage" },
        system: { iframeBridgeTimeout: 5000, popupBridgeTimeout: 20000 },
    };
}

/** Runs an MSAL call in the page and returns plain data (token text only for decoding here). */
function inPage(call, request) {
    return page.evaluate(
        async ({ call, request }) => {
            try {
                const pca = window.smoke.pca;
                let result;
                if (call === "ssoSilent") result = await pca.ssoSilent(request);
                if (call === "acquireTokenSilent") {
                    const account = pca.getAccount({ username: request.username });
                    result = await pca.acquireTokenSilent({
                        scopes: request.scopes,
                        account,
                        forceRefresh: request.forceRefresh,
                    });
                }
                return {
                    ok: true,
                    accessToken: result.accessToken,
                    username: result.account.username,
                    tenantId: result.account.tenantId,
                    fromCache: result.fromCache,
                    scopes: result.scopes,
                };
            } catch (error) {
                return { ok: false, error: window.smoke.describeError(error) };
            }
        },
        { call, request },
    );
}

function callFlowFromPage(url, accessToken, trackingId) {
    return page.evaluate(
        async ({ url, accessToken, trackingId }) => {
            const response = await fetch(url, {
                method: "POST",
                headers: {
                    Authorization: `Bearer ${accessToken}`,
                    "Content-Type": "application/json",
                    "x-ms-client-tracking-id": trackingId,
                },
                body: JSON.stringify({ record: { name: "Contoso Ltd" }, correlationId: trackingId }),
                credentials: "omit",
                redirect: "error",
                cache: "no-store",
            });
            return {
                status: response.status,
                body: await response.json(),
                runId: response.headers.get("x-ms-workflow-run-id"),
            };
        },
        { url, accessToken, trackingId },
    );
}

before(async () => {
    const executablePath = chromiumExecutable(); // without Chromium: one line saying how to get it
    const certificate = await sharedLocalCertificate();
    entra = await startEntraEmulator({ certificate });
    flows = await startPowerAutomateEmulator({
        entra,
        flows: {
            approve: {
                mode: "Tenant",
                behavior: {
                    kind: "respond",
                    status: 200,
                    body: (run) => ({ message: `Approval requested for ${run.payload.record.name}` }),
                },
            },
        },
    });
    host = await startMsalTestPage({ certificate });
    proxy = await startBlockingProxy();
    browser = await chromium.launch({
        executablePath,
        // Chromium never proxies loopback, so only the emulators are reachable.
        args: [
            ...CHROMIUM_FLAGS,
            `--proxy-server=${proxy.url}`,
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ],
        // Keep Chromium's popup blocker on: the popup must come from the user's click.
        ignoreDefaultArgs: ["--disable-popup-blocking"],
        timeout: 30_000,
    });
    context = await browser.newContext({ ignoreHTTPSErrors: true });
    context.on("request", (request) => pageRequests.push(new URL(request.url()).origin));
    page = await context.newPage();
    await page.goto(host.appUrl);
    await page.evaluate((config) => window.smoke.create(config), msalConfig());
});

after(async () => {
    await context?.close();
    await browser?.close();
    await host?.close();
    await proxy?.close();
    await flows?.close();
    await entra?.close();
});

describe("msal-browser 5.30 in Chromium against the emulators", () => {
    it("ssoSilent with a loginHint signs a signed-in user in through the hidden iframe and the redirect bridge", async (t) => {
        const started = Date.now();
        const outcome = await inPage("ssoSilent", { scopes: [FLOW_SCOPE], loginHint: "adele@contoso.test" });
        assert.ok(outcome.ok, JSON.stringify(outcome.error));
        assert.equal(outcome.username, "adele@contoso.test");
        assert.equal(outcome.tenantId, entra.homeTenantId);
        const claims = decodeJwt(outcome.accessToken).payload;
        assert.equal(claims.aud, "https://service.flow.microsoft.com/");
        assert.equal(claims.upn, "adele@contoso.test");
        assert.ok(outcome.scopes.includes(FLOW_SCOPE), `cached under the requested scope: ${outcome.scopes}`);
        const calls = entra.events
            .filter((event) => event.type !== "sign-in")
            .map((event) => `${event.type}:${event.prompt ?? event.grantType}:${event.outcome}`);
        assert.deepEqual(calls, ["authorize:none:code", "token:authorization_code:tokens"]);
        assert.ok(host.requests.includes("/redirect.html"), "the bridge page received the response");
        t.diagnostic(`ssoSilent took ${Date.now() - started} ms`);
    });

    it("ssoSilent fails with InteractionRequiredAuthError for a user who must sign in interactively", async () => {
        entra.requireInteraction("lee@contoso.test", true);
        const outcome = await inPage("ssoSilent", { scopes: [FLOW_SCOPE], loginHint: "lee@contoso.test" });
        assert.equal(outcome.ok, false);
        assert.equal(outcome.error.name, "InteractionRequiredAuthError");
        assert.equal(outcome.error.errorCode, "interaction_required");
        assert.match(outcome.error.message, /AADSTS50076/);
    });

    it("acquireTokenPopup from the click opens the emulator's sign-in page and returns the flow token", async (t) => {
        await page.evaluate((scope) => {
            window.smoke.popupRequest = { scopes: [scope], loginHint: "lee@contoso.test" };
        }, FLOW_SCOPE);
        const started = Date.now();
        const [popup] = await Promise.all([context.waitForEvent("page", { timeout: 10_000 }), page.click("#sign-in")]);
        const signInButton = popup.getByRole("button", { name: "Sign in as Lee Gu" });
        await signInButton.waitFor({ timeout: 10_000 });
        assert.equal(await popup.getByRole("heading", { level: 1 }).textContent(), "Pick an account");
        await signInButton.click();
        const outcome = await page.evaluate(() =>
            window.smoke.popupResult.then((value) => ({
                ok: value.ok,
                error: value.error,
                accessToken: value.ok ? value.result.accessToken : undefined,
                username: value.ok ? value.result.account.username : undefined,
            })),
        );
        assert.ok(outcome.ok, JSON.stringify(outcome.error));
        assert.equal(outcome.username, "lee@contoso.test");
        const claims = decodeJwt(outcome.accessToken).payload;
        assert.equal(claims.aud, "https://service.flow.microsoft.com/");
        assert.equal(claims.oid, entra.users[2].oid);
        if (!popup.isClosed()) await popup.waitForEvent("close", { timeout: 10_000 });
        assert.ok(popup.isClosed(), "the bridge closed the popup");
        t.diagnostic(`acquireTokenPopup took ${Date.now() - started} ms, the click on the sign-in page included`);
    });

    it("the redirect bridge still delivers when the sign-in page isolates itself with COOP (pocd ignored)", async (t) => {
        entra.setPageHeaders({ honourPocd: false });
        try {
            await page.evaluate((scope) => {
                window.smoke.popupRequest = { scopes: [scope], prompt: "select_account" };
            }, FLOW_SCOPE);
            const coopHeaders = [];
            const onResponse = async (response) => {
                if (response.url().includes("/oauth2/v2.0/authorize"))
                    coopHeaders.push(await response.headerValue("cross-origin-opener-policy"));
            };
            context.on("response", onResponse);
            const [popup] = await Promise.all([
                context.waitForEvent("page", { timeout: 10_000 }),
                page.click("#sign-in"),
            ]);
            await popup.getByRole("button", { name: "Sign in as Megan Bowen" }).click({ timeout: 10_000 });
            const outcome = await page.evaluate(() =>
                window.smoke.popupResult.then((value) => ({
                    ok: value.ok,
                    error: value.error,
                    username: value.ok ? value.result.account.username : undefined,
                })),
            );
            assert.ok(outcome.ok, JSON.stringify(outcome.error));
            assert.equal(outcome.username, "megan@contoso.test");
            if (!popup.isClosed()) await popup.waitForEvent("close", { timeout: 10_000 });
            context.off("response", onResponse);
            assert.deepEqual(coopHeaders, ["same-origin"], "the popup really loaded an isolated page");
            t.diagnostic(
                "sign-in page served with Cross-Origin-Opener-Policy: same-origin; popup result arrived through the bridge",
            );
        } finally {
            entra.setPageHeaders({ honourPocd: true });
        }
    });

    it("acquireTokenSilent serves the cached token, and refreshes over CORS when forced", async () => {
        const cached = await inPage("acquireTokenSilent", { scopes: [FLOW_SCOPE], username: "lee@contoso.test" });
        assert.ok(cached.ok, JSON.stringify(cached.error));
        assert.equal(cached.fromCache, true);
        const tokenCalls = () =>
            entra.events.filter((event) => event.type === "token" && event.grantType === "refresh_token").length;
        const before = tokenCalls();
        const refreshed = await inPage("acquireTokenSilent", {
            scopes: [FLOW_SCOPE],
            username: "lee@contoso.test",
            forceRefresh: true,
        });
        assert.ok(refreshed.ok, JSON.stringify(refreshed.error));
        assert.equal(refreshed.fromCache, false);
        assert.equal(tokenCalls(), before + 1);
        assert.ok(refreshed.accessToken !== cached.accessToken, "a new access token");
    });

    it("the access token calls the Power Automate emulator from the page (CORS) and a run is recorded", async () => {
        const silent = await inPage("acquireTokenSilent", { scopes: [FLOW_SCOPE], username: "lee@contoso.test" });
        const answer = await callFlowFromPage(flows.flowUrl("approve"), silent.accessToken, "smoke-corr-1");
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, { message: "Approval requested for Contoso Ltd" });
        const run = flows.runs.find((candidate) => candidate.id === answer.runId);
        assert.ok(run);
        assert.deepEqual(run.caller, {
            oid: entra.users[2].oid,
            upn: "lee@contoso.test",
            name: "Lee Gu",
            tid: entra.homeTenantId,
        });
        assert.equal(run.correlationId, "smoke-corr-1");
        assert.equal(run.headers.origin, host.url);
        assert.ok(!JSON.stringify(flows.runs).includes(silent.accessToken));
        const preflight = flows.preflights.at(-1);
        assert.equal(preflight.origin, host.url);
        assert.match(preflight.headers, /authorization/);
        assert.match(preflight.headers, /x-ms-client-tracking-id/);
    });

    it("the single-slash scope gets a token the trigger refuses with MisMatchingOAuthClaims", async () => {
        const outcome = await inPage("ssoSilent", {
            scopes: ["https://service.flow.microsoft.com/.default"],
            loginHint: "adele@contoso.test",
        });
        assert.ok(outcome.ok, JSON.stringify(outcome.error));
        assert.equal(decodeJwt(outcome.accessToken).payload.aud, "https://service.flow.microsoft.com");
        const answer = await callFlowFromPage(flows.flowUrl("approve"), outcome.accessToken, "smoke-corr-2");
        assert.equal(answer.status, 403);
        assert.equal(answer.body.error.code, "MisMatchingOAuthClaims");
    });

    it("nothing the pages did tried to leave 127.0.0.1; the proxy refused only Chromium's own background calls", (t) => {
        assert.ok(pageRequests.length > 10);
        assert.deepEqual(
            pageRequests.filter((origin) => !/^https?:\/\/127\.0\.0\.1:\d+$/.test(origin)),
            [],
        );
        const hosts = proxy.attempts.map((attempt) => attempt.replace(/^https?:\/\//, ""));
        assert.deepEqual(
            hosts.filter((hostName) => !CHROMIUM_BACKGROUND_HOSTS.test(hostName)),
            [],
        );
        if (hosts.length > 0) t.diagnostic(`refused Chromium background calls: ${[...new Set(hosts)].join(", ")}`);
    });
});
