/** Dataverse naming and error-code conventions that more than one room relies on. */

import { asBag } from "./plainData";

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

/**
 * The Dataverse error code of a rejected Web API call, as the signed 32-bit HRESULT the code compares with.
 * The Client API documents `errorCode` as "a positive decimal number" (0x80040333 arrives as 2147746611:
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrieverecord);
 * other hosts give it negative, or only as hex text in `code` ("0x80040333"). Every form reads the same here.
 */
export function dataverseErrorCode(error: unknown): number | undefined {
    const bag = asBag(error);
    for (const raw of [bag.errorCode, bag.code]) {
        if (typeof raw === "number" && Number.isInteger(raw) && raw >= -0x80000000 && raw <= 0xffffffff) {
            return raw | 0;
        }
        // Number() reads "0x…" as hex and trims like trim() does.
        if (typeof raw === "string" && /^0x[0-9a-f]{1,8}$/i.test(raw.trim())) {
            return Number(raw) | 0;
        }
    }
    return undefined;
}
