/** @jest-environment node */
import { callFlow, type FlowCall, type TransportDeps } from "../../../FlowTriggerControl/flow/transport";
import {
    MAX_POLL_NETWORK_FAILURES,
    MAX_THROTTLE_RETRIES,
    POLL_CAP_MS,
    POLL_FLOOR_MS,
    THROTTLE_BACKOFF_WITHOUT_RETRY_AFTER_MS,
} from "../../../FlowTriggerControl/flow/retryPolicy";
import type { AuthMode, UrlPolicyOptions } from "../../../FlowTriggerControl/flow/urlPolicy";
import { message, UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import type { TriggerOutcome } from "../../../FlowTriggerControl/contracts/run";
import { sendJson, startLocalServer, type Handler, type LocalServer } from "./localServer";

const CORRELATION = "5f0c4a1e-2b7d-4c1e-9a55-0123456789ab";
const CACHED_TOKEN = "eyJ.cached-token.sig";
const FRESH_TOKEN = "eyJ.fresh-token.sig";
const PATH = "/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1";
const SAS_QUERY = "&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=local-test-signature";
const BODY = JSON.stringify({ schemaVersion: 1, correlationId: CORRELATION, record: { id: "1" } });
const START = Date.UTC(2026, 0, 5, 10, 0, 0); // whole second: HTTP-dates have second resolution

const servers: LocalServer[] = [];
afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handler: Handler): Promise<LocalServer> {
    const s = await startLocalServer(handler);
    servers.push(s);
    return s;
}

/** Fake time: sleeps return at once and move the clock, so Retry-After waits cost nothing. */
function fakeTime(): { deps: TransportDeps; delays: number[] } {
    let now = START;
    const delays: number[] = [];
    return {
        delays,
        deps: {
            fetch: (input, init) => fetch(input, init),
            now: () => now,
            sleep: (ms) => {
                delays.push(ms);
                now += ms;
                return Promise.resolve();
            },
        },
    };
}

function tokenSource(): { getToken: jest.Mock<Promise<string>, [boolean]> } {
    return { getToken: jest.fn((force: boolean) => Promise.resolve(force ? FRESH_TOKEN : CACHED_TOKEN)) };
}

function policyFor(s: LocalServer, authMode: AuthMode = "EntraUser", extraPorts: number[] = []): UrlPolicyOptions {
    return {
        authMode,
        cloud: "Public",
        trustedHosts: [s.port, ...extraPorts].map((port) => ({ hostname: "127.0.0.1", port, allowHttp: true })),
    };
}

function flowCall(s: LocalServer, overrides: Partial<FlowCall> = {}): FlowCall {
    return {
        url: new URL(`${s.origin}${PATH}`),
        body: BODY,
        correlationId: CORRELATION,
        policy: policyFor(s),
        getToken: tokenSource().getToken,
        timeoutMs: 5_000,
        signal: new AbortController().signal,
        ...overrides,
    };
}

function errorKey(outcome: TriggerOutcome): string {
    return outcome.kind === "failed" ? outcome.error.key : outcome.kind;
}

function expectNoTokenIn(outcome: TriggerOutcome): void {
    const text = JSON.stringify(outcome);
    expect(text).not.toContain(CACHED_TOKEN);
    expect(text).not.toContain(FRESH_TOKEN);
    expect(text).not.toContain("local-test-signature");
}

