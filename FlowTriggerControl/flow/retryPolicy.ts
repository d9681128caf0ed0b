/**
 * When the transport may try again, and how long it waits. Only answers that prove no run was
 * created are retried (429, and 503 that says when to come back); polling a status URL is a GET and
 * may be repeated freely, within the count and time bounds below.
 */

// Retry, polling and time bounds of one click. Plain constants, not one object: the bundle then inlines them.

/** Retries of the POST after 429/503 (the first attempt is not counted). */
export const MAX_THROTTLE_RETRIES = 3;
/** Shortest and longest wait honoured from Retry-After on 429/503. Longer waits are not retried. */
export const THROTTLE_FLOOR_MS = 500;
export const THROTTLE_CAP_MS = 30_000;
/**
 * 429 without Retry-After: two short fixed back-offs, then an error. 429 means the platform
 * refused the call, so repeating it cannot create a second run.
 * 503 without Retry-After is not retried: it may come from a gateway after the flow got the request.
 */
export const THROTTLE_BACKOFF_WITHOUT_RETRY_AFTER_MS: readonly number[] = [1_000, 3_000];
/** 202 polling: default, floor and cap of the wait between status requests. */
export const POLL_DEFAULT_MS = 3_000;
export const POLL_FLOOR_MS = 1_000;
export const POLL_CAP_MS = 60_000;
export const MAX_POLLS = 100;
/** Status requests that fail on the network in a row before polling gives up. */
export const MAX_POLL_NETWORK_FAILURES = 2;
/** Default bound on one click: retries, polling and every wait included. */
export const DEFAULT_MAX_TOTAL_MS = 10 * 60_000;

/** Retry-After as delta-seconds or an HTTP-date, in milliseconds from `nowMs`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
    if (!value) return undefined;
    const text = value.trim();
    if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1000;
    // HTTP-dates always name a weekday and "GMT"; refuse anything looser so "5.5" or "-1" stay invalid.
    if (!/^[A-Za-z]{3,9}, [\s\S]*GMT$/.test(text)) return undefined;
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
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
    if ((status !== 429 && status !== 503) || retriesSoFar >= MAX_THROTTLE_RETRIES) return undefined;
    if (retryAfterMs !== undefined) {
        return retryAfterMs > THROTTLE_CAP_MS ? undefined : Math.max(THROTTLE_FLOOR_MS, retryAfterMs);
    }
    return status === 429 ? THROTTLE_BACKOFF_WITHOUT_RETRY_AFTER_MS[retriesSoFar] : undefined;
}

/** Wait before the next status request: Retry-After clamped to [floor, cap], else the default. */
export function pollDelay(retryAfterMs: number | undefined): number {
    if (retryAfterMs === undefined) return POLL_DEFAULT_MS;
    return Math.min(POLL_CAP_MS, Math.max(POLL_FLOOR_MS, retryAfterMs));
}
