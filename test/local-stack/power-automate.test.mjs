// Power Automate trigger emulator, driven over real HTTP with tokens from the Entra ID emulator.
// Run: node --test test/local-stack/power-automate.test.mjs
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startEntraEmulator } from "../../tools/local-stack/emulators/entra-id.mjs";
import { requestLoopback } from "../../tools/local-stack/emulators/loopback-client.mjs";
import { signInSilently } from "./support/oauth-test-client.mjs";
import { startPowerAutomateEmulator } from "../../tools/local-stack/emulators/power-automate.mjs";

const APP_ORIGIN = "https://127.0.0.1:44321";
const FLOW_SCOPE = "https://service.flow.microsoft.com//.default openid profile offline_access";

let entra;
let flows;
const tokens = {};

before(async () => {
    entra = await startEntraEmulator();
    flows = await startPowerAutomateEmulator({
        entra,
        syncTimeoutMs: 300,
        flows: {
            approve: {
                mode: "Tenant",
                behavior: {
                    kind: "respond",
                    status: 200,
                    body: (run) => ({ message: `Approval requested for ${run.payload.record?.name}` }),
                },
            },
            restricted: { mode: "User", allowedUsers: ["megan@contoso.test", "c1f2e3d4-5a6b-4c7d-9e8f-0a1b2c3d4e33"] },
            anyone: { mode: "All", behavior: { kind: "accepted" } },
            strict: {
                mode: "Tenant",
                schema: {
                    type: "object",
                    required: ["record"],
                    properties: { record: { type: "object", properties: { name: { type: "string" } } } },
                },
            },
            gov: { mode: "Tenant", cloud: "UsGov" },
        },
    });
    // Real tokens through the auth code + PKCE flow, the way the control gets them.
    tokens.adele = (await signInSilently(entra, "adele@contoso.test", { scope: FLOW_SCOPE })).tokens.access_token;
    tokens.megan = (await signInSilently(entra, "megan@contoso.test", { scope: FLOW_SCOPE })).tokens.access_token;
    tokens.lee = (await signInSilently(entra, "lee@contoso.test", { scope: FLOW_SCOPE })).tokens.access_token;
    tokens.singleSlash = (
        await signInSilently(entra, "adele@contoso.test", {
            scope: "https://service.flow.microsoft.com/.default openid offline_access",
        })
    ).tokens.access_token;
    tokens.guest = (
        await signInSilently(entra, "guest@fabrikam.test", { scope: FLOW_SCOPE, tenant: "common" })
    ).tokens.access_token;
    tokens.gov = (
        await signInSilently(entra, "adele@contoso.test", {
            scope: "https://gov.service.flow.microsoft.us//.default openid offline_access",
        })
    ).tokens.access_token;
});

after(async () => {
    await flows.close();
    await entra.close();
});

beforeEach(() => flows.reset());

function post(
    url,
    {
        token,
        body = { record: { name: "Contoso Ltd" }, correlationId: "corr-1" },
        headers = {},
        contentType = "application/json",
    } = {},
) {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return requestLoopback(url, {
        method: "POST",
        headers: {
            "Content-Type": contentType,
            "Content-Length": String(Buffer.byteLength(text)),
            Origin: APP_ORIGIN,
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...headers,
        },
        body: text,
    });
}

function errorCode(answer) {
    return answer.json().error.code;
}

