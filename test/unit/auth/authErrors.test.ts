/* eslint-disable @microsoft/power-apps/use-cached-webresource -- a redirect URI must be the stable, uncached /WebResources/ address registered in Entra. */
import {
    BrowserAuthError,
    ClientConfigurationError,
    InteractionRequiredAuthError,
    ServerError,
} from "@azure/msal-browser";
import { displayCode, isInteractionRequired, readAuthError } from "../../../FlowTriggerControl/auth/authErrorCodes";
import { KEY_BY_ERROR, toUserFacingError } from "../../../FlowTriggerControl/auth/authErrors";
import { message, UserFacingError, type UserMessage } from "../../../FlowTriggerControl/contracts/userMessage";
import { loadResx } from "../../support/resx";

const REDIRECT = "https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html";

/** An Entra error as MSAL builds it from the server answer: the number in errorNo, the text in errorMessage. */
function entra(errorCode: string, aadsts: number, description = "details with user@contoso.example"): ServerError {
    return new ServerError(errorCode, "corr", `AADSTS${aadsts}: ${description}`, "", String(aadsts));
}

const browser = (code: string): BrowserAuthError => new BrowserAuthError(code, "");

const table: [string, unknown, UserMessage][] = [
    ["popup_window_error", browser("popup_window_error"), message("Auth_PopupBlocked")],
    ["empty_window_error", browser("empty_window_error"), message("Auth_PopupBlocked")],
    ["user_cancelled", browser("user_cancelled"), message("Auth_SignInCancelled")],
    ["access_denied (no number)", new ServerError("access_denied", ""), message("Auth_SignInCancelled")],
    [
        "interaction_in_progress_cancelled",
        browser("interaction_in_progress_cancelled"),
        message("Auth_SignInCancelled"),
    ],
    [
        "timed_out on the window",
        new BrowserAuthError("timed_out", "", "redirect_bridge_timeout"),
        message("Auth_SignInTimedOut"),
    ],
    ["interaction_in_progress", browser("interaction_in_progress"), message("Auth_InteractionInProgress")],
    ["login_required", new InteractionRequiredAuthError("login_required", ""), message("Auth_SignInNeeded")],
    ["no_account_error", browser("no_account_error"), message("Auth_SignInNeeded")],
    [
        "consent_required",
        new InteractionRequiredAuthError("consent_required", ""),
        message("Auth_ConsentRequired", "consent_required"),
    ],
    [
        "AADSTS65001",
        new InteractionRequiredAuthError(
            "invalid_grant",
            "",
            "AADSTS65001: The user or administrator has not consented",
        ),
        message("Auth_ConsentRequired", "AADSTS65001"),
    ],
    ["AADSTS65004 declined", entra("access_denied", 65004), message("Auth_ConsentRequired", "AADSTS65004")],
    ["AADSTS650057", entra("invalid_client", 650057), message("Auth_PermissionMissing", "AADSTS650057")],
    ["AADSTS50020", entra("invalid_request", 50020), message("Auth_UserNotInTenant", "AADSTS50020")],
    ["AADSTS50177", entra("invalid_request", 50177), message("Auth_UserNotInTenant", "AADSTS50177")],
    ["AADSTS50105", entra("invalid_grant", 50105), message("Auth_UserNotAssigned", "AADSTS50105")],
    ["AADSTS53003", entra("access_denied", 53003), message("Auth_BlockedByPolicy", "AADSTS53003")],
    ["AADSTS700016", entra("unauthorized_client", 700016), message("Auth_AppNotFound", "AADSTS700016")],
    [
        "unauthorized_client (no number)",
        new ServerError("unauthorized_client", ""),
        message("Auth_AppNotFound", "unauthorized_client"),
    ],
    ["AADSTS50011", entra("invalid_request", 50011), message("Auth_RedirectUriMismatch", "AADSTS50011", REDIRECT)],
    ["AADSTS700054", entra("invalid_request", 700054), message("Auth_AppMisconfigured", "AADSTS700054")],
    [
        "AADSTS9002326 (Web, not SPA)",
        entra("invalid_request", 9002326),
        message("Auth_AppMisconfigured", "AADSTS9002326"),
    ],
    [
        "AADSTS500011 (wrong cloud)",
        entra("invalid_resource", 500011),
        message("Auth_FlowServiceNotFound", "AADSTS500011"),
    ],
    [
        "wrong_account (the token provider's own code)",
        Object.assign(new Error("wrong_account"), { errorCode: "wrong_account" }),
        message("Auth_WrongAccount"),
    ],
    ["no_network_connectivity", browser("no_network_connectivity"), message("Auth_Network")],
    ["endpoints_resolution_error", new BrowserAuthError("endpoints_resolution_error", ""), message("Auth_Network")],
    ["post_request_failed", browser("post_request_failed"), message("Auth_Network")],
    [
        "untrusted_authority",
        new ClientConfigurationError("untrusted_authority", ""),
        message("Auth_ConfigurationInvalid", "untrusted_authority"),
    ],
    [
        "any ClientConfigurationError",
        new ClientConfigurationError("something_new", ""),
        message("Auth_ConfigurationInvalid", "something_new"),
    ],
    ["crypto_nonexistent", browser("crypto_nonexistent"), message("Auth_BrowserUnsupported", "crypto_nonexistent")],
    ["an unknown Entra number", entra("invalid_request", 90099), message("Auth_Failed", "AADSTS90099")],
    ["a tenant that does not exist", entra("invalid_request", 90002), message("Auth_AppNotFound", "AADSTS90002")],
    ["an unknown MSAL code", browser("state_mismatch"), message("Auth_Failed", "state_mismatch")],
    ["a plain Error", new Error("boom with token eyJabc"), message("Auth_Failed", "unknown_error")],
    ["not an error at all", "a string", message("Auth_Failed", "unknown_error")],
];

