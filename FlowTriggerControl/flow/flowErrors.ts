/**
 * What an HTTP answer from the trigger means, and what to tell the user about a failure.
 *
 * A status alone proves nothing: a flow's own Response action may answer 401, 403, 429 or 503 (and
 * docs/deploying.md §3 tells makers to answer errors with a status and a message). Only the platform's
 * own error body `{"error":{"code":…}}` with a code from PLATFORM_CODES, on the status that code comes
 * with, and without a run id header, proves the platform refused the call before any run existed.
 */

import type { AuthMode } from "./urlPolicy";
import { message, type UserMessage } from "../contracts/userMessage";

/** The class of an HTTP status, as the transport acts on it. */
export type ResponseClass =
    | "success" //      2xx except 202: the flow answered
    | "accepted" //     202: the run started; maybe a Location to poll
    | "redirect" //     3xx (the transport counts a browser's opaque redirect as 302): never followed
    | "failure"; //     anything else: the platform's refusal or the flow's answer, see platformRefusal

export function classifyStatus(status: number): ResponseClass {
    if (status === 202) return "accepted";
    if (status >= 200 && status <= 299) return "success";
    if (status >= 300 && status <= 399) return "redirect";
    return "failure";
}

/**
 * What may follow a platform refusal. Every refusal proves no run exists; only these two may change
 * with a second POST: "freshToken" (the token ran out: ask for a new one, once) and "afterRetryAfter"
 * (the platform is throttling: wait as told, once). "final" is a setup error another POST can't fix.
 */
export type RefusalRemedy = "freshToken" | "afterRetryAfter" | "final";

/**
 * The statuses the platform sends a code with (the same code on another status is the flow's), its message
 * (default: what failureMessage says for the status alone, the same words) and what may follow (default "final").
 */
type PlatformCode = readonly [
    statuses: readonly number[],
    message?: (correlationId: string, authMode: AuthMode) => UserMessage,
    remedy?: RefusalRemedy,
];

/**
 * The platform's own error codes, as sent in `{"error":{"code":…}}`. A Map, so a code named like an
 * Object.prototype member (`constructor`, `__proto__`, `toString`) is simply not in it.
 * Sources (see also /work/shared/reference/power-automate-auth-and-msal.md §1.4):
 * - ExpiredAuthenticationToken, 401, "The access token expiry UTC time '…' is earlier than current UTC time
 *   '…'": the Flow service (github.com/MicrosoftDocs/power-automate-docs/issues/121) and Logic Apps
 *   (github.com/Azure/LogicAppsUX/issues/3544, github.com/Azure/logicapps/issues/587). Not documented for the
 *   trigger itself; when the trigger sends it, a fresh token is the remedy.
 * - WorkflowRequestsThrottled, 429, "Number of … requests for workflow '…' exceeded the limit …": the Logic Apps
 *   runtime's per-workflow limit (quoted in github.com/AlyaKoni/ALYADO-ADM-Public scripts/azure/Get-LogicAppLogs.ps1);
 *   the runtime endpoint's invoke limit is https://learn.microsoft.com/power-automate/limits-and-config#runtime-endpoint-request-limits.
 * - MisMatchingOAuthClaims (401 or 403, sources disagree), DirectApiAuthorizationRequired (401),
 *   OAuthAccessPolicyNotFound (401): the trigger's OAuth policy check,
 *   https://learn.microsoft.com/power-automate/oauth-authentication, github.com/MicrosoftDocs/azure-docs/issues/60706,
 *   github.com/ericferon/glpi-webhook/issues/51. A new token carries the same claims: final.
 * - DirectApiInvalidAuthorizationSignature (401): a SAS signature the trigger does not accept: final.
 * - TriggerInputSchemaMismatch, WorkflowTriggerIsNotEnabled (400), WorkflowNotFound (404), NoResponse (502):
 *   reported for the trigger in many public threads (reference §1.4). NoResponse comes after a run started.
 *   WorkflowTriggerIsNotEnabled is also accepted on 404, the status issue 16 names for it; either way it is final.
 * No public source shows a platform code on the trigger's 503, so no 503 is ever sent again.
 */
