import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import { displayCode, readAuthError } from "./authErrorCodes";

/** Message keys of the sign-in step; texts in strings/FlowTriggerControl.{1033,1031,1036}.resx. */
export const AuthMessageKeys = {
    popupBlocked: "Auth_PopupBlocked",
    signInNeeded: "Auth_SignInNeeded",
    signInCancelled: "Auth_SignInCancelled",
    signInTimedOut: "Auth_SignInTimedOut",
    interactionInProgress: "Auth_InteractionInProgress",
    wrongAccount: "Auth_WrongAccount",
    consentRequired: "Auth_ConsentRequired",
    permissionMissing: "Auth_PermissionMissing",
    userNotInTenant: "Auth_UserNotInTenant",
    userNotAssigned: "Auth_UserNotAssigned",
    blockedByPolicy: "Auth_BlockedByPolicy",
    appNotFound: "Auth_AppNotFound",
    redirectUriMismatch: "Auth_RedirectUriMismatch",
    appMisconfigured: "Auth_AppMisconfigured",
    flowServiceNotFound: "Auth_FlowServiceNotFound",
    configurationInvalid: "Auth_ConfigurationInvalid",
    network: "Auth_Network",
    browserUnsupported: "Auth_BrowserUnsupported",
    failed: "Auth_Failed",
} as const;

const K = AuthMessageKeys;

/**
 * The message for an error, by its Entra number or else by its MSAL/OAuth code. The number is looked up
 * first: it says more than the generic code.
 */
const KEY_BY_ERROR: Readonly<Record<string, string>> = {
    // User not in the tenant, or from a tenant/identity provider the tenant does not accept.
    AADSTS50020: K.userNotInTenant,
    AADSTS50177: K.userNotInTenant,
    AADSTS50034: K.userNotInTenant,
    // Consent: not granted, or declined by the user.
    AADSTS65001: K.consentRequired,
    AADSTS65004: K.consentRequired,
    // The app registration does not request the Power Automate permission.
    AADSTS650057: K.permissionMissing,
    AADSTS650052: K.permissionMissing,
    // The flow service (token audience) does not exist in this tenant: usually the wrong cloud.
    AADSTS500011: K.flowServiceNotFound,
    // Client ID unknown in this tenant, or the app was deleted.
    AADSTS700016: K.appNotFound,
    // Redirect URI not registered / no reply address.
    AADSTS50011: K.redirectUriMismatch,
    AADSTS500113: K.redirectUriMismatch,
    AADSTS900971: K.redirectUriMismatch,
    // Registered with the wrong platform (Web instead of single-page application) or disabled.
    AADSTS9002326: K.appMisconfigured,
    AADSTS9002325: K.appMisconfigured,
    AADSTS7000218: K.appMisconfigured,
    AADSTS700054: K.appMisconfigured,
    AADSTS700051: K.appMisconfigured,
    AADSTS50194: K.appMisconfigured,
    AADSTS7000112: K.appMisconfigured,
    // Assignment required on the enterprise app, and the user is not assigned.
    AADSTS50105: K.userNotAssigned,
    // Conditional Access / device policy.
    AADSTS53000: K.blockedByPolicy,
    AADSTS53001: K.blockedByPolicy,
    AADSTS53002: K.blockedByPolicy,
    AADSTS53003: K.blockedByPolicy,
    AADSTS530032: K.blockedByPolicy,

    popup_window_error: K.popupBlocked,
    empty_window_error: K.popupBlocked,
    user_cancelled: K.signInCancelled,
    access_denied: K.signInCancelled,
    interaction_in_progress_cancelled: K.signInCancelled,
    timed_out: K.signInTimedOut,
    interaction_in_progress: K.interactionInProgress,
    login_required: K.signInNeeded,
    interaction_required: K.signInNeeded,
    no_account_error: K.signInNeeded,
    consent_required: K.consentRequired,
    no_network_connectivity: K.network,
    endpoints_resolution_error: K.network,
    post_request_failed: K.network,
    get_request_failed: K.network,
    untrusted_authority: K.configurationInvalid,
    url_parse_error: K.configurationInvalid,
    empty_url_error: K.configurationInvalid,
    authority_uri_insecure: K.configurationInvalid,
    invalid_authority_metadata: K.configurationInvalid,
    invalid_cloud_discovery_metadata: K.configurationInvalid,
    issuer_validation_failed: K.configurationInvalid,
    openid_config_error: K.configurationInvalid,
    invalid_client: K.appMisconfigured,
    unauthorized_client: K.appNotFound,
    crypto_nonexistent: K.browserUnsupported,
    non_browser_environment: K.browserUnsupported,
    redirect_in_iframe: K.browserUnsupported,
    block_nested_popups: K.browserUnsupported,
    // The token provider's own code for a token of another account.
    wrong_account: K.wrongAccount,
};

/** Messages that need no code: the user can act on them alone. */
const WITHOUT_CODE: ReadonlySet<string> = new Set([
    K.popupBlocked,
    K.signInNeeded,
    K.signInCancelled,
    K.signInTimedOut,
    K.interactionInProgress,
    K.wrongAccount,
    K.network,
]);

/**
 * Turns any sign-in failure into a message the user (or the maker) can act on.
 * Only the error's code goes into the message, never its text.
 */
export function mapAuthError(error: unknown, redirectUri?: string): UserMessage {
    if (error instanceof UserFacingError) {
        return error.userMessage;
    }
    const info = readAuthError(error);
    const code = displayCode(info);
    // `code` is the error's AADSTS number when it has one.
    const key =
        KEY_BY_ERROR[code] ??
        KEY_BY_ERROR[info.errorCode] ??
        (info.name === "ClientConfigurationError" ? K.configurationInvalid : K.failed);
    if (key === K.redirectUriMismatch) {
        return redirectUri ? message(key, code, redirectUri) : message(K.appMisconfigured, code);
    }
    return WITHOUT_CODE.has(key) ? message(key) : message(key, code);
}

/** The error getToken throws: the mapped message plus the safe code, nothing of the original text. */
export function toUserFacingError(error: unknown, redirectUri?: string): UserFacingError {
    if (error instanceof UserFacingError) {
        return error;
    }
    return new UserFacingError(mapAuthError(error, redirectUri), displayCode(readAuthError(error)));
}
