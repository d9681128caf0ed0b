/**
 * One click's HTTP conversation with the flow: POST, at most one token refresh, bounded retries
 * of answers that prove no run exists (429, 503 + Retry-After), 202 polling, never a redirect.
 * Anything that may have reached the flow (5xx, timeout, network error) is not repeated:
 * one click must never start two runs.
 */

import type { UrlPolicyOptions } from "./urlPolicy";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import type { TriggerOutcome } from "../contracts/run";
import { classifyStatus, failureMessage } from "./flowErrors";
import {
    displayTextFromBody,
    errorCodeFromBody,
    flowMessageFromErrorBody,
    readCappedText,
    RESPONSE_LIMITS,
} from "./responseReader";
import { parseRetryAfter, pollDelay, RETRY_LIMITS, throttleRetryDelay } from "./retryPolicy";
import { checkFlowUrl, checkFollowUpUrl } from "./urlPolicy";

/** What the transport needs from its host: injected so tests control the network and the clock. */
export interface TransportDeps {
    fetch: typeof fetch;
    /** Resolves after `ms`, or early when `signal` aborts. */
    sleep(ms: number, signal: AbortSignal): Promise<void>;
    now(): number;
}

export interface FlowCall {
    /** Already passed checkFlowUrl; checked again before every send. */
    url: URL;
    /** JSON text of the payload. */
    body: string;
    correlationId: string;
    policy: UrlPolicyOptions;
    /** EntraUser mode only; may throw UserFacingError. */
    getToken?: (forceRefresh: boolean) => Promise<string>;
    /** Per request (headers and capped body), including each status request while polling. */
    timeoutMs: number;
    /** Bound on the whole call: retries, waits and polling. Default RETRY_LIMITS.defaultMaxTotalMs. */
    maxTotalMs?: number;
    /** Aborted when the control goes away. */
    signal: AbortSignal;
    /**
     * Send the correlation id as `x-ms-client-tracking-id` (the run's client tracking id in run history).
     * Default false: the header must be allowed by the trigger's CORS preflight, which no public source shows;
     * without it the request carries only Content-Type and, in EntraUser mode, Authorization.
     */
    sendTrackingHeader?: boolean;
}

const TRACKING_HEADER = "x-ms-client-tracking-id";
const SAFE_HEADER_VALUE = /^[A-Za-z0-9._:-]{1,128}$/;
/** First POST + one token refresh + throttling retries: the most POSTs one click can make. */
const MAX_POST_ATTEMPTS = 2 + RETRY_LIMITS.maxThrottleRetries;

/** Never throws: every path ends in one outcome that carries the correlation id. */
export async function callFlow(call: FlowCall, deps: TransportDeps): Promise<TriggerOutcome> {
    try {
        return await new FlowConversation(call, deps).run();
    } catch {
        return failed(message("Error_Flow_Unexpected", call.correlationId), call.correlationId);
    }
}

interface Answer {
    readonly status: number;
    readonly opaqueRedirect: boolean;
    readonly location: string | null;
    readonly retryAfterMs: number | undefined;
    readonly bodyText: string;
}

type Exchange =
    | { readonly kind: "answer"; readonly answer: Answer }
    | { readonly kind: "cancelled" }
    /** No answer within the per-request time: the request may have reached the flow. */
    | { readonly kind: "timeout" }
    /** fetch rejected: network, DNS, TLS, CORS or CSP. Not an authorization problem. */
    | { readonly kind: "network" }
    | { readonly kind: "outOfTime" };

type TokenResult = { ok: true; token: string | undefined } | { ok: false; outcome: TriggerOutcome };

class FlowConversation {
    private readonly deadline: number;

    constructor(
        private readonly call: FlowCall,
        private readonly deps: TransportDeps,
    ) {
        this.deadline = deps.now() + (call.maxTotalMs ?? RETRY_LIMITS.defaultMaxTotalMs);
    }

