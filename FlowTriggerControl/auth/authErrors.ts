import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import { displayCode, readAuthError } from "./authErrorCodes";

/**
 * The message key (texts in strings/FlowTriggerControl.{1033,1031,1036}.resx) for an error, by its Entra
 * number or else by its MSAL/OAuth code. The number is looked up first: it says more than the generic code.
 * Entra numbers as described in https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 * (checked 2026-12; 500113, 9002325, 9002326 and 700051 are not listed there and keep the fix of their
 * neighbours). A Map, so a code named like an Object member ("constructor") misses.
 */
export const KEY_BY_ERROR: ReadonlyMap<string, string> = new Map(
    Object.entries({
        // User not in the tenant, or from a tenant/identity provider the tenant does not accept.
        AADSTS50020: "Auth_UserNotInTenant",
        AADSTS50177: "Auth_UserNotInTenant",
        AADSTS50034: "Auth_UserNotInTenant",
        // Consent: not granted, or declined by the user.
        AADSTS65001: "Auth_ConsentRequired",
        AADSTS65004: "Auth_ConsentRequired",
        // The app registration does not request the Power Automate permission.
        AADSTS650057: "Auth_PermissionMissing",
        // The flow service (token audience) does not exist in this tenant (usually the wrong cloud), or the
        // organization has not subscribed to or enabled it (650052).
        AADSTS500011: "Auth_FlowServiceNotFound",
        AADSTS650052: "Auth_FlowServiceNotFound",
        // Client ID unknown in this tenant, or the app was deleted.
        AADSTS700016: "Auth_AppNotFound",
        // "Tenant '…' not found" (a tenantId that names no tenant): the message asks to check both ids.
        AADSTS90002: "Auth_AppNotFound",
        // Redirect URI not registered / no reply address.
        AADSTS50011: "Auth_RedirectUriMismatch",
        AADSTS500113: "Auth_RedirectUriMismatch",
        AADSTS900971: "Auth_RedirectUriMismatch",
        // Registered with the wrong platform (Web instead of single-page application, so a secret is expected).
        AADSTS9002326: "Auth_AppMisconfigured",
        AADSTS9002325: "Auth_AppMisconfigured",
        AADSTS7000218: "Auth_AppMisconfigured",
        AADSTS700054: "Auth_AppMisconfigured",
        AADSTS700051: "Auth_AppMisconfigured",
        // The application is disabled for sign-in (UnauthorizedClientApplicationDisabled).
        AADSTS7000112: "Auth_AppDisabled",
        // A single-tenant app, or an app not allowed there, reached through /common or /consumers: name the tenant.
        AADSTS50194: "Auth_AppSingleTenant",
        AADSTS90130: "Auth_AppSingleTenant",
        // Assignment required on the enterprise app, and the user is not assigned.
        AADSTS50105: "Auth_UserNotAssigned",
        // Conditional Access / device policy.
        AADSTS53000: "Auth_BlockedByPolicy",
        AADSTS53001: "Auth_BlockedByPolicy",
        AADSTS53002: "Auth_BlockedByPolicy",
        AADSTS53003: "Auth_BlockedByPolicy",
        AADSTS530032: "Auth_BlockedByPolicy",

        popup_window_error: "Auth_PopupBlocked",
        empty_window_error: "Auth_PopupBlocked",
        user_cancelled: "Auth_SignInCancelled",
        access_denied: "Auth_SignInCancelled",
        interaction_in_progress_cancelled: "Auth_SignInCancelled",
        timed_out: "Auth_SignInTimedOut",
        interaction_in_progress: "Auth_InteractionInProgress",
        login_required: "Auth_SignInNeeded",
        interaction_required: "Auth_SignInNeeded",
        no_account_error: "Auth_SignInNeeded",
        consent_required: "Auth_ConsentRequired",
        no_network_connectivity: "Auth_Network",
        endpoints_resolution_error: "Auth_Network",
        post_request_failed: "Auth_Network",
        get_request_failed: "Auth_Network",
        // The token provider's own code for an authority that is not a URL. MSAL's configuration errors
        // (untrusted_authority, url_parse_error, issuer_validation_failed…) are ClientConfigurationErrors: see below.
        invalid_authority: "Auth_ConfigurationInvalid",
        openid_config_error: "Auth_ConfigurationInvalid",
        invalid_client: "Auth_AppMisconfigured",
        unauthorized_client: "Auth_AppNotFound",
        crypto_nonexistent: "Auth_BrowserUnsupported",
        non_browser_environment: "Auth_BrowserUnsupported",
        redirect_in_iframe: "Auth_BrowserUnsupported",
        block_nested_popups: "Auth_BrowserUnsupported",
        // The token provider's own code for a token of another account.
        wrong_account: "Auth_WrongAccount",
    }),
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
    let shown: UserMessage;
    if (key === "Auth_RedirectUriMismatch") {
        shown = redirectUri ? message(key, code, redirectUri) : message("Auth_AppMisconfigured", code);
    } else {
        shown = WITHOUT_CODE.has(key) ? message(key) : message(key, code);
    }
    return new UserFacingError(shown, code);
}