describe("callFlow: success answers", () => {
    it("200 JSON: shows the flow's message; sends only Content-Type and the bearer", async () => {
        const s = await server((_req, res) => sendJson(res, 200, { message: "Invoice sent", other: 1 }));
        const { deps } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);

        expect(outcome).toEqual({
            kind: "succeeded",
            correlationId: CORRELATION,
            status: 200,
            responseText: "Invoice sent",
        });
        expect(s.requests).toHaveLength(1);
        const [seen] = s.requests;
        expect(seen.method).toBe("POST");
        expect(seen.path).toBe(PATH);
        expect(seen.body).toBe(BODY);
        expect(seen.headers["content-type"]).toBe("application/json");
        expect(seen.headers.authorization).toBe(`Bearer ${CACHED_TOKEN}`);
        expect(seen.headers["x-ms-client-tracking-id"]).toBeUndefined();
        expect(seen.headers.cookie).toBeUndefined();
        expect(seen.headers.referer).toBeUndefined();
        expectNoTokenIn(outcome);
    });

    it("200 plain text: shows the text, control characters removed", async () => {
        const s = await server((_req, res) => {
            res.writeHead(200, { "Content-Type": "text/plain" });
            res.end("  Done:\r\n\tcase 42\u0007 closed \u202e ");
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "succeeded",
            correlationId: CORRELATION,
            status: 200,
            responseText: "Done: case 42 closed",
        });
    });

    it("200 HTML: handled as plain text, never interpreted", async () => {
        const html = '<html><body><b onclick="x()">Saved</b><script>alert(1)</script></body></html>';
        const s = await server((_req, res) => {
            res.writeHead(200, { "Content-Type": "text/html" });
            res.end(html);
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({ kind: "succeeded", correlationId: CORRELATION, status: 200, responseText: html });
    });

    it("200 with a non-JSON body labelled JSON: shown as text", async () => {
        const s = await server((_req, res) => {
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end("OK, queued");
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "succeeded",
            correlationId: CORRELATION,
            status: 200,
            responseText: "OK, queued",
        });
    });

    it("201 JSON without a message: succeeded without text", async () => {
        const s = await server((_req, res) => sendJson(res, 201, { id: 7 }));
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({ kind: "succeeded", correlationId: CORRELATION, status: 201 });
    });

    it("204: succeeded without text", async () => {
        const s = await server((_req, res) => {
            res.writeHead(204);
            res.end();
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({ kind: "succeeded", correlationId: CORRELATION, status: 204 });
    });

    it("a long message is capped for display", async () => {
        const s = await server((_req, res) => sendJson(res, 200, { message: "x".repeat(5_000) }));
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome.kind === "succeeded" && outcome.responseText?.length).toBe(500);
    });

    it("a huge body: reads at most the cap and hangs up on the rest", async () => {
        const chunk = Buffer.alloc(16 * 1024, "a");
        const limit = 64 * 1024 * 1024; // bounds the server's loop; the client must hang up long before
        let written = 0;
        let finished = true;
        let markClosed: () => void = () => undefined;
        const closed = new Promise<void>((resolve) => (markClosed = resolve));
        const s = await server((_req, res) => {
            res.writeHead(200, { "Content-Type": "text/plain" });
            res.on("close", () => {
                finished = res.writableFinished;
                markClosed();
            });
            const pump = (): void => {
                while (written < limit) {
                    written += chunk.length;
                    if (!res.write(chunk)) {
                        res.once("drain", pump);
                        return;
                    }
                }
                res.end();
            };
            pump();
        });
        const heapBefore = process.memoryUsage().heapUsed;
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
        await closed;

        expect(outcome.kind).toBe("succeeded");
        expect(outcome.kind === "succeeded" && outcome.responseText?.length).toBe(500);
        expect(finished).toBe(false);
        expect(written).toBeLessThan(16 * 1024 * 1024);
        expect(heapGrowth).toBeLessThan(32 * 1024 * 1024);
    });
});

describe("callFlow: 202 Accepted", () => {
    it("without Location: started, exactly one request", async () => {
        const s = await server((_req, res) => {
            res.writeHead(202);
            res.end();
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({ kind: "started", correlationId: CORRELATION });
        expect(s.requests).toHaveLength(1);
    });

    it("with Location: polls with GET, honours Retry-After seconds and HTTP-date, ends on the final answer", async () => {
        const statusPath = "/workflows/0123456789abcdef0123456789abcdef/runs/08585CU1/operations/op1?api-version=1";
        const s = await server((_req, res, seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: statusPath, "Retry-After": "7" });
                res.end();
            } else if (index === 1) {
                res.writeHead(202, {
                    Location: statusPath,
                    "Retry-After": new Date(START + 7_000 + 12_000).toUTCString(),
                });
                res.end();
            } else {
                sendJson(res, 200, { message: `finished via ${seen.method}` });
            }
        });
        const { deps, delays } = fakeTime();
        const call = flowCall(s);
        const outcome = await callFlow(call, deps);

        expect(outcome).toEqual({
            kind: "succeeded",
            correlationId: CORRELATION,
            status: 200,
            responseText: "finished via GET",
        });
        expect(s.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
            `POST ${PATH}`,
            `GET ${statusPath}`,
            `GET ${statusPath}`,
        ]);
        expect(delays).toEqual([7_000, 12_000]);
        for (const poll of s.requests.slice(1)) {
            expect(poll.headers.authorization).toBe(`Bearer ${CACHED_TOKEN}`);
            expect(poll.headers["x-ms-client-tracking-id"]).toBeUndefined();
            expect(poll.body).toBe("");
        }
    });

    it("clamps Retry-After while polling to the floor and the cap", async () => {
        const s = await server((_req, res, _seen, index) => {
            if (index < 2) {
                res.writeHead(202, { Location: "/status", "Retry-After": index === 0 ? "0" : "86400" });
                res.end();
            } else {
                sendJson(res, 200, {});
            }
        });
        const { deps, delays } = fakeTime();
        await callFlow(flowCall(s), deps);
        expect(delays).toEqual([POLL_FLOOR_MS, POLL_CAP_MS]);
    });

    it("a status URL carrying its own signature is polled without the bearer", async () => {
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: `/status?sp=%2Fruns&sv=1.0&sig=local-test-signature` });
                res.end();
            } else {
                sendJson(res, 200, { message: "ok" });
            }
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome.kind).toBe("succeeded");
        expect(s.requests[0].headers.authorization).toBe(`Bearer ${CACHED_TOKEN}`);
        expect(s.requests[1].headers.authorization).toBeUndefined();
    });

    it("a final error answer while polling is mapped, with no retry", async () => {
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: "/status" });
                res.end();
            } else {
                sendJson(res, 500, { error: { code: "ActionFailed" } });
            }
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_ServerError", "500", CORRELATION),
        });
        expect(s.requests).toHaveLength(2);
    });

    it("Location on a disallowed host: no request goes there, no token, a clear error", async () => {
        const other = await server((_req, res) => sendJson(res, 200, {}));
        const s = await server((_req, res) => {
            res.writeHead(202, { Location: `${other.origin}/steal` });
            res.end();
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_PollUrlRejected", "127.0.0.1", CORRELATION),
        });
        expect(other.requests).toHaveLength(0);
        expect(s.requests).toHaveLength(1);
    });

    it("Location on a foreign host name: refused before any lookup", async () => {
        const s = await server((_req, res) => {
            res.writeHead(202, { Location: "https://evil.example/status?x=1" });
            res.end();
        });
        const fetchSpy = jest.fn((input: string | URL | Request, init?: RequestInit) => fetch(input, init));
        const { deps } = fakeTime();
        const outcome = await callFlow(flowCall(s), { ...deps, fetch: fetchSpy });
        expect(errorKey(outcome)).toBe("Error_Flow_PollUrlRejected");
        expect(outcome.kind === "failed" && outcome.error.args?.[0]).toBe("evil.example");
        expect(fetchSpy).toHaveBeenCalledTimes(1);
    });

    it("polling stops within maxTotalMs and reports the run as started", async () => {
        const s = await server((_req, res) => {
            res.writeHead(202, { Location: "/status", "Retry-After": "30" });
            res.end();
        });
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s, { maxTotalMs: 100_000 }), deps);
        expect(outcome).toEqual({ kind: "started", correlationId: CORRELATION });
        expect(delays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(100_000);
        expect(s.requests.length).toBe(1 + delays.length);
    });

    it("polling gives up after repeated network failures of the status URL", async () => {
        const s = await server((req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: "/status" });
                res.end();
            } else {
                req.socket.destroy();
            }
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_PollFailed", CORRELATION),
        });
        expect(s.requests).toHaveLength(2 + MAX_POLL_NETWORK_FAILURES);
    });
});

