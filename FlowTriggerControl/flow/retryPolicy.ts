/**
 * When the transport may try again, and how long it waits. Only the platform's own throttling refusal
 * (flowErrors.platformRefusal: "afterRetryAfter") proves no run was created, and gets one more POST;
 * polling a status URL is a GET and may be repeated freely, within the count and time bounds below.
 */

// Retry, polling and time bounds of one click. Plain constants, not one object: the bundle then inlines them.

/** Retries of the POST after the platform's throttling refusal (the first attempt is not counted): one click, one retry. */
export const MAX_THROTTLE_RETRIES = 1;
/** Shortest and longest wait honoured from Retry-After on a throttling refusal. Longer waits are not retried. */
export const THROTTLE_FLOOR_MS = 500;
export const THROTTLE_CAP_MS = 30_000;
/** The platform's throttling refusal without Retry-After: one short fixed back-off, then an error. */
export const THROTTLE_BACKOFF_WITHOUT_RETRY_AFTER_MS: readonly number[] = [1_000];
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
 * How long to wait before repeating a POST the platform refused for throttling, or undefined for
 * "do not retry". `retriesSoFar` counts retries already made for throttling.
 */
export function throttleRetryDelay(retryAfterMs: number | undefined, retriesSoFar: number): number | undefined {
    if (retriesSoFar >= MAX_THROTTLE_RETRIES) return undefined;
    if (retryAfterMs !== undefined) {
        return retryAfterMs > THROTTLE_CAP_MS ? undefined : Math.max(THROTTLE_FLOOR_MS, retryAfterMs);
    }
    return THROTTLE_BACKOFF_WITHOUT_RETRY_AFTER_MS[retriesSoFar];
}

/** Wait before the next status request: Retry-After clamped to [floor, cap], else the default. */
export function pollDelay(retryAfterMs: number | undefined): number {
    if (retryAfterMs === undefined) return POLL_DEFAULT_MS;
    return Math.min(POLL_CAP_MS, Math.max(POLL_FLOOR_MS, retryAfterMs));
}
