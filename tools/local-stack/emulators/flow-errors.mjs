// Error answers of the Power Automate HTTP trigger: status, `error.code` and message, as reported
// for the real service (see /work/shared/reference/power-automate-auth-and-msal.md §1.4).
// Where public sources disagree on a status (401 vs 403 for MisMatchingOAuthClaims) the emulator
// makes it configurable.

export const FLOW_ERRORS = Object.freeze({
    // One code, two meanings. The shared-access text answers an "Anyone" URL without its sig, and a bearer
    // sent together with a sig (one scheme only: the signature).
    authorizationRequired: {
        status: 401,
        code: "DirectApiAuthorizationRequired",
        message: "The request must be authenticated only by Shared Access scheme.",
    },
    // An "Any user" / "Specific users" trigger called without a token (reported in
    // MicrosoftDocs/power-automate-docs#1210 and SharePoint/sp-dev-docs#9396).
    oauthSchemeRequired: {
        status: 401,
        code: "DirectApiAuthorizationRequired",
        message: "The OAuth authorization scheme is required. Please add authentication scheme and try again.",
    },
    claimsMismatch: {
        status: 401,
        code: "MisMatchingOAuthClaims",
        message:
            "One or more claims either missing or does not match with the open authentication access control policy.",
    },
    // Bearer token on an "Anyone" (SAS) flow: there is no OAuth policy to check it against.
    bearerOnSharedAccessFlow: {
        status: 401,
        code: "OAuthAccessPolicyNotFound",
        message:
            "The request is authenticated with an OAuth token but the workflow has no open authentication access control policy. The request must be authenticated only by Shared Access scheme.",
    },
    // An expired bearer: the Azure code and text the Flow service and Logic Apps answer with (power-automate-docs
    // issue #121, Azure/LogicAppsUX#3544). Not documented for the trigger itself: sent only through refuse().
    expiredToken: {
        status: 401,
        code: "ExpiredAuthenticationToken",
        message: "The access token expiry UTC time '{0}' is earlier than current UTC time '{1}'.",
    },
    invalidSignature: {
        status: 401,
        code: "DirectApiInvalidAuthorizationSignature",
        message: "The provided authorization signature is not valid.",
    },
    workflowNotFound: { status: 404, code: "WorkflowNotFound", message: "The workflow '{0}' could not be found." },
    triggerNotFound: {
        status: 404,
        code: "WorkflowTriggerNotFound",
        message: "The workflow '{0}' trigger '{1}' could not be found.",
    },
    triggerNotEnabled: {
        status: 400,
        code: "WorkflowTriggerIsNotEnabled",
        message: "The workflow '{0}' trigger '{1}' cannot be run because the workflow is in the 'Disabled' state.",
    },
    missingApiVersion: {
        status: 400,
        code: "MissingApiVersionParameter",
        message: "The api-version query parameter (?api-version=) is required for all requests.",
    },
    methodNotValid: {
        status: 400,
        code: "TriggerRequestMethodNotValid",
        message: "The HTTP method for this request is not valid: expected '{0}' and actual '{1}'.",
    },
    invalidRequestContent: {
        status: 400,
        code: "InvalidRequestContent",
        message: "The request content is not valid and could not be deserialized: '{0}'.",
    },
    schemaMismatch: {
        status: 400,
        code: "TriggerInputSchemaMismatch",
        message:
            "The input body for trigger '{0}' of type 'Request' did not match its schema definition. Error details: '{1}'.",
    },
    contentTooLarge: {
        status: 413,
        code: "RequestContentTooLarge",
        message: "The request content length exceeds the maximum of '{0}' bytes allowed by the emulator.",
    },
    throttled: {
        status: 429,
        code: "WorkflowRequestsThrottled",
        message: "Rate limit is exceeded. Try again in {0} seconds.",
    },
    internalError: {
        status: 500,
        code: "InternalServerError",
        message: "Encountered internal server error. The tracking Id is '{0}'.",
    },
    noResponse: {
        status: 502,
        code: "NoResponse",
        message: "The server did not receive a response from an upstream server. Request tracking id '{0}'.",
    },
    gatewayTimeout: {
        status: 504,
        code: "GatewayTimeout",
        message: "The gateway did not receive a response from 'Microsoft.Logic' within the specified time period.",
    },
    runNotFound: {
        status: 404,
        code: "WorkflowRunNotFound",
        message: "The workflow '{0}' run '{1}' could not be found.",
    },
});

/** `{ error: { code, message } }` with the message's {0}, {1} filled in. */
export function flowErrorBody(entry, args = []) {
    const message = entry.message.replace(/\{(\d+)\}/g, (_, index) => String(args[Number(index)] ?? ""));
    return { error: { code: entry.code, message } };
}