describe("callFlow: authorization answers", () => {
    it("the platform's expired-token refusal then 200: one retry with a fresh token", async () => {
        const s = await server((_req, res, _seen, index) =>
            index === 0
                ? sendJson(res, 401, {
                      error: {
                          code: "ExpiredAuthenticationToken",
                          message:
                              "The access token expiry UTC time '1/5/2026 9:00:00 AM' is earlier than current UTC time.",
                      },
                  })
                : sendJson(res, 200, { message: "ok" }),
        );
        const tokens = tokenSource();
        const outcome = await callFlow(flowCall(s, { getToken: tokens.getToken }), fakeTime().deps);
        expect(outcome).toEqual({ kind: "succeeded", correlationId: CORRELATION, status: 200, responseText: "ok" });
        expect(tokens.getToken.mock.calls).toEqual([[false], [true]]);
        expect(s.requests.map((r) => r.headers.authorization)).toEqual([
            `Bearer ${CACHED_TOKEN}`,
            `Bearer ${FRESH_TOKEN}`,
        ]);
    });

    it("the platform's expired-token refusal twice: a sign-in error after exactly two requests", async () => {
        const s = await server((_req, res) => sendJson(res, 401, { error: { code: "ExpiredAuthenticationToken" } }));
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_NotAuthorized", "401"),
        });
        expect(s.requests).toHaveLength(2);
    });

    it.each<[number, string | undefined, string, string[]]>([
        [401, "MisMatchingOAuthClaims", "Error_Flow_NotAllowed", []],
        [403, "MisMatchingOAuthClaims", "Error_Flow_NotAllowed", []],
        [401, "DirectApiAuthorizationRequired", "Error_Flow_ExpectsSignedUrl", []],
        [401, "OAuthAccessPolicyNotFound", "Error_Flow_NoOAuthPolicy", []],
        [401, undefined, "Error_Flow_NotAuthorized", ["401"]],
        [403, undefined, "Error_Flow_NotAuthorized", ["403"]],
    ])("%i %s: a setup error or no proof of a refusal, exactly one request", async (status, code, key, args) => {
        const s = await server((_req, res) => sendJson(res, status, code ? { error: { code, message: "…" } } : {}));
        const tokens = tokenSource();
        const outcome = await callFlow(flowCall(s, { getToken: tokens.getToken }), fakeTime().deps);
        expect(outcome).toEqual({ kind: "failed", correlationId: CORRELATION, error: message(key, ...args) });
        expect(s.requests).toHaveLength(1);
        expect(tokens.getToken.mock.calls).toEqual([[false]]);
        expectNoTokenIn(outcome);
    });

    it("SAS mode: no token is ever sent, and a 401 is not retried", async () => {
        const s = await server((_req, res) =>
            sendJson(res, 401, { error: { code: "DirectApiAuthorizationRequired" } }),
        );
        const tokens = tokenSource();
        const outcome = await callFlow(
            flowCall(s, {
                url: new URL(`${s.origin}${PATH}${SAS_QUERY}`),
                policy: policyFor(s, "SharedAccessSignature"),
                getToken: tokens.getToken,
            }),
            fakeTime().deps,
        );
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_ExpectsSignIn"),
        });
        expect(s.requests).toHaveLength(1);
        expect(s.requests[0].headers.authorization).toBeUndefined();
        expect(s.requests[0].headers["x-ms-client-tracking-id"]).toBeUndefined();
        expect(tokens.getToken).not.toHaveBeenCalled();
        expectNoTokenIn(outcome);
    });

    it("SAS mode: another 403 is reported as a refused signature", async () => {
        const s = await server((_req, res) => sendJson(res, 403, {}));
        const outcome = await callFlow(
            flowCall(s, {
                url: new URL(`${s.origin}${PATH}${SAS_QUERY}`),
                policy: policyFor(s, "SharedAccessSignature"),
            }),
            fakeTime().deps,
        );
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_SignatureRejected", "403"),
        });
        expect(s.requests).toHaveLength(1);
    });

    it("a URL the policy refuses is never called and no token is asked for (defence in depth)", async () => {
        const s = await server((_req, res) => sendJson(res, 200, {}));
        const tokens = tokenSource();
        const outcome = await callFlow(
            flowCall(s, { url: new URL(`${s.origin}${PATH}${SAS_QUERY}`), getToken: tokens.getToken }),
            fakeTime().deps,
        );
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Url_HasSignatureInEntraMode"),
        });
        expect(s.requests).toHaveLength(0);
        expect(tokens.getToken).not.toHaveBeenCalled();
    });

    it("a token failure ends the run with its own message and sends nothing", async () => {
        const s = await server((_req, res) => sendJson(res, 200, {}));
        const getToken = jest.fn(() =>
            Promise.reject(new UserFacingError(message("Error_Auth_PopupBlocked"), "popup_window_error")),
        );
        const outcome = await callFlow(flowCall(s, { getToken }), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Auth_PopupBlocked"),
        });
        expect(s.requests).toHaveLength(0);
    });

    it("an unexpected token error becomes a generic sign-in failure", async () => {
        const s = await server((_req, res) => sendJson(res, 200, {}));
        const getToken = jest.fn(() => Promise.reject(new Error(`leaky ${CACHED_TOKEN}`)));
        const outcome = await callFlow(flowCall(s, { getToken }), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Auth_TokenFailed"),
        });
        expectNoTokenIn(outcome);
    });
});