describe("trigger URLs", () => {
    it("look like the new environment form, with SAS parameters only for Anyone flows", () => {
        assert.match(
            flows.flowUrl("approve"),
            /^http:\/\/127\.0\.0\.1:\d+\/powerautomate\/automations\/direct\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke\?api-version=1$/,
        );
        assert.match(
            flows.flowUrl("anyone"),
            /\?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1\.0&sig=[A-Za-z0-9_-]{43}$/,
        );
        assert.match(flows.flowUrl("approve", { cu: 12 }), /\/direct\/cu\/12\/workflows\//);
        assert.match(
            flows.flowUrl("approve", { legacy: true }),
            /\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke\?api-version=2016-06-01$/,
        );
    });
});

describe("Any user in my tenant", () => {
    it("runs the flow for a tenant user's token and records the caller from the token, never the token", async () => {
        const answer = await post(flows.flowUrl("approve"), {
            token: tokens.adele,
            headers: { "x-ms-client-tracking-id": "track-42" },
        });
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.json(), { message: "Approval requested for Contoso Ltd" });
        assert.equal(answer.headers["access-control-allow-origin"], APP_ORIGIN);
        assert.equal(answer.headers["x-ms-client-tracking-id"], "track-42");
        assert.ok(answer.headers["x-ms-workflow-run-id"]);

        assert.equal(flows.runs.length, 1);
        const [run] = flows.runs;
        assert.equal(run.flow, "approve");
        assert.deepEqual(run.caller, {
            oid: entra.users[0].oid,
            upn: "adele@contoso.test",
            name: "Adele Vance",
            tid: entra.homeTenantId,
        });
        assert.equal(run.correlationId, "track-42");
        assert.equal(run.clientTrackingId, "track-42");
        assert.equal(run.payloadCorrelationId, "corr-1");
        assert.deepEqual(run.payload, { record: { name: "Contoso Ltd" }, correlationId: "corr-1" });
        assert.equal(run.status, 200);
        assert.equal(run.headers.authorization, undefined);
        assert.equal(run.id, answer.headers["x-ms-workflow-run-id"]);

        const served = await requestLoopback(`${flows.url}/runs`);
        const everything = `${JSON.stringify(flows.runs)}${served.text}`;
        assert.ok(!everything.includes(tokens.adele), "the token is never recorded");
        assert.ok(!everything.includes(tokens.adele.split(".")[2]), "not even its signature");
        assert.equal(served.json().length, 1);
    });

    it("takes the correlation id from the payload when the header is absent", async () => {
        await post(flows.flowUrl("approve"), {
            token: tokens.adele,
            body: { record: { name: "A" }, correlationId: "from-payload" },
        });
        assert.equal(flows.runs[0].correlationId, "from-payload");
    });

    it("accepts the legacy and /cu/ URL forms too", async () => {
        assert.equal((await post(flows.flowUrl("approve", { legacy: true }), { token: tokens.adele })).status, 200);
        assert.equal((await post(flows.flowUrl("approve", { cu: 7 }), { token: tokens.adele })).status, 200);
    });

    it("answers 401 DirectApiAuthorizationRequired (the OAuth scheme is required) without a token", async () => {
        const answer = await post(flows.flowUrl("approve"));
        assert.equal(answer.status, 401);
        assert.deepEqual(answer.json(), {
            error: {
                code: "DirectApiAuthorizationRequired",
                message: "The OAuth authorization scheme is required. Please add authentication scheme and try again.",
            },
        });
        assert.equal(flows.runs.length, 0);
    });

    it("answers 403 MisMatchingOAuthClaims for the single-slash audience", async () => {
        const answer = await post(flows.flowUrl("approve"), { token: tokens.singleSlash });
        assert.equal(answer.status, 403);
        assert.equal(errorCode(answer), "MisMatchingOAuthClaims");
        assert.equal(answer.headers["x-emulator-reject-reason"], "audience");
        assert.equal(answer.headers["access-control-allow-origin"], APP_ORIGIN, "errors are readable from the page");
    });

    it("answers 401 MisMatchingOAuthClaims for an expired token, another tenant's token and a bad signature", async () => {
        const expired = entra.mintAccessToken({
            upn: "adele@contoso.test",
            issuedAtSeconds: Math.floor(Date.now() / 1000) - 7200,
            lifetimeSeconds: 3600,
        });
        const tampered = `${tokens.adele.slice(0, -4)}AAAA`;
        const otherAudience = entra.mintAccessToken({
            upn: "adele@contoso.test",
            audience: "https://service.powerapps.com/",
        });
        for (const [token, reason, status] of [
            [expired, "expired", 401],
            [tokens.guest, "tenant", 401],
            [tampered, "signature", 401],
            [otherAudience, "audience", 403],
        ]) {
            const answer = await post(flows.flowUrl("approve"), { token });
            assert.equal(answer.status, status, reason);
            assert.equal(errorCode(answer), "MisMatchingOAuthClaims", reason);
            assert.equal(answer.headers["x-emulator-reject-reason"], reason);
        }
        assert.equal(flows.runs.length, 0);
    });

    it("accepts a token inside the clock skew and the matching sovereign audience", async () => {
        const justExpired = entra.mintAccessToken({
            upn: "adele@contoso.test",
            issuedAtSeconds: Math.floor(Date.now() / 1000) - 3660,
            lifetimeSeconds: 3600,
        });
        assert.equal((await post(flows.flowUrl("approve"), { token: justExpired })).status, 200);
        assert.equal((await post(flows.flowUrl("gov"), { token: tokens.gov })).status, 200);
        assert.equal((await post(flows.flowUrl("gov"), { token: tokens.adele })).status, 403);
    });
});

