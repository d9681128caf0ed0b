/**
 * One click's HTTP conversation with the flow: POST, 202 polling, never a redirect, and a second POST
 * only when the answer proves no run exists: the platform's own refusal (flowErrors.platformRefusal),
 * either an expired token (once, with a fresh token) or throttling (once, after Retry-After).
 * Anything that may have reached the flow (any other status, a timeout, a network error) is not
 * repeated: one click must never start two runs.
 */

import type { UrlPolicyOptions } from "./urlPolicy";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import { cancelledRun, failedRun, type TriggerOutcome } from "../contracts/run";
import {
    classifyStatus,
    failureMessage,
    platformRefusal,
    RUN_ID_HEADER,
    type FailedAnswer,
    type ResponseClass,
} from "./flowErrors";
import { displayTextFromBody, errorDetailsFromBody, MAX_BODY_BYTES, readCappedText } from "./responseReader";
import {
    DEFAULT_MAX_TOTAL_MS,
    MAX_POLL_NETWORK_FAILURES,
    MAX_POLLS,
    MAX_THROTTLE_RETRIES,
    parseRetryAfter,
    pollDelay,
    throttleRetryDelay,
} from "./retryPolicy";
import { checkFlowUrl, checkFollowUpUrl, shortenForMessage } from "./urlPolicy";

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
    /** Bound on the whole call: retries, waits and polling. Default DEFAULT_MAX_TOTAL_MS. */
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
/** First POST + one token refresh + throttling retries: the most POSTs one click can make (all after proven refusals). */
const MAX_POST_ATTEMPTS = 2 + MAX_THROTTLE_RETRIES;

/** Never throws: every path ends in one outcome that carries the correlation id. */
export async function callFlow(call: FlowCall, deps: TransportDeps): Promise<TriggerOutcome> {
    try {
        return await converse(call, deps);
    } catch {
        return failedRun(message("Error_Flow_Unexpected", call.correlationId), call.correlationId);
    }
}

/** An answer, with what its body tells about a failure (errorCode, flowMessage) already read. */
interface Answer extends FailedAnswer {
    /** A browser's opaque redirect (status 0) counts as 302: a redirect all the same. */
    readonly status: number;
    readonly kind: ResponseClass;
    readonly location: string | null;
    readonly retryAfterMs: number | undefined;
    readonly bodyText: string;
    /** A readable run id header: the answer comes from a run. */
    readonly fromRun: boolean;
}

/**
 * What one request ended with: the flow's answer, or why there is none.
 * "timeout": no answer within the per-request time, so the request may have reached the flow.
 * "network": fetch rejected (network, DNS, TLS, CORS or CSP), not an authorization problem.
 */
type Exchange = Answer | "cancelled" | "timeout" | "network" | "outOfTime";