describe("callFlow: request and server errors", () => {
    it.each<[number, unknown, string, string[]]>([
        [
            400,
            { error: { code: "TriggerInputSchemaMismatch", message: "Expected String but got Null" } },
            "Error_Flow_SchemaMismatch",
            [CORRELATION],
        ],
        [
            400,
            { error: { code: "WorkflowTriggerIsNotEnabled", message: "state 'Disabled'" } },
            "Error_Flow_Disabled",
            [],
        ],
        [
            404,
            { error: { code: "WorkflowTriggerIsNotEnabled", message: "state 'Disabled'" } },
            "Error_Flow_Disabled",
            [],
        ],
        [400, { error: { code: "InvalidTemplate" } }, "Error_Flow_BadRequest", ["InvalidTemplate", CORRELATION]],
        [400, "not json", "Error_Flow_BadRequest", ["400", CORRELATION]],
        [400, { message: "Record is locked" }, "Error_Flow_ReportedError", ["Record is locked", "400", CORRELATION]],
        [404, { error: { code: "WorkflowNotFound" } }, "Error_Flow_NotFound", []],
        [404, "", "Error_Flow_NotFound", []],
        [413, "", "Error_Flow_PayloadTooLarge", []],
        [409, "", "Error_Flow_Rejected", ["409", CORRELATION]],
    ])("%i %j → %s, one request", async (status, body, key, args) => {
        const s = await server((_req, res) =>
            typeof body === "string" ? (res.writeHead(status), res.end(body)) : sendJson(res, status, body),
        );
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({ kind: "failed", correlationId: CORRELATION, error: message(key, ...args) });
        expect(s.requests).toHaveLength(1);
    });

    it.each<[number, unknown, string, string[]]>([
        [500, { error: { code: "InternalServerError" } }, "Error_Flow_ServerError", ["500", CORRELATION]],
        [502, { error: { code: "NoResponse" } }, "Error_Flow_NoResponse", [CORRELATION]],
        [502, "Bad gateway", "Error_Flow_ServerError", ["502", CORRELATION]],
        [504, "", "Error_Flow_GatewayTimeout", [CORRELATION]],
    ])("%i: exactly one request, never retried, correlation id in the message", async (status, body, key, args) => {
        const s = await server((_req, res) =>
            typeof body === "string" ? (res.writeHead(status), res.end(body)) : sendJson(res, status, body),
        );
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);
        expect(outcome).toEqual({ kind: "failed", correlationId: CORRELATION, error: message(key, ...args) });
        expect(s.requests).toHaveLength(1);
        expect(delays).toEqual([]);
    });

    it("the platform's throttling refusal with Retry-After then 200: retried once, exactly one run created", async () => {
        let runs = 0;
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                sendJson(res, 429, { error: { code: "WorkflowRequestsThrottled" } }, { "Retry-After": "2" });
            } else {
                runs++;
                sendJson(res, 200, { message: "ran" });
            }
        });
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);
        expect(outcome).toEqual({ kind: "succeeded", correlationId: CORRELATION, status: 200, responseText: "ran" });
        expect(runs).toBe(1);
        expect(s.requests).toHaveLength(2);
        expect(delays).toEqual([2_000]);
        expect(s.requests[1].body).toBe(BODY);
    });

    it("the platform's throttling refusal every time: one retry, then a throttling error", async () => {
        const s = await server((_req, res) =>
            sendJson(res, 429, { error: { code: "WorkflowRequestsThrottled" } }, { "Retry-After": "1" }),
        );
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_Throttled", CORRELATION),
        });
        expect(s.requests).toHaveLength(1 + MAX_THROTTLE_RETRIES);
        expect(delays).toEqual([1_000]);
    });

    it("the platform's throttling refusal without Retry-After: one short back-off, then an error", async () => {
        const s = await server((_req, res) => sendJson(res, 429, { error: { code: "WorkflowRequestsThrottled" } }));
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);
        expect(errorKey(outcome)).toBe("Error_Flow_Throttled");
        expect(delays).toEqual([...THROTTLE_BACKOFF_WITHOUT_RETRY_AFTER_MS]);
        expect(s.requests).toHaveLength(2);
    });

    it("the platform's throttling refusal asking for a wait longer than the cap: not retried", async () => {
        const s = await server((_req, res) =>
            sendJson(res, 429, { error: { code: "WorkflowRequestsThrottled" } }, { "Retry-After": "3600" }),
        );
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);
        expect(errorKey(outcome)).toBe("Error_Flow_Throttled");
        expect(s.requests).toHaveLength(1);
        expect(delays).toEqual([]);
    });

    it.each<[number, Record<string, string>, string, string[]]>([
        [429, { "Retry-After": "1" }, "Error_Flow_Throttled", [CORRELATION]],
        [429, {}, "Error_Flow_Throttled", [CORRELATION]],
        [503, { "Retry-After": "1" }, "Error_Flow_Unavailable", [CORRELATION]],
        [503, {}, "Error_Flow_Unavailable", [CORRELATION]],
    ])("a bare %i %j proves no refusal: exactly one request, no wait", async (status, headers, key, args) => {
        const s = await server((_req, res) => sendJson(res, status, {}, headers));
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);
        expect(outcome).toEqual({ kind: "failed", correlationId: CORRELATION, error: message(key, ...args) });
        expect(s.requests).toHaveLength(1);
        expect(delays).toEqual([]);
    });

    it.each([301, 302, 307, 308])(
        "%i redirect to another local server: not followed, the other server sees nothing",
        async (status) => {
            const thief = await server((_req, res) => sendJson(res, 200, { message: "stolen" }));
            const s = await server((_req, res) => {
                res.writeHead(status, { Location: `${thief.origin}/steal` });
                res.end("moved");
            });
            // The thief is even trusted: a redirect must still not carry the token there.
            const outcome = await callFlow(
                flowCall(s, { policy: policyFor(s, "EntraUser", [thief.port]) }),
                fakeTime().deps,
            );
            expect(outcome).toEqual({
                kind: "failed",
                correlationId: CORRELATION,
                error: message("Error_Flow_Redirected", CORRELATION),
            });
            expect(thief.requests).toHaveLength(0);
            expect(s.requests).toHaveLength(1);
        },
    );

    it("a browser-style opaque redirect is reported as a redirect", async () => {
        const opaque = { type: "opaqueredirect", status: 0, headers: new Headers(), body: null } as unknown as Response;
        const s = await server((_req, res) => sendJson(res, 200, {}));
        const { deps } = fakeTime();
        const outcome = await callFlow(flowCall(s), { ...deps, fetch: () => Promise.resolve(opaque) });
        expect(errorKey(outcome)).toBe("Error_Flow_Redirected");
    });

    it("a server that never answers: timed out, may still be running, one request", async () => {
        const s = await server(() => {
            /* never answers */
        });
        const outcome = await callFlow(flowCall(s, { timeoutMs: 300 }), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_TimedOut", CORRELATION),
        });
        expect(s.requests).toHaveLength(1);
    });

    it("a connection reset: could not reach the flow, one request, no retry", async () => {
        const s = await server((req) => req.socket.destroy());
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_Unreachable", CORRELATION),
        });
        expect(s.requests).toHaveLength(1);
    });

    it("nothing listening: could not reach the flow", async () => {
        const s = await server((_req, res) => sendJson(res, 200, {}));
        const call = flowCall(s);
        await s.close();
        const outcome = await callFlow(call, fakeTime().deps);
        expect(errorKey(outcome)).toBe("Error_Flow_Unreachable");
    });

    it("a body cut off after the status: the status still decides", async () => {
        const s = await server((_req, res) => {
            res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "1000" });
            res.write("partial", () => res.socket?.destroy());
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome.kind).toBe("succeeded");
        expect(s.requests).toHaveLength(1);
    });
});