/**
 * Every code the table knows and the message it gets: Entra numbers as described in
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes, MSAL/OAuth codes by MSAL's names.
 */
const EVERY_MAPPING: Readonly<Record<string, string>> = {
    AADSTS50020: "Auth_UserNotInTenant",
    AADSTS50177: "Auth_UserNotInTenant",
    AADSTS50034: "Auth_UserNotInTenant",
    AADSTS65001: "Auth_ConsentRequired",
    AADSTS65004: "Auth_ConsentRequired",
    AADSTS650057: "Auth_PermissionMissing",
    AADSTS500011: "Auth_FlowServiceNotFound",
    AADSTS650052: "Auth_FlowServiceNotFound",
    AADSTS700016: "Auth_AppNotFound",
    AADSTS90002: "Auth_AppNotFound",
    AADSTS50011: "Auth_RedirectUriMismatch",
    AADSTS500113: "Auth_RedirectUriMismatch",
    AADSTS900971: "Auth_RedirectUriMismatch",
    AADSTS9002326: "Auth_AppMisconfigured",
    AADSTS9002325: "Auth_AppMisconfigured",
    AADSTS7000218: "Auth_AppMisconfigured",
    AADSTS700054: "Auth_AppMisconfigured",
    AADSTS700051: "Auth_AppMisconfigured",
    AADSTS7000112: "Auth_AppDisabled",
    AADSTS50194: "Auth_AppSingleTenant",
    AADSTS90130: "Auth_AppSingleTenant",
    AADSTS50105: "Auth_UserNotAssigned",
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
    invalid_authority: "Auth_ConfigurationInvalid",
    openid_config_error: "Auth_ConfigurationInvalid",
    invalid_client: "Auth_AppMisconfigured",
    unauthorized_client: "Auth_AppNotFound",
    crypto_nonexistent: "Auth_BrowserUnsupported",
    non_browser_environment: "Auth_BrowserUnsupported",
    redirect_in_iframe: "Auth_BrowserUnsupported",
    block_nested_popups: "Auth_BrowserUnsupported",
    wrong_account: "Auth_WrongAccount",
};

/** An error carrying `code` the way it arrives: an Entra number in errorNo, any other code in errorCode. */
function errorWithCode(code: string): unknown {
    const number = /^AADSTS(\d+)$/.exec(code);
    return number ? entra("invalid_request", Number(number[1])) : Object.assign(new Error(code), { errorCode: code });
}

