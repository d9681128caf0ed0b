// Power Automate emulator: "When an HTTP request is received" triggers on 127.0.0.1, with the
// trigger's three "Who can trigger the flow?" modes, Power Automate's status codes and error bodies,
// and scriptable flow behaviours (sync/async Response, 202, 429, 504, redirects, hangs, huge bodies,
// failures). Records every run, never the token. Test fixture only: nothing leaves the machine.
import { createCorsPolicy } from "./flow-cors-policy.mjs";
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { flowAudience } from "./flow-clouds.mjs";
import { FLOW_ERRORS, flowErrorBody } from "./flow-errors.mjs";
import { renderRunsPage } from "./flow-runs-page.mjs";
import { schemaViolation } from "./flow-schema.mjs";
import { allowedObjectIds, checkBearer } from "./flow-trigger-auth.mjs";
import {
    BodyTooLargeError,
    closeServer,
    isLoopbackOrigin,
    listen,
    readBody,
    sendEmpty,
    sendHtml,
    sendJson,
    sendText,
    trackConnections,
} from "./http-messages.mjs";
import { requestLoopback } from "./loopback-client.mjs";
import { checkSas, sasQuery, statusPermission, triggerPermission } from "./sas-signature.mjs";

const INVOKE_PATH =
    /^\/powerautomate\/automations\/direct(?:\/cu\/(\d{1,6}))?\/workflows\/([0-9a-fA-F]{32})\/triggers\/([A-Za-z0-9_-]{1,128})\/paths\/invoke$/;
const LEGACY_INVOKE_PATH = /^\/workflows\/([0-9a-fA-F]{32})\/triggers\/([A-Za-z0-9_-]{1,128})\/paths\/invoke$/;
const STATUS_PATH =
    /^\/powerautomate\/automations\/direct\/workflows\/([0-9a-fA-F]{32})\/runs\/([0-9A-Z]{1,64})\/operations\/([0-9a-f-]{36})$/;

/** Request headers never written to a run record. */
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

const DEFAULT_MISMATCH_STATUS = Object.freeze({
    signature: 401,
    expired: 401,
    notYetValid: 401,
    audience: 403,
    tenant: 401,
    issuer: 401,
    user: 403,
});

const EXPOSED_HEADERS =
    "Location, Retry-After, x-ms-workflow-run-id, x-ms-client-tracking-id, x-ms-correlation-id, x-ms-request-id";

/**
 * Flow behaviours (what the flow does once the trigger accepted the call):
 * - { kind: "respond", status?: 200 | ((run) => number), body?: object | string | ((run) => object | string), contentType?,
 *     headers?, delayMs?, updatesRecord?: Record<string, unknown> | ((run) => Record<string, unknown>) }
 *     a Response action; past `syncTimeoutMs` the caller gets 504 instead. `updatesRecord`: an "Update a row"
 *     action before it, on the payload's record, through `options.records` (the form host's Dataverse).
 * - { kind: "accepted" }                            no Response action: 202, empty body, at once.
 * - { kind: "async", pendingPolls?: 1, retryAfterSeconds?: 1, final?: { status, body, contentType?, headers? }, updatesRecord? }
 *     asynchronous Response: 202 + Location (+ Retry-After); the status URL answers 202 `pendingPolls` times, then `final`.
 * - { kind: "redirect", status?: 302, location }   answers a redirect the client must not follow.
 * - { kind: "hang" }                                never answers (until the client gives up or the emulator closes).
 * - { kind: "huge", bytes?: 5_000_000 }             200 with a JSON body of about `bytes` bytes.
 * - { kind: "fail", status?: 502 }                  502 NoResponse, or 500 InternalServerError, or any status.
 */
export const DEFAULT_BEHAVIOR = Object.freeze({ kind: "respond", status: 200 });

function defaultWorkflowId(name) {
    return createHash("sha256").update(`flow:${name}`).digest("hex").slice(0, 32);
}

function newRunId() {
    let digits = "";
    for (let index = 0; index < 24; index += 1) digits += randomInt(10);
    return `08584${digits}CU${String(randomInt(100)).padStart(2, "0")}`;
}

