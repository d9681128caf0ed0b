/**
 * What an HTTP answer from the trigger means, and what to tell the user about a failure.
 * Error codes come from the trigger's `{"error":{"code":…}}` bodies as reported publicly (README,
 * "Troubleshooting", lists each with its cause); 401 and 403 are handled alike because sources
 * disagree on which the platform sends.
 */

import type { AuthMode } from "./urlPolicy";
import { message, type UserMessage } from "../contracts/userMessage";

/** The class of an HTTP status, as the transport acts on it. */
export type ResponseClass =
    | "success" //      2xx except 202: the flow answered
    | "accepted" //     202: the run started; maybe a Location to poll
    | "redirect" //     3xx (the transport counts a browser's opaque redirect as 302): never followed
    | "auth" //         401/403: token refused
    | "throttled" //    429: refused before a run was created
    | "unavailable" //  503: may be retried only when it says when
    | "failure"; //     anything else

export function classifyStatus(status: number): ResponseClass {
    if (status === 202) return "accepted";
    if (status >= 200 && status <= 299) return "success";
    if (status >= 300 && status <= 399) return "redirect";
    if (status === 401 || status === 403) return "auth";
    if (status === 429) return "throttled";
    if (status === 503) return "unavailable";
    return "failure";
}

export interface FailedAnswer {
    readonly status: number;
    /** Platform code from the body, already checked to look like a code. */
    readonly errorCode?: string;
    /** A top-level `message` the flow's own Response action returned, already sanitized. */
    readonly flowMessage?: string;
}

/**
 * The message for an answer that ends the run as failed. `correlationId` is an argument wherever
 * the user may need to quote it (a run may exist, or support must find the call).
 */
export function failureMessage(answer: FailedAnswer, correlationId: string, authMode: AuthMode): UserMessage {
    const { status, errorCode, flowMessage } = answer;
    switch (classifyStatus(status)) {
        case "redirect":
            return message("Error_Flow_Redirected", correlationId);
        case "auth":
            return authFailureMessage(status, errorCode, authMode);
        case "throttled":
            return message("Error_Flow_Throttled", correlationId);
        case "unavailable":
            return message("Error_Flow_Unavailable", correlationId);
        default:
            break;
    }
    switch (errorCode) {
        case "TriggerInputSchemaMismatch":
            return message("Error_Flow_SchemaMismatch", correlationId);
        case "WorkflowTriggerIsNotEnabled":
            return message("Error_Flow_Disabled");
        case "WorkflowNotFound":
            return message("Error_Flow_NotFound");
        case "NoResponse":
            return message("Error_Flow_NoResponse", correlationId);
        default:
            break;
    }
    if (errorCode === undefined && flowMessage !== undefined) {
        // The flow itself answered with an error status and a message for the user.
        return message("Error_Flow_ReportedError", flowMessage, String(status), correlationId);
    }
    if (status === 404) return message("Error_Flow_NotFound");
    if (status === 413) return message("Error_Flow_PayloadTooLarge");
    if (status === 504) return message("Error_Flow_GatewayTimeout", correlationId);
    if (status === 400) return message("Error_Flow_BadRequest", errorCode ?? "400", correlationId);
    if (status >= 500 && status <= 599) return message("Error_Flow_ServerError", String(status), correlationId);
    return message("Error_Flow_Rejected", String(status), correlationId);
}

function authFailureMessage(status: number, errorCode: string | undefined, authMode: AuthMode): UserMessage {
    switch (errorCode) {
        case "MisMatchingOAuthClaims":
            return message("Error_Flow_NotAllowed");
        case "DirectApiAuthorizationRequired":
            // With a token: the trigger wants a signed URL. Without one: it wants sign-in, or the sig is gone.
            return authMode === "EntraUser"
                ? message("Error_Flow_ExpectsSignedUrl")
                : message("Error_Flow_ExpectsSignIn");
        case "OAuthAccessPolicyNotFound":
            return message("Error_Flow_NoOAuthPolicy");
        default:
            return authMode === "EntraUser"
                ? message("Error_Flow_NotAuthorized", String(status))
                : message("Error_Flow_SignatureRejected", String(status));
    }
}