    async run(): Promise<TriggerOutcome> {
        let tokenRefreshed = false;
        let throttleRetries = 0;
        for (let attempt = 0; attempt < MAX_POST_ATTEMPTS; attempt++) {
            if (this.call.signal.aborted) return this.cancelled();
            // Defence in depth: the caller checked the URL, check again right before a token is attached.
            const check = checkFlowUrl(this.call.url.href, this.call.policy);
            if (!check.ok) return this.fail(check.reason);

            const token = await this.token(check.value.sendsToken, tokenRefreshed);
            if (!token.ok) return token.outcome;

            const exchange = await this.send("POST", check.value.url, token.token);
            switch (exchange.kind) {
                case "cancelled":
                    return this.cancelled();
                case "timeout":
                    return this.fail(message("Error_Flow_TimedOut", this.call.correlationId));
                case "network":
                    return this.fail(message("Error_Flow_Unreachable", this.call.correlationId));
                case "outOfTime":
                    return this.fail(message("Error_Run_TimeLimit"));
                case "answer":
                    break;
            }
            const answer = exchange.answer;
            const kind = classifyStatus(answer.status, answer.opaqueRedirect);
            if (kind === "accepted") {
                return answer.location === null ? this.started() : this.poll(answer.location, answer.retryAfterMs);
            }
            if (kind === "auth" && token.token !== undefined && !tokenRefreshed) {
                // 401/403 means the trigger refused the token: no run exists, a fresh token may help once.
                tokenRefreshed = true;
                continue;
            }
            if (kind === "throttled" || kind === "unavailable") {
                const delay = throttleRetryDelay(answer.status, answer.retryAfterMs, throttleRetries);
                if (delay !== undefined && this.remaining() > delay) {
                    throttleRetries++;
                    await this.wait(delay);
                    continue;
                }
            }
            return this.conclude(answer);
        }
        // Unreachable with the counts above; kept so the loop has a visible bound and an exit.
        return this.fail(message("Error_Flow_Throttled", this.call.correlationId));
    }

    /** 202 + Location: GET the status URL until it stops answering 202, within count and time bounds. */
    private async poll(firstLocation: string, firstRetryAfterMs: number | undefined): Promise<TriggerOutcome> {
        let location = firstLocation;
        let delay = pollDelay(firstRetryAfterMs);
        let networkFailures = 0;
        for (let polls = 0; polls < RETRY_LIMITS.maxPolls; polls++) {
            // Out of time: the run started and is still going; its end is not known here.
            if (this.remaining() <= delay) return this.started();
            await this.wait(delay);
            if (this.call.signal.aborted) return this.cancelled();

            const check = checkFollowUpUrl(location, this.call.url, this.call.policy);
            if (!check.ok) {
                return this.fail(
                    message("Error_Flow_PollUrlRejected", hostOf(location, this.call.url), this.call.correlationId),
                );
            }
            const token = await this.token(check.value.sendsToken, false);
            if (!token.ok) return token.outcome;

            const exchange = await this.send("GET", check.value.url, token.token);
            if (exchange.kind === "cancelled") return this.cancelled();
            if (exchange.kind === "outOfTime") return this.started();
            if (exchange.kind === "timeout" || exchange.kind === "network") {
                // A status GET creates nothing: repeat it a few times before giving up.
                networkFailures++;
                if (networkFailures > RETRY_LIMITS.maxPollNetworkFailures) {
                    return this.fail(message("Error_Flow_PollFailed", this.call.correlationId));
                }
                delay = pollDelay(undefined);
                continue;
            }
            networkFailures = 0;
            const answer = exchange.answer;
            const kind = classifyStatus(answer.status, answer.opaqueRedirect);
            if (kind === "accepted") {
                if (answer.location !== null) location = answer.location;
                delay = pollDelay(answer.retryAfterMs);
                continue;
            }
            if (kind === "throttled" || kind === "unavailable") {
                delay = pollDelay(answer.retryAfterMs);
                continue;
            }
            return this.conclude(answer);
        }
        return this.started();
    }

    /** Final answer → outcome, with no further request. */
    private conclude(answer: Answer): TriggerOutcome {
        const kind = classifyStatus(answer.status, answer.opaqueRedirect);
        if (kind === "success") {
            const responseText = displayTextFromBody(answer.bodyText);
            return responseText === undefined
                ? { kind: "succeeded", correlationId: this.call.correlationId, status: answer.status }
                : { kind: "succeeded", correlationId: this.call.correlationId, status: answer.status, responseText };
        }
        if (kind === "accepted") return this.started();
        return this.fail(
            failureMessage(
                {
                    status: answer.opaqueRedirect ? 302 : answer.status,
                    errorCode: errorCodeFromBody(answer.bodyText),
                    flowMessage: flowMessageFromErrorBody(answer.bodyText),
                },
                this.call.correlationId,
                this.call.policy.authMode,
            ),
        );
    }