/**
 * @param {object} [options]
 * @param {number} [options.port] 0 (default) picks a free port
 * @param {{ key: string, cert: string }} [options.tls] serve HTTPS with this key/certificate (default HTTP)
 * @param {object} [options.entra] a started Entra ID emulator: supplies JWKS (fetched over HTTPS), tenant, issuers and the user table
 * @param {{ keys: object[] }} [options.jwks] signing keys, instead of fetching them from `entra`
 * @param {string} [options.tenantId] default tenant of the flows (default: entra.homeTenantId)
 * @param {Array<{ upn: string, oid: string }>} [options.directory] users for resolving "Specific users" emails (default: entra.users)
 * @param {(tenantId: string) => string[]} [options.issuersFor] accepted `iss` values per tenant
 * @param {Record<string, object>} [options.flows] flow name -> { mode: "Tenant"|"User"|"All", allowedUsers, cloud, audience, tenantId,
 *        enabled, schema, behavior, throttle: { count, retryAfterSeconds }, workflowId, triggerName, method, polling: "sas"|"bearer" }
 * @param {number} [options.syncTimeoutMs] synchronous Response limit (Power Automate: 120 000)
 * @param {number} [options.clockSkewSeconds] tolerance on exp/nbf (default 300)
 * @param {"loopback" | "*" | string[]} [options.allowedOrigins] CORS origins (default: any loopback origin)
 * @param {Partial<typeof DEFAULT_MISMATCH_STATUS>} [options.mismatchStatus] 401 or 403 per MisMatchingOAuthClaims cause
 * @param {number} [options.maxBodyBytes] default 10 MB
 * @param {{ preflight?: string, exposeLocation?: boolean }} [options.cors] CORS answers (flow-cors-policy.mjs)
 * @param {() => number} [options.now] clock in ms
 * @param {{ update(table: string, id: string, changes: Record<string, unknown>): void }} [options.records]
 *        the environment's Dataverse, for flows that update the record they were called for
 */