describe("callFlow: cancellation", () => {
    it("aborted while the request is in flight: cancelled, nothing more sent", async () => {
        const controller = new AbortController();
        const s = await server(() => {
            /* holds the request until the client goes away */
        });
        const pending = callFlow(flowCall(s, { signal: controller.signal }), fakeTime().deps);
        await s.received(1);
        controller.abort();
        const outcome = await pending;
        expect(outcome).toEqual({ kind: "failed", correlationId: CORRELATION, error: message("Error_Run_Cancelled") });
        expect(s.requests).toHaveLength(1);
    });

    it("aborted before the call: no request at all", async () => {
        const s = await server((_req, res) => sendJson(res, 200, {}));
        const tokens = tokenSource();
        const outcome = await callFlow(
            flowCall(s, { signal: AbortSignal.abort(), getToken: tokens.getToken }),
            fakeTime().deps,
        );
        expect(errorKey(outcome)).toBe("Error_Run_Cancelled");
        expect(s.requests).toHaveLength(0);
        expect(tokens.getToken).not.toHaveBeenCalled();
    });

    it("aborted during a Retry-After wait: no second request", async () => {
        const controller = new AbortController();
        const s = await server((_req, res) =>
            sendJson(res, 429, { error: { code: "WorkflowRequestsThrottled" } }, { "Retry-After": "2" }),
        );
        const { deps } = fakeTime();
        const outcome = await callFlow(flowCall(s, { signal: controller.signal }), {
            ...deps,
            sleep: () => {
                controller.abort();
                return Promise.reject(new Error("aborted"));
            },
        });
        expect(errorKey(outcome)).toBe("Error_Run_Cancelled");
        expect(s.requests).toHaveLength(1);
    });
});