describe("the code → message table", () => {
    it.each(Object.entries(EVERY_MAPPING))("%s → %s", (code, key) => {
        expect(toUserFacingError(errorWithCode(code), REDIRECT).userMessage.key).toBe(key);
    });

    it("has no code beyond the ones tested here", () => {
        expect(Object.fromEntries(KEY_BY_ERROR)).toEqual(EVERY_MAPPING);
    });

    it("a disabled application says to enable it, not to make it a single-page application", () => {
        expect(toUserFacingError(entra("unauthorized_client", 7000112)).userMessage).toEqual(
            message("Auth_AppDisabled", "AADSTS7000112"),
        );
    });

    it("a single-tenant application reached through /common says to name the tenant", () => {
        expect(toUserFacingError(entra("invalid_request", 50194)).userMessage).toEqual(
            message("Auth_AppSingleTenant", "AADSTS50194"),
        );
    });

    it.each([
        "untrusted_authority",
        "url_parse_error",
        "empty_url_error",
        "authority_uri_insecure",
        "invalid_authority_metadata",
        "invalid_cloud_discovery_metadata",
        "issuer_validation_failed",
    ])("MSAL's configuration error %s is a configuration problem by its class", (code) => {
        expect(toUserFacingError(new ClientConfigurationError(code, "")).userMessage).toEqual(
            message("Auth_ConfigurationInvalid", code),
        );
    });

    it.each(["constructor", "__proto__", "toString"])(
        "a code named like an Object member (%s) is an unknown code, not an inherited member",
        (code) => {
            const error = Object.assign(new Error(code), { errorCode: code });
            expect(toUserFacingError(error).userMessage).toEqual(message("Auth_Failed", code.toLowerCase()));
        },
    );
});

describe("toUserFacingError", () => {
    it.each(table)("%s", (_name, error, expected) => {
        expect(toUserFacingError(error, REDIRECT).userMessage).toEqual(expected);
    });

    it("without the redirect URI, a redirect mismatch still says the app registration is not set up", () => {
        expect(toUserFacingError(entra("invalid_request", 50011)).userMessage).toEqual(
            message("Auth_AppMisconfigured", "AADSTS50011"),
        );
    });

    it("keeps a UserFacingError's own message", () => {
        const own = new UserFacingError(message("Auth_WrongAccount"), "wrong_account");
        expect(toUserFacingError(own).userMessage).toBe(own.userMessage);
        expect(toUserFacingError(own)).toBe(own);
    });

    it("never copies the error's text (it can hold names, ids or tokens) into the result", () => {
        const error = entra("invalid_request", 50020, "User account 'ada@contoso.example' token eyJhbGciOi.secret");
        const thrown = toUserFacingError(error, REDIRECT);
        const everything = JSON.stringify({ ...thrown, message: thrown.message, user: thrown.userMessage });
        expect(everything).not.toContain("ada@contoso.example");
        expect(everything).not.toContain("eyJhbGciOi");
        expect(thrown.code).toBe("AADSTS50020");
        expect(thrown.message).toBe("AADSTS50020");
    });
});

describe("readAuthError", () => {
    it("finds the AADSTS number in errorNo first, else in the description", () => {
        expect(readAuthError(entra("invalid_grant", 50076)).aadsts).toBe("AADSTS50076");
        expect(readAuthError(new InteractionRequiredAuthError("invalid_grant", "", "AADSTS50058: x")).aadsts).toBe(
            "AADSTS50058",
        );
        expect(readAuthError(browser("user_cancelled")).aadsts).toBeUndefined();
    });

    it("drops codes that are not plain short tokens", () => {
        const odd = Object.assign(new Error("x"), { errorCode: "weird code <script>" });
        expect(readAuthError(odd).errorCode).toBe("");
        expect(displayCode(readAuthError(odd))).toBe("unknown_error");
    });

    it.each([
        [new InteractionRequiredAuthError("anything", ""), true],
        [browser("timed_out"), true],
        [browser("no_account_error"), true],
        [new InteractionRequiredAuthError("no_tokens_found", ""), true],
        [browser("popup_window_error"), false],
        [browser("no_network_connectivity"), false],
        [entra("invalid_request", 50020), false],
        [null, false],
    ])("isInteractionRequired(%p) is %p", (error, expected) => {
        expect(isInteractionRequired(error)).toBe(expected);
    });
});

describe("auth strings in the resx files", () => {
    const english = loadResx(1033);
    const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

    it("has every auth message key", () => {
        const missing = table
            .map(([, error]) => toUserFacingError(error, REDIRECT).userMessage.key)
            .filter((key) => !english.has(key));
        expect(missing).toEqual([]);
    });

    it.each(table)("%s: the message fills exactly the text's placeholders", (_name, error) => {
        const msg = toUserFacingError(error, REDIRECT).userMessage;
        const expected = placeholders(english.get(msg.key) ?? "").length;
        expect(msg.args?.length ?? 0).toBe(expected);
    });
});
