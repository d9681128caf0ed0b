/**
 * Reads the technical identity of an MSAL (or any) error: its error code, the Entra "AADSTS" number,
 * its class name. Never returns the error's message text: it can carry user names, trace ids or URLs.
 */

import { asBag } from "../contracts/plainData";

export interface AuthErrorInfo {
    /** MSAL/OAuth error code in lower case (e.g. "popup_window_error", "invalid_grant"), "" when none. */
    readonly errorCode: string;
    /** Entra error number with its prefix (e.g. "AADSTS50020"), when the error carries one. */
    readonly aadsts?: string;
    /** The error's class name (e.g. "InteractionRequiredAuthError"), "" when none. */
    readonly name: string;
}

/** Codes are shown to users and logged: keep only a short, plain token. */
const SAFE_CODE = /^[a-z0-9_]{1,64}$/;
const AADSTS_IN_TEXT = /AADSTS(\d{4,9})/;
const DIGITS = /^\d{4,9}$/;

export function readAuthError(error: unknown): AuthErrorInfo {
    // Read through the prototype chain too: an Error's name lives on its class.
    const text = (key: string): string => {
        const value = asBag(error)[key];
        return typeof value === "string" ? value : "";
    };
    const code = text("errorCode").trim().toLowerCase();
    const errorNo = text("errorNo").trim();
    // Server errors carry the number in errorNo; older paths only in the description text.
    const fromText = AADSTS_IN_TEXT.exec(`${text("errorMessage")} ${text("message")}`);
    const number = DIGITS.test(errorNo) ? errorNo : fromText?.[1];
    return {
        errorCode: SAFE_CODE.test(code) ? code : "",
        aadsts: number === undefined ? undefined : `AADSTS${number}`,
        name: text("name"),
    };
}

/** The code to show and log for an error: the AADSTS number when there is one, else the MSAL code. */
export function displayCode(info: AuthErrorInfo): string {
    return info.aadsts ?? (info.errorCode || "unknown_error");
}

/**
 * Silent failures that a sign-in window can fix. `timed_out` is here because a hidden iframe that never
 * answers (third-party cookies blocked, tracking prevention) is the usual reason for it.
 */
const INTERACTION_REQUIRED_CODES: ReadonlySet<string> = new Set([
    "interaction_required",
    "login_required",
    "consent_required",
    "bad_token",
    "interrupted_user",
    "no_account_error",
    "no_tokens_found",
    "refresh_token_expired",
    "native_account_unavailable",
    "timed_out",
    "iframe_closed_prematurely",
    "monitor_window_timeout",
]);

export function isInteractionRequired(error: unknown): boolean {
    const info = readAuthError(error);
    return info.name === "InteractionRequiredAuthError" || INTERACTION_REQUIRED_CODES.has(info.errorCode);
}