describe("callFlow: headers", () => {
    it("by default sends no custom header: only what a preflight must allow anyway", async () => {
        const s = await server((_req, res) => sendJson(res, 200, {}));
        await callFlow(flowCall(s), fakeTime().deps);
        await callFlow(flowCall(s, { sendTrackingHeader: false }), fakeTime().deps);
        await callFlow(
            flowCall(s, {
                url: new URL(`${s.origin}${PATH}${SAS_QUERY}`),
                policy: policyFor(s, "SharedAccessSignature"),
            }),
            fakeTime().deps,
        );
        const custom = s.requests.map((r) => Object.keys(r.headers).filter((name) => name.startsWith("x-")));
        expect(custom).toEqual([[], [], []]);
        expect(s.requests.map((r) => r.headers.authorization !== undefined)).toEqual([true, true, false]);
    });

    it("sendTrackingHeader: the correlation id as x-ms-client-tracking-id, on the POST and each poll", async () => {
        const statusPath = "/status/1?sig=status-signature";
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: statusPath, "Retry-After": "1" });
                res.end();
                return;
            }
            sendJson(res, 200, { message: "done" });
        });
        await callFlow(flowCall(s, { sendTrackingHeader: true }), fakeTime().deps);
        expect(s.requests.map((r) => r.headers["x-ms-client-tracking-id"])).toEqual([CORRELATION, CORRELATION]);
    });

    it("leaves the tracking header out when the id is not a safe header value", async () => {
        const s = await server((_req, res) => sendJson(res, 200, {}));
        await callFlow(flowCall(s, { sendTrackingHeader: true, correlationId: "bad\r\nid" }), fakeTime().deps);
        expect(s.requests.map((r) => r.headers["x-ms-client-tracking-id"])).toEqual([undefined]);
    });

    it("passes the documented fetch options; only status polls bypass the cache", async () => {
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: "/status", "Retry-After": "1" });
                res.end();
                return;
            }
            sendJson(res, 200, {});
        });
        const seen: RequestInit[] = [];
        const { deps } = fakeTime();
        await callFlow(flowCall(s), {
            ...deps,
            fetch: (input, init) => {
                seen.push(init ?? {});
                return fetch(input, init);
            },
        });
        expect(seen[0]).toMatchObject({
            method: "POST",
            credentials: "omit",
            redirect: "manual",
            // "no-store" would also bypass Chromium's CORS preflight cache; a POST is never answered from the cache.
            cache: "default",
            referrerPolicy: "no-referrer",
        });
        expect(seen[0].signal).toBeInstanceOf(AbortSignal);
        expect(seen[1]).toMatchObject({ method: "GET", credentials: "omit", redirect: "manual", cache: "no-store" });
    });
});

