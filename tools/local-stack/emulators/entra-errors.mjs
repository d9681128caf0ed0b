// Entra ID error answers: the AADSTS catalogue the emulator uses, and the two shapes errors take
// (redirect parameters from /authorize, JSON with status 400 from /token).
// Texts follow the messages Entra ID returns as quoted in public issues and Microsoft Learn.
import { randomUUID } from "node:crypto";

export const AADSTS = Object.freeze({
    noUserSignedIn: {
        code: 50058,
        error: "login_required",
        text: "A silent sign-in request was sent but no user is signed in.",
    },
    hintNotSignedIn: {
        code: 50058,
        error: "login_required",
        text: "A silent sign-in request was sent but none of the currently signed in user(s) match the requested login hint.",
    },
    mfaRequired: {
        code: 50076,
        error: "interaction_required",
        suberror: "basic_action",
        text: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{0}'.",
    },
    userNotInTenant: {
        code: 50020,
        error: "interaction_required",
        text: "User account '{0}' from identity provider 'https://sts.windows.net/{1}/' does not exist in tenant '{2}' and cannot access the application '{3}'({4}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
    },
    multipleIdentities: {
        code: 16000,
        error: "interaction_required",
        text: "Either multiple user identities are available for the current request or selected account is not supported for the scenario.",
    },
    consentRequired: {
        code: 65001,
        error: "consent_required",
        suberror: "consent_required",
        text: "The user or administrator has not consented to use the application with ID '{0}' named '{1}'. Send an interactive authorization request for this user and resource.",
    },
    userDeclined: { code: 65004, error: "access_denied", text: "User declined to consent to access the app." },
    unknownUser: {
        code: 50034,
        error: "invalid_request",
        text: "The user account {0} does not exist in the {1} directory. To sign into this application, the account must be added to the directory.",
    },
    applicationNotFound: {
        code: 700016,
        error: "unauthorized_client",
        text: "Application with identifier '{0}' was not found in the directory '{1}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    },
    redirectMismatch: {
        code: 50011,
        error: "invalid_request",
        text: "The redirect URI '{0}' specified in the request does not match the redirect URIs configured for the application '{1}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.",
    },
    tenantNotFound: {
        code: 90002,
        error: "invalid_tenant",
        text: "Tenant '{0}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
    },
    missingParameter: {
        code: 900144,
        error: "invalid_request",
        text: "The request body must contain the following parameter: '{0}'.",
    },
    unsupportedResponseType: {
        code: 700054,
        error: "unsupported_response_type",
        text: "response_type '{0}' is not enabled for the application.",
    },
    pkceRequired: {
        code: 9002325,
        error: "invalid_request",
        text: "Proof Key for Code Exchange is required for cross-origin authorization code redemption.",
    },
    spaCrossOriginOnly: {
        code: 9002327,
        error: "invalid_request",
        text: "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
    },
    verifierMismatch: {
        code: 501481,
        error: "invalid_grant",
        text: "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
    },
    codeRedeemed: {
        code: 54005,
        error: "invalid_grant",
        text: "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    },
    codeExpired: {
        code: 70008,
        error: "invalid_grant",
        text: "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    },
    codeInvalid: {
        code: 70000,
        error: "invalid_grant",
        text: "Provided grant is invalid or malformed.",
    },
    refreshTokenInvalid: {
        code: 9002313,
        error: "invalid_grant",
        text: "Invalid request. Request is malformed or invalid.",
    },
    spaRefreshTokenExpired: {
        code: 700084,
        error: "invalid_grant",
        text: "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.",
    },
    unsupportedGrantType: {
        code: 70003,
        error: "unsupported_grant_type",
        text: "The app requested an unsupported grant type '{0}'.",
    },
    multipleResources: {
        code: 28000,
        error: "invalid_scope",
        text: "Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {0} is not valid.",
    },
    resourceNotFound: {
        code: 500011,
        error: "invalid_resource",
        text: "The resource principal named {0} was not found in the tenant named {1}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
    },
    publicClientSecret: {
        code: 700025,
        error: "invalid_client",
        text: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    },
});

function fill(text, args) {
    return text.replace(/\{(\d+)\}/g, (_, index) => String(args[Number(index)] ?? ""));
}

/** "2020-04-13 10:39:39Z", the timestamp form inside error descriptions. */
function descriptionTimestamp(date) {
    return `${date.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/**
 * One error instance: the AADSTS entry filled with its arguments, plus the trace and correlation ids
 * and the timestamp Entra ID appends to every description.
 */
export function entraError(entry, args = [], { now = new Date(), correlationId } = {}) {
    const traceId = randomUUID();
    const correlation = correlationId || randomUUID();
    const description =
        `AADSTS${entry.code}: ${fill(entry.text, args)}\r\n` +
        `Trace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${descriptionTimestamp(now)}`;
    return Object.freeze({
        error: entry.error,
        suberror: entry.suberror,
        code: entry.code,
        description,
        traceId,
        correlationId: correlation,
        timestamp: descriptionTimestamp(now),
    });
}

/** Token endpoint shape: status 400, JSON body. */
export function tokenErrorBody(instance, overrides = {}) {
    return {
        error: overrides.error ?? instance.error,
        error_description: instance.description,
        error_codes: [instance.code],
        timestamp: instance.timestamp,
        trace_id: instance.traceId,
        correlation_id: instance.correlationId,
        error_uri: `https://login.microsoftonline.com/error?code=${instance.code}`,
        ...((overrides.suberror ?? instance.suberror) ? { suberror: overrides.suberror ?? instance.suberror } : {}),
    };
}

/** Authorize endpoint shape: parameters appended to the redirect URI. */
export function authorizeErrorParameters(instance, state, extra = {}) {
    return {
        error: instance.error,
        error_description: instance.description,
        error_uri: `https://login.microsoftonline.com/error?code=${instance.code}`,
        ...extra,
        ...(state !== undefined ? { state } : {}),
    };
}