describe("Specific users in my tenant", () => {
    it("lets listed users in by email or object id, and refuses others with 403", async () => {
        assert.equal((await post(flows.flowUrl("restricted"), { token: tokens.megan })).status, 200);
        assert.equal((await post(flows.flowUrl("restricted"), { token: tokens.lee })).status, 200);
        const refused = await post(flows.flowUrl("restricted"), { token: tokens.adele });
        assert.equal(refused.status, 403);
        assert.equal(errorCode(refused), "MisMatchingOAuthClaims");
        assert.equal(refused.headers["x-emulator-reject-reason"], "user");
        assert.deepEqual(
            flows.runs.map((run) => run.caller.upn),
            ["megan@contoso.test", "lee@contoso.test"],
        );
    });

    it("behaves like Any user when the list is empty", async () => {
        flows.updateFlow("restricted", { allowedUsers: [] });
        assert.equal((await post(flows.flowUrl("restricted"), { token: tokens.adele })).status, 200);
    });
});

describe("Anyone (shared access signature)", () => {
    it("runs with a correct sig and no token, recording no caller", async () => {
        const answer = await post(flows.flowUrl("anyone"));
        assert.equal(answer.status, 202);
        assert.equal(answer.text, "");
        assert.equal(flows.runs[0].caller, null);
        assert.equal(flows.runs[0].query.sig, undefined, "the sig is not recorded");
    });

    it("rejects a bearer token, a wrong sig and a stripped sig", async () => {
        // A bearer next to the sig: one scheme only, the signature.
        const withBearer = await post(flows.flowUrl("anyone"), { token: tokens.adele });
        assert.equal(withBearer.status, 401);
        assert.deepEqual(withBearer.json(), {
            error: {
                code: "DirectApiAuthorizationRequired",
                message: "The request must be authenticated only by Shared Access scheme.",
            },
        });
        const bearerOnly = await post(flows.flowUrl("anyone").replace(/&sp=.*$/, ""), { token: tokens.adele });
        assert.equal(bearerOnly.status, 401);
        assert.equal(errorCode(bearerOnly), "OAuthAccessPolicyNotFound");

        const wrongSig = flows.flowUrl("anyone").replace(/sig=[^&]+/, `sig=${"A".repeat(43)}`);
        const badSig = await post(wrongSig);
        assert.equal(badSig.status, 401);
        assert.equal(errorCode(badSig), "DirectApiInvalidAuthorizationSignature");

        const stripped = flows.flowUrl("anyone").replace(/&sp=.*$/, "");
        const noSig = await post(stripped);
        assert.equal(noSig.status, 401);
        assert.equal(errorCode(noSig), "DirectApiAuthorizationRequired");
        assert.equal(flows.runs.length, 0);
    });

    it("refuses a bearer sent together with sig= on an OAuth flow: 401 DirectApiAuthorizationRequired", async () => {
        const url = `${flows.flowUrl("approve")}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abc`;
        const answer = await post(url, { token: tokens.adele });
        assert.equal(answer.status, 401);
        assert.deepEqual(answer.json(), {
            error: {
                code: "DirectApiAuthorizationRequired",
                message: "The request must be authenticated only by Shared Access scheme.",
            },
        });
        assert.equal(flows.runs.length, 0);
    });
});

