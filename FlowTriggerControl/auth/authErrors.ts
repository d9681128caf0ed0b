import { message, UserFacingError } from "../contracts/userMessage";
import { displayCode, readAuthError } from "./authErrorCodes";

/**
 * The message key (texts in strings/FlowTriggerControl.{1033,1031,1036}.resx) for an error, by its Entra
 * number or else by its MSAL/OAuth code. The number is looked up first: it says more than the generic code.
 * Entra numbers as described in https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 * (checked 2026-12; 500113, 9002325, 9002326 and 700051 are not listed there and keep the fix of their
 * neighbours). Written as each key with its codes; a Map, so a code named like an Object member ("constructor")
 * misses.
 */
const CODES_BY_KEY: readonly (readonly [key: string, codes: string])[] = [
    // User not in the tenant, or from a tenant/identity provider the tenant does not accept.
    ["Auth_UserNotInTenant", "AADSTS50020 AADSTS50177 AADSTS50034"],
    // Consent: not granted, or declined by the user.
    ["Auth_ConsentRequired", "AADSTS65001 AADSTS65004 consent_required"],
    // The app registration does not request the Power Automate permission.
    ["Auth_PermissionMissing", "AADSTS650057"],
    // The flow service (token audience) does not exist in this tenant (usually the wrong cloud), or the
    // organization has not subscribed to or enabled it (650052).
    ["Auth_FlowServiceNotFound", "AADSTS500011 AADSTS650052"],
    // Client ID unknown in this tenant, or the app was deleted; 90002 "Tenant '…' not found" (a tenantId that
    // names no tenant): the message asks to check both ids.
    ["Auth_AppNotFound", "AADSTS700016 AADSTS90002 unauthorized_client"],
    // Redirect URI not registered / no reply address.
    ["Auth_RedirectUriMismatch", "AADSTS50011 AADSTS500113 AADSTS900971"],
    // Registered with the wrong platform (Web instead of single-page application, so a secret is expected).
    ["Auth_AppMisconfigured", "AADSTS9002326 AADSTS9002325 AADSTS7000218 AADSTS700054 AADSTS700051 invalid_client"],
    // The application is disabled for sign-in (UnauthorizedClientApplicationDisabled).
    ["Auth_AppDisabled", "AADSTS7000112"],
    // A single-tenant app, or an app not allowed there, reached through /common or /consumers: name the tenant.
    ["Auth_AppSingleTenant", "AADSTS50194 AADSTS90130"],
    // Assignment required on the enterprise app, and the user is not assigned.
    ["Auth_UserNotAssigned", "AADSTS50105"],
    // Conditional Access / device policy.
    ["Auth_BlockedByPolicy", "AADSTS53000 AADSTS53001 AADSTS53002 AADSTS53003 AADSTS530032"],
    ["Auth_PopupBlocked", "popup_window_error empty_window_error"],
    ["Auth_SignInCancelled", "user_cancelled access_denied interaction_in_progress_cancelled"],
    ["Auth_SignInTimedOut", "timed_out"],
    ["Auth_InteractionInProgress", "interaction_in_progress"],
    ["Auth_SignInNeeded", "login_required interaction_required no_account_error"],
    ["Auth_Network", "no_network_connectivity endpoints_resolution_error post_request_failed get_request_failed"],
    // invalid_authority: the token provider's own code for an authority that is not a URL. MSAL's configuration
    // errors (untrusted_authority, url_parse_error, issuer_validation_failed…) are ClientConfigurationErrors: see below.
    ["Auth_ConfigurationInvalid", "invalid_authority openid_config_error"],
    ["Auth_BrowserUnsupported", "crypto_nonexistent non_browser_environment redirect_in_iframe block_nested_popups"],
    // The token provider's own code for a token of another account.
    ["Auth_WrongAccount", "wrong_account"],
];

export const KEY_BY_ERROR: ReadonlyMap<string, string> = new Map(
    CODES_BY_KEY.flatMap(([key, codes]) => codes.split(" ").map((code): [string, string] => [code, key])),
);

/** Messages that need no code: the user can act on them alone. */
const WITHOUT_CODE: ReadonlySet<string> = new Set([
    "Auth_PopupBlocked",
    "Auth_SignInNeeded",
    "Auth_SignInCancelled",
    "Auth_SignInTimedOut",
    "Auth_InteractionInProgress",
    "Auth_WrongAccount",
    "Auth_Network",
]);

/**
 * Turns any sign-in failure into the error getToken throws: a message the user (or the maker) can act on,
 * plus the safe code. Only the error's code goes into it, never its text.
 */
export function toUserFacingError(error: unknown, redirectUri?: string): UserFacingError {
    if (error instanceof UserFacingError) {
        return error;
    }
    const info = readAuthError(error);
    const code = displayCode(info);
    // `code` is the error's AADSTS number when it has one.
    const key =
        KEY_BY_ERROR.get(code) ??
        KEY_BY_ERROR.get(info.errorCode) ??
        (info.name === "ClientConfigurationError" ? "Auth_ConfigurationInvalid" : "Auth_Failed");
    // A redirect mismatch names the address to register; without it, the app registration is just not set up.
    return new UserFacingError(
        key !== "Auth_RedirectUriMismatch"
            ? message(key, WITHOUT_CODE.has(key) ? undefined : code)
            : redirectUri
              ? message(key, code, redirectUri)
              : message("Auth_AppMisconfigured", code),
        code,
    );
}