export async function startPowerAutomateEmulator(options = {}) {
    const entra = options.entra;
    const now = options.now ?? (() => Date.now());
    const defaultTenantId = options.tenantId ?? entra?.homeTenantId;
    const directoryUsers = options.directory ?? entra?.users ?? [];
    const issuersFor =
        options.issuersFor ??
        ((tenantId) => [`https://sts.windows.net/${tenantId}/`, ...(entra ? [entra.idTokenIssuerFor(tenantId)] : [])]);
    const syncTimeoutMs = options.syncTimeoutMs ?? 120_000;
    const clockSkewSeconds = options.clockSkewSeconds ?? 300;
    const allowedOrigins = options.allowedOrigins ?? "loopback";
    const mismatchStatus = { ...DEFAULT_MISMATCH_STATUS, ...(options.mismatchStatus ?? {}) };
    const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
    // Preflight and exposed-header answers by option (flow-cors-policy.mjs), for the setup page's CORS diagnosis.
    const cors = createCorsPolicy(options.cors);

    // What reset() restores: the flows given at start and those installed since (a solution import, installFlow).
    const installedConfigs = new Map(Object.entries(options.flows ?? {}));
    const flows = new Map();
    // One SAS key per flow name for the emulator's lifetime, so URLs survive reset().
    const sasKeys = new Map();
    function defineFlow(name, config) {
        const tenantId = config.tenantId ?? defaultTenantId;
        if (!tenantId) throw new Error(`Flow ${name}: no tenantId (pass options.tenantId or options.entra)`);
        const mode = config.mode ?? "Tenant";
        if (!["Tenant", "User", "All"].includes(mode)) throw new Error(`Flow ${name}: unknown mode ${mode}`);
        flows.set(name, {
            name,
            workflowId: (config.workflowId ?? defaultWorkflowId(name)).toLowerCase(),
            triggerName: config.triggerName ?? "manual",
            method: (config.method ?? "POST").toUpperCase(),
            mode,
            allowedUsers: [...(config.allowedUsers ?? [])],
            cloud: config.cloud ?? "Public",
            audience: config.audience ?? flowAudience(config.cloud ?? "Public"),
            tenantId,
            enabled: config.enabled ?? true,
            schema: config.schema === undefined ? { type: "object" } : config.schema,
            behavior: config.behavior ?? DEFAULT_BEHAVIOR,
            throttle: config.throttle ?? null,
            throttledCalls: 0,
            refusals: [],
            polling: config.polling ?? "sas",
            sasKey: config.sasKey ?? sasKeys.get(name) ?? sasKeys.set(name, randomBytes(32)).get(name),
        });
    }
    for (const [name, config] of installedConfigs) defineFlow(name, config);

    const runs = [];
    const preflights = [];
    // Endpoints other modules mount (../starter-import.mjs: listCallbackUrl); each returns true when it answered.
    const extraRoutes = [];
    const operations = new Map();
    const timers = new Set();

    const server = options.tls
        ? https.createServer({ key: options.tls.key, cert: options.tls.cert })
        : http.createServer();
    const connections = trackConnections(server);
    const port = await listen(server, options.port ?? 0, "127.0.0.1");
    const origin = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;

    // ---- signing keys ----------------------------------------------------------------------------------

    let cachedJwks;
    let jwksFetchedAt = 0;
    async function signingKeys(kid) {
        if (options.jwks) return options.jwks;
        if (!entra) return { keys: [] };
        const known = cachedJwks?.keys?.some((key) => key.kid === kid);
        // Refetch on an unknown key id (key rollover), at most every 5 s.
        if (!cachedJwks || (!known && now() - jwksFetchedAt > 5000)) {
            const answer = await requestLoopback(entra.jwksUri(defaultTenantId), { ca: entra.certificate.ca });
            if (answer.status !== 200) throw new Error(`JWKS fetch failed: HTTP ${answer.status}`);
            cachedJwks = answer.json();
            jwksFetchedAt = now();
        }
        return cachedJwks;
    }

    function tokenKeyId(authorization) {
        const token = /^Bearer\s+(\S+)/i.exec(authorization ?? "")?.[1];
        try {
            return JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString("utf8")).kid;
        } catch {
            return undefined;
        }
    }

    // ---- CORS ----------------------------------------------------------------------------------------------

    function originAllowed(requestOrigin) {
        if (!requestOrigin) return false;
        if (allowedOrigins === "*") return true;
        if (allowedOrigins === "loopback") return isLoopbackOrigin(requestOrigin);
        return allowedOrigins.includes(requestOrigin);
    }

    function corsHeaders(request) {
        const requestOrigin = request.headers.origin;
        if (!originAllowed(requestOrigin)) return {};
        return {
            "Access-Control-Allow-Origin": requestOrigin,
            "Access-Control-Expose-Headers": cors.exposedHeaders(EXPOSED_HEADERS),
            Vary: "Origin",
        };
    }

    function answerPreflight(request, response, path) {
        const requestOrigin = request.headers.origin;
        const requestedHeaders = request.headers["access-control-request-headers"];
        preflights.push(
            Object.freeze({
                at: new Date(now()).toISOString(),
                path,
                origin: requestOrigin ?? null,
                method: request.headers["access-control-request-method"] ?? null,
                headers: requestedHeaders ?? null,
            }),
        );
        if (!originAllowed(requestOrigin) || cors.refusesPreflight()) return sendEmpty(response, 204);
        return sendEmpty(response, 204, {
            "Access-Control-Allow-Origin": requestOrigin,
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            // Any requested header, authorization and x-ms-client-tracking-id included.
            "Access-Control-Allow-Headers": cors.allowedHeaders(
                requestedHeaders ?? "authorization, content-type, x-ms-client-tracking-id",
            ),
            "Access-Control-Max-Age": "600",
            Vary: "Origin",
        });
    }

    // ---- responses ------------------------------------------------------------------------------------------

    function sendFlowError(request, response, entry, args = [], extraHeaders = {}, status = entry.status) {
        request.resume();
        sendJson(response, status, flowErrorBody(entry, args), {
            ...corsHeaders(request),
            "x-ms-request-id": randomUUID(),
            ...extraHeaders,
        });
    }

    function runHeaders(request, run) {
        return {
            ...corsHeaders(request),
            "x-ms-workflow-run-id": run.id,
            "x-ms-correlation-id": run.serviceCorrelationId,
            "x-ms-client-tracking-id": run.clientTrackingId ?? run.id,
            "x-ms-trigger-history-name": run.id,
            "x-ms-workflow-name": run.workflowId,
            "x-ms-request-id": randomUUID(),
        };
    }

    function schedule(response, delayMs, action) {
        const timer = setTimeout(() => {
            timers.delete(timer);
            action();
        }, delayMs);
        timers.add(timer);
        response.on("close", () => {
            clearTimeout(timer);
            timers.delete(timer);
        });
    }

    /** Writes a flow-defined answer ({ status, body, contentType, headers }). */
    function sendFlowAnswer(request, response, run, answer) {
        const status = answer.status ?? 200;
        const body = typeof answer.body === "function" ? answer.body(run) : answer.body;
        const headers = { ...runHeaders(request, run), ...(answer.headers ?? {}) };
        run.status = status;
        if (body === undefined) return sendEmpty(response, status, headers);
        if (typeof body === "string") {
            const text = body;
            response.writeHead(status, {
                "Content-Type": answer.contentType ?? "text/plain; charset=utf-8",
                "Content-Length": Buffer.byteLength(text),
                ...headers,
            });
            return response.end(text);
        }
        return sendJson(
            response,
            status,
            body,
            answer.contentType ? { "Content-Type": answer.contentType, ...headers } : headers,
        );
    }

    function statusUrl(flow, run, operationId) {
        const path = `/powerautomate/automations/direct/workflows/${flow.workflowId}/runs/${run.id}/operations/${operationId}`;
        const sas =
            flow.polling === "sas"
                ? `&${sasQuery(flow.sasKey, flow.workflowId, statusPermission(run.id, operationId))}`
                : "";
        return `${origin}${path}?api-version=1${sas}`;
    }

    /** The flow's "Update a row" step: the record named in the payload, in the environment's Dataverse. */
    function updateCallingRecord(run, updates) {
        const record = run.payload?.record;
        if (!options.records || !record?.table || !record?.id) return;
        const changes = typeof updates === "function" ? updates(run) : updates;
        options.records.update(record.table, record.id, changes);
        run.updatedRecord = { table: record.table, id: record.id, columns: Object.keys(changes) };
    }

    function runBehavior(request, response, flow, run) {
        const behavior = flow.behavior;
        run.behavior = behavior.kind;
        switch (behavior.kind) {
            case "respond": {
                const delayMs = behavior.delayMs ?? 0;
                if (behavior.updatesRecord) updateCallingRecord(run, behavior.updatesRecord);
                const answer = () =>
                    sendFlowAnswer(request, response, run, {
                        // A function answers per run (e.g. one record of a batch fails).
                        status: typeof behavior.status === "function" ? behavior.status(run) : behavior.status,
                        body: behavior.body ?? { message: `Flow '${flow.name}' ran.` },
                        contentType: behavior.contentType,
                        headers: behavior.headers,
                    });
                if (delayMs >= syncTimeoutMs) {
                    // The Response action is not reached in time: the caller gets 504, the run goes on.
                    return schedule(response, syncTimeoutMs, () => {
                        run.status = 504;
                        sendJson(response, 504, flowErrorBody(FLOW_ERRORS.gatewayTimeout), runHeaders(request, run));
                    });
                }
                return delayMs > 0 ? schedule(response, delayMs, answer) : answer();
            }
            case "accepted":
                run.status = 202;
                return sendEmpty(response, 202, runHeaders(request, run));
            case "async": {
                if (behavior.updatesRecord) updateCallingRecord(run, behavior.updatesRecord);
                const operationId = randomUUID();
                const retryAfter = String(behavior.retryAfterSeconds ?? 1);
                operations.set(operationId, {
                    flow,
                    run,
                    pendingPolls: behavior.pendingPolls ?? 1,
                    retryAfter,
                    final: behavior.final ?? { status: 200, body: { message: `Flow '${flow.name}' finished.` } },
                });
                run.status = 202;
                run.statusUrl = statusUrl(flow, run, operationId).replace(/&sig=[^&]*/, "&sig=***");
                return sendEmpty(response, 202, {
                    ...runHeaders(request, run),
                    Location: statusUrl(flow, run, operationId),
                    "Retry-After": retryAfter,
                });
            }
            case "redirect":
                run.status = behavior.status ?? 302;
                return sendEmpty(response, run.status, { ...runHeaders(request, run), Location: behavior.location });
            case "hang":
                // Never answered: the socket stays open until the client aborts or close() destroys it.
                return undefined;
            case "huge": {
                const bytes = Math.max(16, behavior.bytes ?? 5_000_000);
                const filler = "x".repeat(bytes - `{"data":""}`.length);
                run.status = 200;
                return sendText(response, 200, `{"data":"${filler}"}`, {
                    ...runHeaders(request, run),
                    "Content-Type": "application/json; charset=utf-8",
                });
            }
            case "fail": {
                const status = behavior.status ?? 502;
                run.status = status;
                const entry =
                    status === 502
                        ? FLOW_ERRORS.noResponse
                        : status === 504
                          ? FLOW_ERRORS.gatewayTimeout
                          : FLOW_ERRORS.internalError;
                return sendJson(
                    response,
                    status,
                    flowErrorBody(entry, [run.serviceCorrelationId]),
                    runHeaders(request, run),
                );
            }
            default:
                run.status = 500;
                return sendJson(
                    response,
                    500,
                    flowErrorBody(FLOW_ERRORS.internalError, [run.serviceCorrelationId]),
                    runHeaders(request, run),
                );
        }
    }

    // ---- the trigger ----------------------------------------------------------------------------------------

    /** @returns {Promise<{ ok: true, caller: object | null } | { ok: false }>} having answered on failure */
    async function authenticate(request, response, flow, url) {
        const authorization = request.headers.authorization;
        // A bearer next to a signature: the platform accepts one scheme only, and asks for the signature alone.
        if (authorization && url.searchParams.has("sig")) return fail(FLOW_ERRORS.authorizationRequired);
        if (flow.mode === "All") {
            if (authorization) return fail(FLOW_ERRORS.bearerOnSharedAccessFlow);
            const sas = checkSas(flow.sasKey, flow.workflowId, triggerPermission(flow.triggerName), url.searchParams);
            if (sas === "missing") return fail(FLOW_ERRORS.authorizationRequired);
            if (sas === "invalid") return fail(FLOW_ERRORS.invalidSignature);
            return { ok: true, caller: null };
        }
        if (!authorization) return fail(FLOW_ERRORS.oauthSchemeRequired);
        const allowedOids =
            flow.mode === "User" && flow.allowedUsers.length > 0
                ? allowedObjectIds(flow.allowedUsers, directoryUsers)
                : null;
        const result = checkBearer({
            authorization,
            jwks: await signingKeys(tokenKeyId(authorization)),
            audience: flow.audience,
            tenantId: flow.tenantId,
            issuers: issuersFor(flow.tenantId),
            allowedOids,
            nowSeconds: Math.floor(now() / 1000),
            clockSkewSeconds,
        });
        if (!result.ok) {
            if (result.failure === "noToken") return fail(FLOW_ERRORS.oauthSchemeRequired);
            return fail(FLOW_ERRORS.claimsMismatch, mismatchStatus[result.failure], result.failure);
        }
        const { oid, upn, name, tid } = result.claims;
        return { ok: true, caller: { oid, upn: upn ?? result.claims.unique_name, name, tid } };

        function fail(entry, status = entry.status, reason) {
            sendFlowError(request, response, entry, [], reason ? { "x-emulator-reject-reason": reason } : {}, status);
            return { ok: false };
        }
    }

    async function handleInvoke(request, response, url, match) {
        if (!url.searchParams.get("api-version"))
            return sendFlowError(request, response, FLOW_ERRORS.missingApiVersion);
        const { workflowId, triggerName } = match;
        const flow = [...flows.values()].find((candidate) => candidate.workflowId === workflowId.toLowerCase());
        if (!flow) return sendFlowError(request, response, FLOW_ERRORS.workflowNotFound, [workflowId]);
        if (flow.triggerName !== triggerName)
            return sendFlowError(request, response, FLOW_ERRORS.triggerNotFound, [workflowId, triggerName]);

        const auth = await authenticate(request, response, flow, url);
        if (!auth.ok) return undefined;
        if (!flow.enabled)
            return sendFlowError(request, response, FLOW_ERRORS.triggerNotEnabled, [flow.workflowId, flow.triggerName]);
        if (request.method !== flow.method)
            return sendFlowError(request, response, FLOW_ERRORS.methodNotValid, [flow.method, request.method]);
        const refusal = flow.refusals.shift();
        if (refusal) {
            // The platform's own refusal, after the caller's credentials were checked: no run is created.
            const headers =
                refusal.retryAfterSeconds === undefined ? {} : { "Retry-After": String(refusal.retryAfterSeconds) };
            const at = new Date(now());
            const args = [new Date(at.getTime() - 60_000).toUTCString(), at.toUTCString()];
            return sendFlowError(
                request,
                response,
                refusal.entry,
                refusal.entry === FLOW_ERRORS.throttled ? [refusal.retryAfterSeconds ?? 1] : args,
                headers,
            );
        }
        if (flow.throttle && flow.throttledCalls < flow.throttle.count) {
            // Throttled calls never start a run.
            flow.throttledCalls += 1;
            const retryAfter = String(flow.throttle.retryAfterSeconds ?? 1);
            return sendFlowError(request, response, FLOW_ERRORS.throttled, [retryAfter], { "Retry-After": retryAfter });
        }

        let raw;
        try {
            raw = await readBody(request, maxBodyBytes);
        } catch (error) {
            if (error instanceof BodyTooLargeError)
                return sendFlowError(request, response, FLOW_ERRORS.contentTooLarge, [maxBodyBytes]);
            throw error;
        }
        const contentType = String(request.headers["content-type"] ?? "");
        const text = raw.toString("utf8");
        let payload = text;
        let isJson = false;
        if (/[/+]json\b/i.test(contentType)) {
            try {
                payload = text === "" ? null : JSON.parse(text);
                isJson = true;
            } catch (error) {
                return sendFlowError(request, response, FLOW_ERRORS.invalidRequestContent, [error.message]);
            }
        }
        if (flow.schema) {
            const violation = isJson ? schemaViolation(payload, flow.schema) : schemaViolation(text, flow.schema);
            if (violation)
                return sendFlowError(request, response, FLOW_ERRORS.schemaMismatch, [flow.triggerName, violation]);
        }

        const headers = Object.fromEntries(
            Object.entries(request.headers).filter(([name]) => !SECRET_HEADERS.has(name)),
        );
        const clientTrackingId =
            typeof request.headers["x-ms-client-tracking-id"] === "string"
                ? request.headers["x-ms-client-tracking-id"]
                : null;
        const payloadCorrelationId =
            isJson && payload && typeof payload === "object" && typeof payload.correlationId === "string"
                ? payload.correlationId
                : null;
        const query = Object.fromEntries([...url.searchParams].filter(([name]) => name !== "sig"));
        const run = {
            id: newRunId(),
            flow: flow.name,
            workflowId: flow.workflowId,
            authMode: flow.mode,
            at: new Date(now()).toISOString(),
            method: request.method,
            path: url.pathname,
            query,
            headers,
            contentType: contentType || null,
            payload,
            caller: auth.caller,
            correlationId: clientTrackingId ?? payloadCorrelationId,
            clientTrackingId,
            payloadCorrelationId,
            serviceCorrelationId: randomUUID(),
            status: null,
            behavior: null,
            polls: [],
        };
        runs.push(run);
        return runBehavior(request, response, flow, run);
    }

    async function handleStatus(request, response, url, match) {
        const operation = operations.get(match.operationId);
        if (
            !operation ||
            operation.run.id !== match.runId ||
            operation.flow.workflowId !== match.workflowId.toLowerCase()
        ) {
            return sendFlowError(request, response, FLOW_ERRORS.runNotFound, [match.workflowId, match.runId]);
        }
        const { flow, run } = operation;
        const hadAuthorization = Boolean(request.headers.authorization);
        if (flow.polling === "sas") {
            // As on the trigger: a signed status URL takes the signature alone.
            if (hadAuthorization) return sendFlowError(request, response, FLOW_ERRORS.authorizationRequired);
            const sas = checkSas(
                flow.sasKey,
                flow.workflowId,
                statusPermission(run.id, match.operationId),
                url.searchParams,
            );
            if (sas !== "valid")
                return sendFlowError(
                    request,
                    response,
                    sas === "missing" ? FLOW_ERRORS.authorizationRequired : FLOW_ERRORS.invalidSignature,
                );
        } else {
            const auth = await authenticate(request, response, flow, url);
            if (!auth.ok) return undefined;
        }
        request.resume();
        if (operation.pendingPolls > 0) {
            operation.pendingPolls -= 1;
            run.polls.push(Object.freeze({ at: new Date(now()).toISOString(), status: 202, hadAuthorization }));
            return sendEmpty(response, 202, {
                ...runHeaders(request, run),
                Location: statusUrl(flow, run, match.operationId),
                "Retry-After": operation.retryAfter,
            });
        }
        run.polls.push(
            Object.freeze({
                at: new Date(now()).toISOString(),
                status: operation.final.status ?? 200,
                hadAuthorization,
            }),
        );
        return sendFlowAnswer(request, response, run, operation.final);
    }

    // ---- routing ----------------------------------------------------------------------------------------------

    async function route(request, response) {
        const url = new URL(request.url ?? "/", origin);
        const path = url.pathname;
        for (const extra of extraRoutes) if (await extra(request, response, url)) return undefined;
        const invoke = INVOKE_PATH.exec(path);
        const legacy = invoke ? null : LEGACY_INVOKE_PATH.exec(path);
        const status = STATUS_PATH.exec(path);
        if (request.method === "OPTIONS" && (invoke || legacy || status))
            return answerPreflight(request, response, path);
        if (invoke) return handleInvoke(request, response, url, { workflowId: invoke[2], triggerName: invoke[3] });
        if (legacy) return handleInvoke(request, response, url, { workflowId: legacy[1], triggerName: legacy[2] });
        if (status && request.method === "GET")
            return handleStatus(request, response, url, {
                workflowId: status[1],
                runId: status[2],
                operationId: status[3],
            });
        if (path === "/runs" && request.method === "GET")
            return sendJson(response, 200, runs, { "Cache-Control": "no-store" });
        if (path === "/runs" && request.method === "DELETE") {
            runs.length = 0;
            return sendEmpty(response, 204);
        }
        if ((path === "/" || path === "/runs.html") && request.method === "GET")
            return sendHtml(response, 200, renderRunsPage(runs));
        if (path === "/flows" && request.method === "GET")
            return sendJson(response, 200, flowSummaries(), { "Cache-Control": "no-store" });
        request.resume();
        return sendText(response, 404, "Not found");
    }

    server.on("request", (request, response) => {
        route(request, response).catch((error) => {
            if (response.headersSent) return response.destroy();
            return sendText(response, 500, `Emulator error: ${error.message}`);
        });
    });

    // ---- public API ---------------------------------------------------------------------------------------------

    function requireFlow(name) {
        const flow = flows.get(name);
        if (!flow) throw new Error(`Unknown flow: ${name}`);
        return flow;
    }

    function flowUrl(name, { cu, legacy = false } = {}) {
        const flow = requireFlow(name);
        const sas =
            flow.mode === "All"
                ? `&${sasQuery(flow.sasKey, flow.workflowId, triggerPermission(flow.triggerName))}`
                : "";
        if (legacy)
            return `${origin}/workflows/${flow.workflowId}/triggers/${flow.triggerName}/paths/invoke?api-version=2016-06-01${sas}`;
        const scaleUnit = cu === undefined ? "" : `/cu/${cu}`;
        return `${origin}/powerautomate/automations/direct${scaleUnit}/workflows/${flow.workflowId}/triggers/${flow.triggerName}/paths/invoke?api-version=1${sas}`;
    }

    function flowSummaries() {
        return Object.fromEntries(
            [...flows.values()].map((flow) => [
                flow.name,
                Object.freeze({
                    name: flow.name,
                    workflowId: flow.workflowId,
                    triggerName: flow.triggerName,
                    mode: flow.mode,
                    allowedUsers: [...flow.allowedUsers],
                    cloud: flow.cloud,
                    audience: flow.audience,
                    tenantId: flow.tenantId,
                    enabled: flow.enabled,
                    behavior: flow.behavior.kind,
                    throttledCalls: flow.throttledCalls,
                }),
            ]),
        );
    }

    return Object.freeze({
        url: origin,
        port,
        /** Snapshot of the flows' settings (no SAS keys). */
        get flows() {
            return flowSummaries();
        },
        /** Every run, oldest first. Headers minus Authorization/Cookie; caller from the token; never the token. */
        runs,
        /** CORS preflights received: origin, requested method and headers. */
        preflights,
        flowUrl,
        /** Mounts an endpoint: `(request, response, url) => Promise<boolean>` (true = answered). */
        addRoute(handler) {
            extraRoutes.push(handler);
        },
        /** Checks a bearer token as an "Any user in my tenant" trigger does; the claims or the failure. */
        async verifyBearer(authorization, audience = flowAudience("Public")) {
            return checkBearer({
                authorization,
                jwks: await signingKeys(tokenKeyId(authorization)),
                audience,
                tenantId: defaultTenantId,
                issuers: issuersFor(defaultTenantId),
                allowedOids: null,
                nowSeconds: Math.floor(now() / 1000),
                clockSkewSeconds,
            });
        },
        /** Adds or replaces a flow for the current test; reset() drops it (or restores the installed one). */
        addFlow(name, config = {}) {
            defineFlow(name, config);
        },
        /**
         * Adds or replaces a flow as part of the environment, as a solution import does (../starter-import.mjs):
         * reset() restores it with these settings, like the flows given at start.
         */
        installFlow(name, config = {}) {
            defineFlow(name, config);
            installedConfigs.set(name, config);
        },
        setBehavior(name, behavior) {
            requireFlow(name).behavior = behavior;
        },
        /** Changes settings of a flow: mode, allowedUsers, enabled, schema, throttle, audience, cloud, polling. */
        updateFlow(name, patch) {
            const flow = requireFlow(name);
            for (const key of [
                "mode",
                "allowedUsers",
                "enabled",
                "schema",
                "throttle",
                "audience",
                "tenantId",
                "polling",
                "method",
            ]) {
                if (key in patch) flow[key] = patch[key];
            }
            if ("cloud" in patch) {
                flow.cloud = patch.cloud;
                if (!("audience" in patch)) flow.audience = flowAudience(patch.cloud);
            }
            if ("throttle" in patch) flow.throttledCalls = 0;
        },
        /** CORS answers: { preflight: "allow" | "refuseAll" | "refuseTrackingHeader", exposeLocation } (reset() restores). */
        setCors(patch) {
            cors.set(patch);
        },
        /** Deletes a flow: its URL then answers 404 WorkflowNotFound, as a deleted or re-created flow's old URL. */
        removeFlow(name) {
            requireFlow(name);
            flows.delete(name);
        },
        /** Answers the next `count` calls with 429 + Retry-After (no run is created for them). */
        throttle(name, count, retryAfterSeconds = 1) {
            const flow = requireFlow(name);
            flow.throttle = { count, retryAfterSeconds };
            flow.throttledCalls = 0;
        },
        /**
         * Answers the next `count` calls with the platform's own refusal `name` (a FLOW_ERRORS key such as
         * "expiredToken", "throttled", "claimsMismatch"), its status and error body, before any run exists.
         * `retryAfterSeconds` adds Retry-After. A flow's own answer with any status is setBehavior(…, respond).
         */
        refuse(flowName, name, { count = 1, retryAfterSeconds } = {}) {
            const flow = requireFlow(flowName);
            if (!Object.hasOwn(FLOW_ERRORS, name)) throw new Error(`Unknown platform refusal: ${name}`);
            const entry = FLOW_ERRORS[name];
            for (let index = 0; index < count; index += 1) flow.refusals.push({ entry, retryAfterSeconds });
        },
        /**
         * Clears runs, preflights and pending status URLs; restores every installed flow (given at start or by
         * installFlow) to its installed settings and drops the ones addFlow added.
         */
        reset() {
            runs.length = 0;
            preflights.length = 0;
            cors.reset();
            operations.clear();
            flows.clear();
            for (const [name, config] of installedConfigs) defineFlow(name, config);
        },
        close() {
            for (const timer of timers) clearTimeout(timer);
            timers.clear();
            return closeServer(server, connections);
        },
    });
}