describe("flow state, URL and payload errors", () => {
    it("answers 404 WorkflowNotFound and 400 WorkflowTriggerIsNotEnabled", async () => {
        const unknown = flows.flowUrl("approve").replace(/workflows\/[0-9a-f]{32}/, `workflows/${"0".repeat(32)}`);
        const missing = await post(unknown, { token: tokens.adele });
        assert.equal(missing.status, 404);
        assert.equal(errorCode(missing), "WorkflowNotFound");

        flows.updateFlow("approve", { enabled: false });
        const disabled = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(disabled.status, 400);
        assert.equal(errorCode(disabled), "WorkflowTriggerIsNotEnabled");
        assert.equal(flows.runs.length, 0);
    });

    it("answers 400 TriggerInputSchemaMismatch for a body that fails the schema or is not JSON", async () => {
        const missingRecord = await post(flows.flowUrl("strict"), { token: tokens.adele, body: { other: 1 } });
        assert.equal(missingRecord.status, 400);
        assert.equal(errorCode(missingRecord), "TriggerInputSchemaMismatch");
        assert.match(missingRecord.json().error.message, /Required properties are missing from object: record\./);

        const nullName = await post(flows.flowUrl("strict"), { token: tokens.adele, body: { record: { name: null } } });
        assert.match(
            nullName.json().error.message,
            /Invalid type\. Expected String but got Null\. Path 'record\.name'/,
        );

        const text = await post(flows.flowUrl("strict"), {
            token: tokens.adele,
            body: "hello",
            contentType: "text/plain",
        });
        assert.equal(text.status, 400);
        assert.equal(errorCode(text), "TriggerInputSchemaMismatch");

        const broken = await post(flows.flowUrl("strict"), { token: tokens.adele, body: "{not json" });
        assert.equal(broken.status, 400);
        assert.equal(errorCode(broken), "InvalidRequestContent");
        assert.equal(flows.runs.length, 0);
    });

    it("requires api-version", async () => {
        const answer = await post(flows.flowUrl("approve").replace("?api-version=1", ""), { token: tokens.adele });
        assert.equal(answer.status, 400);
        assert.equal(errorCode(answer), "MissingApiVersionParameter");
    });
});

describe("flow behaviours", () => {
    it("answers 429 with Retry-After for the first N calls without creating runs, then runs", async () => {
        flows.throttle("approve", 2, 3);
        for (let attempt = 0; attempt < 2; attempt += 1) {
            const throttled = await post(flows.flowUrl("approve"), { token: tokens.adele });
            assert.equal(throttled.status, 429);
            assert.equal(throttled.headers["retry-after"], "3");
            assert.equal(errorCode(throttled), "WorkflowRequestsThrottled");
        }
        assert.equal(flows.runs.length, 0);
        assert.equal((await post(flows.flowUrl("approve"), { token: tokens.adele })).status, 200);
        assert.equal(flows.runs.length, 1);
    });

    it("answers an asynchronous Response with 202 + Location, then the final answer after the pending polls", async () => {
        flows.setBehavior("approve", {
            kind: "async",
            pendingPolls: 2,
            retryAfterSeconds: 1,
            final: { status: 200, body: { message: "Approved" } },
        });
        const accepted = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(accepted.status, 202);
        assert.equal(accepted.headers["retry-after"], "1");
        assert.match(accepted.headers["access-control-expose-headers"], /Location/);
        assert.match(accepted.headers["access-control-expose-headers"], /Retry-After/);
        const location = accepted.headers.location;
        assert.ok(location.startsWith(`${flows.url}/powerautomate/automations/direct/workflows/`));
        assert.match(location, /\/runs\/[0-9A-Z]+\/operations\/[0-9a-f-]{36}\?api-version=1&sp=[^&]+&sv=1\.0&sig=/);

        const poll = () => requestLoopback(location, { headers: { Origin: APP_ORIGIN } });
        const first = await poll();
        assert.equal(first.status, 202);
        assert.equal(first.headers.location, location);
        assert.equal((await poll()).status, 202);
        const done = await poll();
        assert.equal(done.status, 200);
        assert.deepEqual(done.json(), { message: "Approved" });
        assert.deepEqual(
            flows.runs[0].polls.map((entry) => [entry.status, entry.hadAuthorization]),
            [
                [202, false],
                [202, false],
                [200, false],
            ],
        );

        const forged = await requestLoopback(location.replace(/sig=[^&]+/, "sig=forged"));
        assert.equal(forged.status, 401);
        const withBearer = await requestLoopback(location, { headers: { Authorization: `Bearer ${tokens.adele}` } });
        assert.equal(withBearer.status, 401, "a signed status URL takes no bearer");
        assert.equal(errorCode(withBearer), "DirectApiAuthorizationRequired");
    });

    it("answers 504 when the Response is not reached within the synchronous limit", async () => {
        flows.setBehavior("approve", { kind: "respond", delayMs: 600_000, body: { message: "too late" } });
        const started = Date.now();
        const answer = await post(flows.flowUrl("approve"), { token: tokens.adele });
        const elapsed = Date.now() - started;
        assert.equal(answer.status, 504);
        assert.equal(errorCode(answer), "GatewayTimeout");
        // Only a lower bound: the limit was waited for. 504 GatewayTimeout itself shows the Response never came.
        assert.ok(elapsed >= 250, `answered after ${elapsed} ms`);
        assert.equal(flows.runs[0].status, 504);
    });

    it("answers a short delay normally, and text or HTML bodies with their content type", async () => {
        flows.setBehavior("approve", {
            kind: "respond",
            delayMs: 50,
            status: 201,
            body: "<p>Done &amp; dusted</p>",
            contentType: "text/html; charset=utf-8",
            headers: { "x-custom": "1" },
        });
        const answer = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(answer.status, 201);
        assert.equal(answer.headers["content-type"], "text/html; charset=utf-8");
        assert.equal(answer.headers["x-custom"], "1");
        assert.equal(answer.text, "<p>Done &amp; dusted</p>");
    });

    it("answers a redirect, a failure, a huge body and no Response action as configured", async () => {
        flows.setBehavior("approve", { kind: "redirect", status: 307, location: "http://127.0.0.1:9/elsewhere" });
        const redirected = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(redirected.status, 307);
        assert.equal(redirected.headers.location, "http://127.0.0.1:9/elsewhere");

        flows.setBehavior("approve", { kind: "fail" });
        const failed = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(failed.status, 502);
        assert.equal(errorCode(failed), "NoResponse");

        flows.setBehavior("approve", { kind: "huge", bytes: 2_000_000 });
        const huge = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(huge.status, 200);
        assert.equal(Buffer.byteLength(huge.text), 2_000_000);

        flows.setBehavior("approve", { kind: "accepted" });
        const accepted = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(accepted.status, 202);
        assert.equal(accepted.text, "");
        assert.equal(accepted.headers.location, undefined);
        assert.equal(flows.runs.length, 4);
    });

    it("never answers a hanging flow; the client's own timeout ends the call", async () => {
        flows.setBehavior("approve", { kind: "hang" });
        await assert.rejects(
            requestLoopback(flows.flowUrl("approve"), {
                method: "POST",
                headers: { Authorization: `Bearer ${tokens.adele}`, "Content-Type": "application/json" },
                body: "{}",
                timeoutMs: 200,
            }),
            /Timed out after 200 ms/,
        );
        assert.equal(flows.runs[0].status, null);
    });
});

