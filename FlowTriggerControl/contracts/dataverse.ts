/** Dataverse naming and error-code conventions that more than one room relies on. */

/** A column or table logical name: lower-case letters, digits and underscores, not starting with a digit. */
export const LOGICAL_NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

/**
 * Dataverse error codes are negative HRESULTs (signed 32-bit); makers look them up as 0x8004…,
 * so they are shown that way. Anything else is shown as the number it is.
 */
export function formatHResult(code: number): string {
    return Number.isInteger(code) && code < 0 && code >= -0x80000000
        ? `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, "0")}`
        : String(code);
}