    private async token(allowed: boolean, forceRefresh: boolean): Promise<TokenResult> {
        const getToken = this.call.getToken;
        if (!allowed || getToken === undefined) return { ok: true, token: undefined };
        try {
            const token = await getToken(forceRefresh);
            if (this.call.signal.aborted) return { ok: false, outcome: this.cancelled() };
            if (typeof token !== "string" || token === "") {
                return { ok: false, outcome: this.fail(message("Error_Auth_TokenFailed")) };
            }
            return { ok: true, token };
        } catch (error: unknown) {
            if (this.call.signal.aborted) return { ok: false, outcome: this.cancelled() };
            const reason = error instanceof UserFacingError ? error.userMessage : message("Error_Auth_TokenFailed");
            return { ok: false, outcome: this.fail(reason) };
        }
    }

    /** One request with its own timeout, combined with the call's signal; the body is read capped. */
    private async send(method: "POST" | "GET", url: URL, token: string | undefined): Promise<Exchange> {
        const remaining = this.remaining();
        if (remaining <= 0) return { kind: "outOfTime" };
        if (this.call.signal.aborted) return { kind: "cancelled" };

        const controller = new AbortController();
        let timedOut = false;
        const onCallAbort = (): void => controller.abort();
        this.call.signal.addEventListener("abort", onCallAbort);
        const timer = setTimeout(
            () => {
                timedOut = true;
                controller.abort();
            },
            this.call.timeoutMs > 0 ? Math.min(this.call.timeoutMs, remaining) : remaining,
        );
        try {
            let response: Response;
            try {
                response = await this.deps.fetch(url.href, {
                    method,
                    headers: this.headers(method, token),
                    body: method === "POST" ? this.call.body : undefined,
                    credentials: "omit",
                    // A redirect is reported, never followed: the token must not travel on.
                    redirect: "manual",
                    cache: "no-store",
                    referrerPolicy: "no-referrer",
                    mode: "cors",
                    signal: controller.signal,
                });
            } catch {
                if (this.call.signal.aborted) return { kind: "cancelled" };
                return timedOut ? { kind: "timeout" } : { kind: "network" };
            }

            const opaqueRedirect = response.type === "opaqueredirect";
            let bodyText = "";
            if (opaqueRedirect || (response.status >= 300 && response.status <= 399)) {
                await response.body?.cancel().catch(() => undefined);
            } else {
                try {
                    bodyText = (await readCappedText(response, RESPONSE_LIMITS.maxBodyBytes)).text;
                } catch {
                    // The status already says what happened; only the text is lost.
                    if (this.call.signal.aborted) return { kind: "cancelled" };
                }
            }
            return {
                kind: "answer",
                answer: {
                    status: response.status,
                    opaqueRedirect,
                    location: response.headers.get("location"),
                    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), this.deps.now()),
                    bodyText,
                },
            };
        } finally {
            clearTimeout(timer);
            this.call.signal.removeEventListener("abort", onCallAbort);
        }
    }

    private headers(method: "POST" | "GET", token: string | undefined): Record<string, string> {
        const headers: Record<string, string> = {};
        if (method === "POST") headers["Content-Type"] = "application/json";
        if (token !== undefined) headers.Authorization = `Bearer ${token}`;
        if (this.call.sendTrackingHeader === true && SAFE_HEADER_VALUE.test(this.call.correlationId)) {
            headers[TRACKING_HEADER] = this.call.correlationId;
        }
        return headers;
    }

    /** An injected sleep that rejects must not end the call abnormally: the signal is checked next anyway. */
    private async wait(ms: number): Promise<void> {
        try {
            await this.deps.sleep(ms, this.call.signal);
        } catch {
            // Nothing to do: the caller checks the signal and the clock right after.
        }
    }

    private remaining(): number {
        return this.deadline - this.deps.now();
    }

    private started(): TriggerOutcome {
        return { kind: "started", correlationId: this.call.correlationId };
    }

    private cancelled(): TriggerOutcome {
        return failed(message("Error_Run_Cancelled"), this.call.correlationId);
    }

    private fail(reason: UserMessage): TriggerOutcome {
        return failed(reason, this.call.correlationId);
    }
}

function failed(error: UserMessage, correlationId: string): TriggerOutcome {
    return { kind: "failed", error, correlationId };
}

/** Host of a refused status URL, for the message; never its query. */
function hostOf(location: string, base: URL): string {
    try {
        const host = new URL(location, base).hostname;
        return host.length > 100 ? `${host.slice(0, 100)}…` : host;
    } catch {
        return "?";
    }
}