const PLATFORM_CODES: ReadonlyMap<string, PlatformCode> = new Map<string, PlatformCode>([
    ["ExpiredAuthenticationToken", [[401], undefined, "freshToken"]],
    ["WorkflowRequestsThrottled", [[429], undefined, "afterRetryAfter"]],
    ["MisMatchingOAuthClaims", [[401, 403], () => message("Error_Flow_NotAllowed")]],
    [
        "DirectApiAuthorizationRequired",
        [
            [401],
            // With a token: the trigger wants a signed URL. Without one: it wants sign-in, or the sig is gone.
            (_c, mode) => message(mode === "EntraUser" ? "Error_Flow_ExpectsSignedUrl" : "Error_Flow_ExpectsSignIn"),
        ],
    ],
    ["OAuthAccessPolicyNotFound", [[401], () => message("Error_Flow_NoOAuthPolicy")]],
    ["DirectApiInvalidAuthorizationSignature", [[401]]],
    ["TriggerInputSchemaMismatch", [[400], (c) => message("Error_Flow_SchemaMismatch", c)]],
    ["WorkflowTriggerIsNotEnabled", [[400, 404], () => message("Error_Flow_Disabled")]],
    ["WorkflowNotFound", [[404]]],
    ["NoResponse", [[502], (c) => message("Error_Flow_NoResponse", c)]],
]);

/** The header a run's answer carries; readable, it proves a run exists. */
export const RUN_ID_HEADER = "x-ms-workflow-run-id";

export interface FailedAnswer {
    readonly status: number;
    /** Platform code from the body, already checked to look like a code. */
    readonly errorCode?: string;
    /** A top-level `message` the flow's own Response action returned, already sanitized. */
    readonly flowMessage?: string;
    /** The answer carried a run id header: a run exists, whatever the body says. */
    readonly fromRun?: boolean;
}

/** The platform code this answer positively carries, or undefined when the answer may be the flow's own. */
function platformCodeOf(answer: FailedAnswer): PlatformCode | undefined {
    if (answer.fromRun === true || answer.errorCode === undefined) return undefined;
    const known = PLATFORM_CODES.get(answer.errorCode);
    return known?.[0].includes(answer.status) === true ? known : undefined;
}

/**
 * How the platform refused the call, when the answer proves it did (so no run exists); undefined for any
 * answer that may come from a run, the flow's own 401/403/429/503 among them.
 */
export function platformRefusal(answer: FailedAnswer): RefusalRemedy | undefined {
    const platform = platformCodeOf(answer);
    return platform && (platform[2] ?? "final");
}

/**
 * The message for an answer that ends the run as failed. `correlationId` is an argument wherever
 * the user may need to quote it (a run may exist, or support must find the call).
 */
export function failureMessage(answer: FailedAnswer, correlationId: string, authMode: AuthMode): UserMessage {
    const { status, errorCode, flowMessage } = answer;
    if (classifyStatus(status) === "redirect") return message("Error_Flow_Redirected", correlationId);
    const platformMessage = platformCodeOf(answer)?.[1];
    if (platformMessage !== undefined) return platformMessage(correlationId, authMode);
    // A platform code (errorCode is set) falls through to its status below.
    if (errorCode === undefined && flowMessage !== undefined) {
        // The flow itself answered with an error status and a message for the user, whatever the status.
        return message("Error_Flow_ReportedError", flowMessage, String(status), correlationId);
    }
    if (status === 401 || status === 403) return notAuthorized(status, authMode);
    if (status === 429) return message("Error_Flow_Throttled", correlationId);
    if (status === 503) return message("Error_Flow_Unavailable", correlationId);
    if (status === 404) return message("Error_Flow_NotFound");
    if (status === 413) return message("Error_Flow_PayloadTooLarge");
    if (status === 504) return message("Error_Flow_GatewayTimeout", correlationId);
    if (status === 400) return message("Error_Flow_BadRequest", errorCode ?? "400", correlationId);
    if (status >= 500 && status <= 599) return message("Error_Flow_ServerError", String(status), correlationId);
    return message("Error_Flow_Rejected", String(status), correlationId);
}

function notAuthorized(status: number, authMode: AuthMode): UserMessage {
    return authMode === "EntraUser"
        ? message("Error_Flow_NotAuthorized", String(status))
        : message("Error_Flow_SignatureRejected", String(status));
}
