/**
 * When the transport may try again, and how long it waits. Only answers that prove no run was
 * created are retried (429, and 503 that says when to come back); polling a status URL is a GET and
 * may be repeated freely, within the count and time bounds below.
 */

/** Retry, polling and time bounds of one click. */
export const RETRY_LIMITS = Object.freeze({
    /** Retries of the POST after 429/503 (the first attempt is not counted). */
    maxThrottleRetries: 3,
    /** Shortest and longest wait honoured from Retry-After on 429/503. Longer waits are not retried. */
    throttleFloorMs: 500,
    throttleCapMs: 30_000,
    /**
     * 429 without Retry-After: two short fixed back-offs, then an error. 429 means the platform
     * refused the call, so repeating it cannot create a second run.
     * 503 without Retry-After is not retried: it may come from a gateway after the flow got the request.
     */
    throttleBackoffWithoutRetryAfterMs: Object.freeze([1_000, 3_000]),
    /** 202 polling: default, floor and cap of the wait between status requests. */
    pollDefaultMs: 3_000,
    pollFloorMs: 1_000,
    pollCapMs: 60_000,
    maxPolls: 100,
    /** Status requests that fail on the network in a row before polling gives up. */
    maxPollNetworkFailures: 2,
    /** Default bound on one click: retries, polling and every wait included. */
    defaultMaxTotalMs: 10 * 60_000,
});

/** Retry-After as delta-seconds or an HTTP-date, in milliseconds from `nowMs`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
    if (value === null || value === undefined) return undefined;
    const text = value.trim();
    if (text === "") return undefined;
    if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1000;
    // HTTP-dates always name a weekday and "GMT"; refuse anything looser so "5.5" or "-1" stay invalid.
    if (!/^[A-Za-z]{3,9}, /.test(text) || !text.endsWith("GMT")) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    return Math.max(0, at - nowMs);
}

/**
 * How long to wait before repeating a POST that got `status`, or undefined for "do not retry".
 * `retriesSoFar` counts retries already made for throttling.
 */
export function throttleRetryDelay(
    status: number,
    retryAfterMs: number | undefined,
    retriesSoFar: number,
): number | undefined {
    if (status !== 429 && status !== 503) return undefined;
    if (retriesSoFar >= RETRY_LIMITS.maxThrottleRetries) return undefined;
    if (retryAfterMs !== undefined) {
        if (retryAfterMs > RETRY_LIMITS.throttleCapMs) return undefined;
        return Math.max(RETRY_LIMITS.throttleFloorMs, retryAfterMs);
    }
    if (status === 503) return undefined;
    return RETRY_LIMITS.throttleBackoffWithoutRetryAfterMs[retriesSoFar];
}

/** Wait before the next status request: Retry-After clamped to [floor, cap], else the default. */
export function pollDelay(retryAfterMs: number | undefined): number {
    if (retryAfterMs === undefined) return RETRY_LIMITS.pollDefaultMs;
    return Math.min(RETRY_LIMITS.pollCapMs, Math.max(RETRY_LIMITS.pollFloorMs, retryAfterMs));
}