describe("callFlow: one click, one run, whatever the flow's own Response answers", () => {
    /** A flow that runs on every POST it gets and answers through its Response action. */
    async function flowAnswering(status: number, body: unknown, headers: Record<string, string> = {}) {
        let runs = 0;
        const s = await server((_req, res) => {
            runs++;
            sendJson(res, status, body, headers);
        });
        return { s, runs: () => runs };
    }

    it.each<[number, Record<string, string>]>([
        [401, {}],
        [403, {}],
        [429, { "Retry-After": "1" }],
        [503, { "Retry-After": "1" }],
    ])("the flow answers %i %j with a message: one POST, one run, the flow's message", async (status, headers) => {
        const flow = await flowAnswering(status, { message: "You may not approve this order." }, headers);
        const tokens = tokenSource();
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(flow.s, { getToken: tokens.getToken }), deps);

        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_ReportedError", "You may not approve this order.", String(status), CORRELATION),
        });
        expect(flow.s.requests.filter((r) => r.method === "POST")).toHaveLength(1);
        expect(flow.runs()).toBe(1);
        expect(tokens.getToken.mock.calls).toEqual([[false]]);
        expect(delays).toEqual([]);
    });

    it.each<[number, string, Record<string, string>]>([
        [401, "ExpiredAuthenticationToken", {}],
        [429, "WorkflowRequestsThrottled", { "Retry-After": "1" }],
    ])("%i %s with a run id header came from a run: never sent again", async (status, code, headers) => {
        const flow = await flowAnswering(
            status,
            { error: { code } },
            { ...headers, "x-ms-workflow-run-id": "08584RUN" },
        );
        const { deps, delays } = fakeTime();
        await callFlow(flowCall(flow.s), deps);
        expect(flow.runs()).toBe(1);
        expect(delays).toEqual([]);
    });

    it("the run's final answer while polling is the flow's own 503: shown at once, not polled on", async () => {
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: "/status", "Retry-After": "1" });
                res.end();
            } else {
                sendJson(res, 503, { message: "Maintenance until noon" }, { "Retry-After": "1" });
            }
        });
        const outcome = await callFlow(flowCall(s), fakeTime().deps);
        expect(outcome).toEqual({
            kind: "failed",
            correlationId: CORRELATION,
            error: message("Error_Flow_ReportedError", "Maintenance until noon", "503", CORRELATION),
        });
        expect(s.requests).toHaveLength(2);
    });

    it("the platform's expired-token refusal of a status read: read again once with a fresh token", async () => {
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: "/status", "Retry-After": "1" });
                res.end();
            } else if (index === 1) {
                sendJson(res, 401, { error: { code: "ExpiredAuthenticationToken" } });
            } else {
                sendJson(res, 200, { message: "done" });
            }
        });
        const tokens = tokenSource();
        const outcome = await callFlow(flowCall(s, { getToken: tokens.getToken }), fakeTime().deps);
        expect(outcome).toMatchObject({ kind: "succeeded", responseText: "done" });
        expect(tokens.getToken.mock.calls).toEqual([[false], [false], [true]]);
        expect(s.requests.map((r) => r.method)).toEqual(["POST", "GET", "GET"]);
    });

    it("the platform throttling status reads while polling: polled again after Retry-After", async () => {
        const s = await server((_req, res, _seen, index) => {
            if (index === 0) {
                res.writeHead(202, { Location: "/status", "Retry-After": "1" });
                res.end();
            } else if (index === 1) {
                sendJson(res, 429, { error: { code: "WorkflowRequestsThrottled" } }, { "Retry-After": "5" });
            } else {
                sendJson(res, 200, { message: "done" });
            }
        });
        const { deps, delays } = fakeTime();
        const outcome = await callFlow(flowCall(s), deps);
        expect(outcome).toMatchObject({ kind: "succeeded", responseText: "done" });
        expect(delays).toEqual([POLL_FLOOR_MS, 5_000]);
    });
});