describe("CORS and the run history", () => {
    it("answers preflights from loopback origins, allowing any requested header", async () => {
        const answer = await requestLoopback(flows.flowUrl("approve"), {
            method: "OPTIONS",
            headers: {
                Origin: APP_ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type,x-ms-client-tracking-id",
            },
        });
        assert.equal(answer.status, 204);
        assert.equal(answer.headers["access-control-allow-origin"], APP_ORIGIN);
        assert.equal(
            answer.headers["access-control-allow-headers"],
            "authorization,content-type,x-ms-client-tracking-id",
        );
        assert.match(answer.headers["access-control-allow-methods"], /POST/);
        assert.equal(flows.preflights.at(-1).headers, "authorization,content-type,x-ms-client-tracking-id");

        const foreign = await requestLoopback(flows.flowUrl("approve"), {
            method: "OPTIONS",
            headers: { Origin: "https://contoso.crm.dynamics.com", "Access-Control-Request-Method": "POST" },
        });
        assert.equal(foreign.headers["access-control-allow-origin"], undefined);
    });

    it("honours a configured origin list", async () => {
        const strict = await startPowerAutomateEmulator({
            entra,
            allowedOrigins: ["https://contoso.crm.dynamics.com"],
            flows: { f: {} },
        });
        try {
            const ok = await post(strict.flowUrl("f"), {
                token: tokens.adele,
                headers: { Origin: "https://contoso.crm.dynamics.com" },
            });
            assert.equal(ok.headers["access-control-allow-origin"], "https://contoso.crm.dynamics.com");
            const loopback = await post(strict.flowUrl("f"), { token: tokens.adele });
            assert.equal(loopback.headers["access-control-allow-origin"], undefined);
        } finally {
            await strict.close();
        }
    });

    it("shows runs as an escaped HTML table, and clears them on DELETE /runs", async () => {
        await post(flows.flowUrl("approve"), {
            token: tokens.adele,
            body: { record: { name: "<script>alert(1)</script>" }, correlationId: "c-<b>" },
        });
        const page = await requestLoopback(`${flows.url}/runs.html`);
        assert.equal(page.status, 200);
        assert.match(page.headers["content-type"], /text\/html/);
        assert.match(page.text, /<table>/);
        assert.match(page.text, /Adele Vance/);
        assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
        assert.ok(!page.text.includes("<script>alert(1)</script>"));
        assert.match(page.text, /c-&lt;b&gt;/);
        assert.ok(!page.text.includes(tokens.adele));
        assert.equal((await requestLoopback(`${flows.url}/`)).text, page.text);

        const cleared = await requestLoopback(`${flows.url}/runs`, { method: "DELETE" });
        assert.equal(cleared.status, 204);
        assert.equal(flows.runs.length, 0);
        assert.match((await requestLoopback(`${flows.url}/runs.html`)).text, /No runs yet/);
    });
});