/** The conversation's state lives in this closure: the call, the clock and the deadline. */
async function converse(call: FlowCall, deps: TransportDeps): Promise<TriggerOutcome> {
    const { correlationId, signal, policy, getToken } = call;
    const deadline = deps.now() + (call.maxTotalMs ?? DEFAULT_MAX_TOTAL_MS);
    const remaining = (): number => deadline - deps.now();
    const fail = (reason: UserMessage): TriggerOutcome => failedRun(reason, correlationId);
    const cancelled = (): TriggerOutcome => cancelledRun(correlationId);
    const started = (): TriggerOutcome => ({ kind: "started", correlationId });

    /** An injected sleep that rejects must not end the call abnormally: the signal is checked next anyway. */
    const wait = async (ms: number): Promise<void> => {
        try {
            await deps.sleep(ms, signal);
        } catch {
            // Nothing to do: the caller checks the signal and the clock right after.
        }
    };

    /** The bearer for one request, undefined when none may go, or the outcome that ends the call. */
    const tokenFor = async (allowed: boolean, forceRefresh: boolean): Promise<string | undefined | TriggerOutcome> => {
        if (!allowed || getToken === undefined) return undefined;
        try {
            const token = await getToken(forceRefresh);
            if (signal.aborted) return cancelled();
            if (typeof token === "string" && token !== "") return token;
        } catch (error: unknown) {
            if (signal.aborted) return cancelled();
            if (error instanceof UserFacingError) return fail(error.userMessage);
        }
        // No usable token, and no message of its own.
        return fail(message("Error_Auth_TokenFailed"));
    };

    /** One request with its own timeout, combined with the call's signal; the body is read capped. */
    const send = async (method: "POST" | "GET", url: URL, token: string | undefined): Promise<Exchange> => {
        const timeLeft = remaining();
        if (timeLeft <= 0) return "outOfTime";
        if (signal.aborted) return "cancelled";

        const isPost = method === "POST";
        const headers: Record<string, string> = isPost ? { "Content-Type": "application/json" } : {};
        if (token !== undefined) headers.Authorization = `Bearer ${token}`;
        if (call.sendTrackingHeader === true && SAFE_HEADER_VALUE.test(correlationId)) {
            headers[TRACKING_HEADER] = correlationId;
        }

        const controller = new AbortController();
        let timedOut = false;
        const onCallAbort = (): void => controller.abort();
        signal.addEventListener("abort", onCallAbort);
        const timer = setTimeout(
            () => {
                timedOut = true;
                controller.abort();
            },
            call.timeoutMs > 0 ? Math.min(call.timeoutMs, timeLeft) : timeLeft,
        );
        try {
            let response: Response;
            try {
                response = await deps.fetch(url.href, {
                    method,
                    headers,
                    body: isPost ? call.body : undefined,
                    credentials: "omit",
                    // A redirect is reported, never followed: the token must not travel on.
                    redirect: "manual",
                    // A POST never comes from the HTTP cache. "no-store" on it would also make Chromium skip its CORS
                    // preflight cache: one more round trip on every click. Status polls (GET) must never be cached.
                    cache: isPost ? "default" : "no-store",
                    referrerPolicy: "no-referrer",
                    mode: "cors",
                    signal: controller.signal,
                });
            } catch {
                return signal.aborted ? "cancelled" : timedOut ? "timeout" : "network";
            }

            const status = response.type === "opaqueredirect" ? 302 : response.status;
            const kind = classifyStatus(status);
            let bodyText = "";
            if (kind === "redirect") {
                await response.body?.cancel().catch(() => undefined);
            } else {
                try {
                    bodyText = await readCappedText(response, MAX_BODY_BYTES);
                } catch {
                    // The status already says what happened; only the text is lost.
                    if (signal.aborted) return "cancelled";
                }
            }
            return {
                status,
                kind,
                location: response.headers.get("location"),
                retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), deps.now()),
                bodyText,
                // Only a failure's body can name a platform code or carry the flow's message: no parse otherwise.
                ...(kind === "failure" && errorDetailsFromBody(bodyText)),
                fromRun: !!response.headers.get(RUN_ID_HEADER)?.trim(),
            };
        } finally {
            clearTimeout(timer);
            signal.removeEventListener("abort", onCallAbort);
        }
    };

    /** Final answer → outcome, with no further request. Never 202: both callers handle that first. */
    const conclude = (answer: Answer): TriggerOutcome => {
        if (answer.kind !== "success") {
            return fail(failureMessage(answer, correlationId, policy.authMode));
        }
        const responseText = displayTextFromBody(answer.bodyText);
        return { kind: "succeeded", correlationId, status: answer.status, ...(responseText && { responseText }) };
    };

    /** 202 + Location: GET the status URL until it stops answering 202, within count and time bounds. */
    const poll = async (firstLocation: string, firstRetryAfterMs: number | undefined): Promise<TriggerOutcome> => {
        let location = firstLocation;
        let delay = pollDelay(firstRetryAfterMs);
        let networkFailures = 0;
        let pollTokenRefreshed = false;
        let forceRefresh = false;
        for (let polls = 0; polls < MAX_POLLS; polls++) {
            // Out of time: the run started and is still going; its end is not known here.
            if (remaining() <= delay) return started();
            await wait(delay);
            if (signal.aborted) return cancelled();

            const check = checkFollowUpUrl(location, call.url, policy);
            if (!check.ok) {
                return fail(message("Error_Flow_PollUrlRejected", hostOf(location, call.url), correlationId));
            }
            const token = await tokenFor(check.value.sendsToken, forceRefresh);
            if (typeof token === "object") return token;
            forceRefresh = false;

            const answer = await send("GET", check.value.url, token);
            if (answer === "cancelled") return cancelled();
            if (answer === "outOfTime") return started();
            if (typeof answer === "string") {
                // Timeout or network error: a status GET creates nothing, so repeat it a few times before giving up.
                if (++networkFailures > MAX_POLL_NETWORK_FAILURES) {
                    return fail(message("Error_Flow_PollFailed", correlationId));
                }
                delay = pollDelay(undefined);
                continue;
            }
            networkFailures = 0;
            // Only the platform's own refusal (which only a failure status can carry) proves no run exists.
            const refusal = platformRefusal(answer);
            if (answer.kind === "accepted") {
                if (answer.location !== null) location = answer.location;
            } else if (refusal === "freshToken" && token !== undefined && !pollTokenRefreshed) {
                // A long run outlived the token; a status GET creates nothing, so ask again with a new one.
                pollTokenRefreshed = forceRefresh = true;
            } else if (refusal !== "afterRetryAfter") {
                // The run's final answer, the flow's own 429 and 503 among them.
                return conclude(answer);
            }
            delay = pollDelay(answer.retryAfterMs);
        }
        return started();
    };

    let tokenRefreshed = false;
    let throttleRetries = 0;
    for (let attempt = 0; attempt < MAX_POST_ATTEMPTS; attempt++) {
        if (signal.aborted) return cancelled();
        // Defence in depth: the caller checked the URL, check again right before a token is attached.
        const check = checkFlowUrl(call.url.href, policy);
        if (!check.ok) return fail(check.reason);

        const token = await tokenFor(check.value.sendsToken, tokenRefreshed);
        if (typeof token === "object") return token;

        const answer = await send("POST", check.value.url, token);
        if (answer === "cancelled") return cancelled();
        if (answer === "outOfTime") return fail(message("Error_Run_TimeLimit"));
        if (typeof answer === "string") {
            return fail(
                message(answer === "timeout" ? "Error_Flow_TimedOut" : "Error_Flow_Unreachable", correlationId),
            );
        }

        if (answer.kind === "accepted") {
            return answer.location === null ? started() : poll(answer.location, answer.retryAfterMs);
        }
        // Only the platform's own refusal proves no run exists; any other answer, whatever its status, is final.
        const refusal = platformRefusal(answer);
        if (refusal === "freshToken" && token !== undefined && !tokenRefreshed) {
            tokenRefreshed = true;
            continue;
        }
        if (refusal === "afterRetryAfter") {
            const delay = throttleRetryDelay(answer.retryAfterMs, throttleRetries);
            if (delay !== undefined && remaining() > delay) {
                throttleRetries++;
                await wait(delay);
                continue;
            }
        }
        return conclude(answer);
    }
    // Unreachable with the counts above; kept so the loop has a visible bound and an exit.
    return fail(message("Error_Flow_Throttled", correlationId));
}

/** Host of a refused status URL, for the message; never its query. */
function hostOf(location: string, base: URL): string {
    try {
        return shortenForMessage(new URL(location, base).hostname);
    } catch {
        return "?";
    }
}