describe("HTTPS and standalone keys", () => {
    it("serves HTTPS with a given certificate and verifies tokens against a JWKS object", async () => {
        const { sharedLocalCertificate } = await import("../../tools/local-stack/emulators/certificate.mjs");
        const certificate = await sharedLocalCertificate();
        const secure = await startPowerAutomateEmulator({
            tls: certificate,
            jwks: entra.jwks,
            tenantId: entra.homeTenantId,
            directory: entra.users,
            flows: { f: { mode: "User", allowedUsers: ["megan@contoso.test"] } },
        });
        try {
            assert.ok(secure.url.startsWith("https://127.0.0.1:"));
            const url = secure.flowUrl("f");
            const call = (token) =>
                requestLoopback(url, {
                    method: "POST",
                    ca: certificate.ca,
                    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
                    body: "{}",
                });
            assert.equal((await call(tokens.megan)).status, 200);
            assert.equal((await call(tokens.adele)).status, 403);
        } finally {
            await secure.close();
        }
    });
});

describe("a flow's own error answers and the platform's own refusals", () => {
    it("runs a flow whose Response answers a chosen status and body: the run is recorded", async () => {
        for (const status of [401, 403, 429, 503]) {
            flows.reset();
            flows.setBehavior("approve", {
                kind: "respond",
                status,
                body: { message: "You may not approve this order." },
                headers: { "Retry-After": "1" },
            });
            const answer = await post(flows.flowUrl("approve"), { token: tokens.adele });
            assert.equal(answer.status, status);
            assert.deepEqual(answer.json(), { message: "You may not approve this order." });
            // A run's answer names its run, readable cross-origin.
            assert.equal(answer.headers["x-ms-workflow-run-id"], flows.runs[0].id);
            assert.match(answer.headers["access-control-expose-headers"], /x-ms-workflow-run-id/);
            assert.equal(flows.runs.length, 1);
            assert.equal(flows.runs[0].status, status);
        }
    });

    it("sends the platform's own refusals with their documented error codes, before any run", async () => {
        flows.refuse("approve", "expiredToken");
        flows.refuse("approve", "throttled", { retryAfterSeconds: 2 });
        flows.refuse("approve", "claimsMismatch");

        const expired = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(expired.status, 401);
        assert.equal(errorCode(expired), "ExpiredAuthenticationToken");
        assert.match(
            expired.json().error.message,
            /^The access token expiry UTC time '.+' is earlier than current UTC time '.+'\.$/,
        );
        assert.equal(expired.headers["x-ms-workflow-run-id"], undefined);

        const throttled = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(throttled.status, 429);
        assert.equal(errorCode(throttled), "WorkflowRequestsThrottled");
        assert.equal(throttled.headers["retry-after"], "2");

        const mismatch = await post(flows.flowUrl("approve"), { token: tokens.adele });
        assert.equal(mismatch.status, 401);
        assert.equal(errorCode(mismatch), "MisMatchingOAuthClaims");

        assert.equal(flows.runs.length, 0);
        // Each refusal answers one call; the next one runs.
        assert.equal((await post(flows.flowUrl("approve"), { token: tokens.adele })).status, 200);
        assert.equal(flows.runs.length, 1);
    });

    it("refuses an unknown refusal name, Object.prototype names included, and forgets refusals on reset", async () => {
        for (const name of ["nope", "constructor", "toString", "__proto__"]) {
            assert.throws(() => flows.refuse("approve", name), /Unknown platform refusal/);
        }
        flows.refuse("approve", "expiredToken", { count: 3 });
        flows.reset();
        assert.equal((await post(flows.flowUrl("approve"), { token: tokens.adele })).status, 200);
    });
});
