import type { CloudName } from "../contracts/cloudName";
import type { ConfigProblem } from "../contracts/configProblem";
import { message, type UserMessage } from "../contracts/userMessage";
import { CLOUDS } from "../flow/clouds";
import { isOtherEnvironmentHost } from "../flow/environmentHost";
import type { AuthMode } from "../flow/urlPolicy";
import { result, type CheckFact, type CheckFix, type CheckResult } from "./checkTypes";
import type { TokenClaims } from "./tokenClaims";

/**
 * Each row's verdict as a pure function of what the page observed: status, one summary line, the exact
 * fixes and the facts for the report. No check touches the page, the network or a token.
 */

const INVOKE_PATH = /\/workflows\/[0-9a-fA-F]{32}\/triggers\/[A-Za-z0-9_-]{1,128}\/paths\/invoke$/;
const LEGACY_HOST = /\.logic\.azure\.(com|us|cn)$/;

const fact = (label: string, value: string, translate = false): CheckFact =>
    translate ? { label, value, translate } : { label, value };
const fix = (msg: UserMessage, property?: string): CheckFix =>
    property ? { property, message: msg } : { message: msg };

// ---- settings ----------------------------------------------------------------------------------------

export function checkSettings(problems: readonly ConfigProblem[]): CheckResult {
    if (problems.length === 0) return result("pass", message("Setup_Settings_Pass"));
    return result(
        "fail",
        message("Setup_Settings_Fail", String(problems.length)),
        problems.map((problem) => fix(problem.reason, problem.property)),
    );
}

// ---- flowUrl -----------------------------------------------------------------------------------------

export interface FlowUrlObservation {
    readonly authMode: AuthMode;
    readonly cloud: CloudName;
    /** Set when flowUrl names an environment variable. */
    readonly variable?: {
        readonly schemaName: string;
        /** Where the URL came from; "missing": no definition, "empty": neither value is set. */
        readonly source: "current" | "default" | "missing" | "empty" | "unreadable";
        readonly error?: UserMessage;
    };
    /** The URL the control would call, when there is one. */
    readonly url?: string;
    /** The control's URL policy verdict on it. */
    readonly policyError?: UserMessage;
    /** This environment's id (RetrieveCurrentOrganization), when the page could read it. */
    readonly currentEnvironmentId?: string;
}

export function checkFlowUrl(seen: FlowUrlObservation): CheckResult {
    const facts: CheckFact[] = [fact("Setup_Fact_AuthMode", seen.authMode), fact("Setup_Fact_Cloud", seen.cloud)];
    const variable = seen.variable;
    if (variable) {
        facts.push(fact("Setup_Fact_Variable", variable.schemaName));
        if (variable.source === "missing") {
            return result(
                "fail",
                message("Setup_FlowUrl_VariableMissing", variable.schemaName),
                [fix(message("Setup_Fix_CreateVariable", variable.schemaName), "flowUrl")],
                facts,
            );
        }
        if (variable.source === "empty") {
            return result(
                "fail",
                message("Setup_FlowUrl_VariableEmpty", variable.schemaName),
                [fix(message("Setup_Fix_FillVariable", variable.schemaName), "flowUrl")],
                facts,
            );
        }
        if (variable.source === "unreadable") {
            return result(
                "fail",
                message("Setup_FlowUrl_VariableUnreadable", variable.schemaName),
                [fix(variable.error ?? message("Error_EnvVar_LoadFailed", variable.schemaName), "flowUrl")],
                facts,
            );
        }
        facts.push(
            fact(
                "Setup_Fact_VariableSource",
                variable.source === "current" ? "Setup_Value_CurrentValue" : "Setup_Value_DefaultValue",
                true,
            ),
        );
    }
    if (seen.url === undefined) {
        return result("fail", message("Setup_FlowUrl_None"), [fix(message("Error_Config_Required"), "flowUrl")], facts);
    }
    const url = parse(seen.url);
    if (url) facts.push(fact("Setup_Fact_Host", url.host), fact("Setup_Fact_Path", url.pathname));
    const hasSig = url?.searchParams.has("sig") === true;
    if (seen.authMode === "EntraUser" && hasSig) {
        return result(
            "fail",
            message("Setup_FlowUrl_SigInEntraMode"),
            [fix(message("Setup_Fix_SigInEntraMode"), "authMode")],
            facts,
        );
    }
    if (seen.authMode === "SharedAccessSignature" && url && !hasSig) {
        return result(
            "fail",
            message("Setup_FlowUrl_NoSigInSasMode"),
            [fix(message("Setup_Fix_NoSigInSasMode"), "authMode")],
            facts,
        );
    }
    if (seen.policyError) {
        return result("fail", message("Setup_FlowUrl_Refused"), [fix(seen.policyError, "flowUrl")], facts);
    }
    if (url && !INVOKE_PATH.test(url.pathname)) {
        return result(
            "fail",
            message("Setup_FlowUrl_NotInvokePath"),
            [fix(message("Setup_Fix_CopyTriggerUrl"), "flowUrl")],
            facts,
        );
    }
    // The mistake a solution exported with the development value makes: the same check as the control's.
    if (url && seen.currentEnvironmentId && isOtherEnvironmentHost(url.hostname, seen.currentEnvironmentId)) {
        return result(
            "fail",
            message("Setup_FlowUrl_OtherEnvironment"),
            [fix(message("Error_Url_OtherEnvironment", url.hostname, seen.currentEnvironmentId), "flowUrl")],
            facts,
        );
    }
    if (url && LEGACY_HOST.test(url.hostname)) {
        return result(
            "warn",
            message("Setup_FlowUrl_LegacyHost", url.hostname),
            [fix(message("Setup_Fix_LegacyHost"), "flowUrl")],
            facts,
        );
    }
    if (!CLOUDS[seen.cloud].isTriggerHost(url?.hostname ?? "")) {
        // A host the maker listed in trustedHosts (a custom domain, the local stack): the maker's explicit choice.
        return result("pass", message("Setup_FlowUrl_TrustedHost", url?.host ?? "?"), [], facts);
    }
    return result("pass", message("Setup_FlowUrl_Pass"), [], facts);
}

function parse(text: string): URL | undefined {
    try {
        return new URL(text);
    } catch {
        return undefined;
    }
}

/** The URL without its query: safe to show and report (the query may hold sig). */
export function shownUrl(text: string): string {
    const url = parse(text);
    return url ? `${url.origin}${url.pathname}` : "?";
}

// ---- redirectPage ------------------------------------------------------------------------------------

export interface RedirectPageObservation {
    readonly redirectUri: string;
    readonly pageOrigin: string;
    /** The page's answer: status and whether it is the product's sign-in page; "network" when none. */
    readonly answer: { readonly status: number; readonly isSignInPage: boolean } | "network";
}

export function checkRedirectPage(seen: RedirectPageObservation): CheckResult {
    const facts = [fact("Setup_Fact_RedirectUri", seen.redirectUri)];
    const register = fix(message("Setup_Fix_RegisterSpa", seen.redirectUri));
    if (parse(seen.redirectUri)?.origin !== seen.pageOrigin) {
        return result(
            "fail",
            message("Setup_Redirect_OtherOrigin", seen.pageOrigin),
            [fix(message("Error_Config_RedirectOtherOrigin", seen.pageOrigin), "redirectUri")],
            facts,
        );
    }
    if (seen.answer === "network") {
        return result(
            "fail",
            message("Setup_Redirect_Unreachable"),
            [fix(message("Setup_Fix_ImportSolution")), register],
            facts,
        );
    }
    facts.push(fact("Setup_Fact_Status", String(seen.answer.status)));
    if (seen.answer.status !== 200 || !seen.answer.isSignInPage) {
        return result(
            "fail",
            message("Setup_Redirect_NotSignInPage", String(seen.answer.status)),
            [fix(message("Setup_Fix_ImportSolution")), register],
            facts,
        );
    }
    return result("pass", message("Setup_Redirect_Pass"), [register], facts);
}

// ---- signIn ------------------------------------------------------------------------------------------

export type SignInObservation =
    | { readonly kind: "notNeeded" }
    | { readonly kind: "waiting" }
    | { readonly kind: "signedIn"; readonly silently: boolean }
    /** `code`: the AADSTS number or MSAL code; `shown`: the control's own message for it. */
    | { readonly kind: "failed"; readonly code: string; readonly shown: UserMessage };

export interface SignInContext {
    readonly redirectUri: string;
    readonly clientId: string;
    readonly tenantId: string;
}

/** What a maker changes for each sign-in failure (Entra error reference; MSAL error codes). */
export function signInFix(code: string, context: SignInContext): CheckFix[] {
    switch (code) {
        case "AADSTS50011":
        case "AADSTS500113":
            return [fix(message("Setup_Fix_RegisterSpa", context.redirectUri))];
        case "AADSTS9002326":
        case "AADSTS7000218":
        case "AADSTS700025":
        case "invalid_client":
            return [fix(message("Setup_Fix_MoveToSpa", context.redirectUri))];
        case "AADSTS65001":
        case "AADSTS65004":
        case "consent_required":
            return [fix(message("Setup_Fix_GrantConsent", context.clientId))];
        case "AADSTS650057":
        case "AADSTS650052":
        case "AADSTS500011":
            return [fix(message("Setup_Fix_AddPermission"))];
        case "AADSTS700016":
        case "unauthorized_client":
            return [fix(message("Setup_Fix_AppNotFound", context.clientId, context.tenantId), "clientId")];
        case "AADSTS90002": // "Tenant '…' not found": the tenant ID is wrong
            return [fix(message("Setup_Fix_AppNotFound", context.clientId, context.tenantId), "tenantId")];
        case "AADSTS50020":
        case "AADSTS50177":
        case "AADSTS50034":
        case "wrong_account":
            return [fix(message("Setup_Fix_OtherTenant", context.tenantId), "tenantId")];
        case "popup_window_error":
        case "empty_window_error":
            return [fix(message("Setup_Fix_AllowPopups"))];
        case "timed_out":
            // Entra shows AADSTS50011 and AADSTS700016 in the window and never returns: the page only sees a timeout.
            return [
                fix(message("Setup_Fix_WindowShowedError")),
                fix(message("Setup_Fix_RegisterSpa", context.redirectUri)),
                fix(message("Setup_Fix_AppNotFound", context.clientId, context.tenantId), "clientId"),
            ];
        default:
            return [];
    }
}

export function checkSignIn(seen: SignInObservation, context: SignInContext): CheckResult {
    switch (seen.kind) {
        case "notNeeded":
            return result("skip", message("Setup_SignIn_NotNeeded"));
        case "waiting":
            return result("pending", message("Setup_SignIn_Waiting"));
        case "signedIn":
            return result("pass", message(seen.silently ? "Setup_SignIn_Silent" : "Setup_SignIn_Pass"));
        case "failed": {
            const fixes = signInFix(seen.code, context);
            return result(
                "fail",
                message("Setup_SignIn_Fail", seen.code),
                fixes.length > 0 ? fixes : [fix(seen.shown)],
                [fact("Setup_Fact_Code", seen.code)],
            );
        }
    }
}

// ---- token -------------------------------------------------------------------------------------------

export interface TokenExpectation {
    readonly cloud: CloudName;
    readonly tenantId: string;
    /** Seconds since the epoch. */
    readonly nowSeconds: number;
}

export function checkToken(claims: TokenClaims | undefined, expected: TokenExpectation): CheckResult {
    if (!claims) return result("fail", message("Setup_Token_Unreadable"), [fix(message("Setup_Fix_SignInAgain"))]);
    const audience = CLOUDS[expected.cloud].flowAudience;
    const facts = [
        fact("Setup_Fact_Aud", claims.aud ?? "-"),
        fact("Setup_Fact_Tid", claims.tid ?? "-"),
        fact("Setup_Fact_Scp", claims.scp ?? "-"),
        fact("Setup_Fact_User", claims.upn ?? claims.name ?? "-"),
        fact("Setup_Fact_Expires", claims.exp === undefined ? "-" : new Date(claims.exp * 1000).toISOString()),
    ];
    const fixes: CheckFix[] = [];
    if (claims.aud !== audience) fixes.push(fix(message("Setup_Fix_Audience", claims.aud ?? "-", audience), "cloud"));
    if ((claims.tid ?? "").toLowerCase() !== expected.tenantId.toLowerCase()) {
        fixes.push(fix(message("Setup_Fix_TokenTenant", claims.tid ?? "-", expected.tenantId), "tenantId"));
    }
    if (!(claims.scp ?? "").split(" ").includes("User")) fixes.push(fix(message("Setup_Fix_AddPermission")));
    if (claims.exp !== undefined && claims.exp <= expected.nowSeconds)
        fixes.push(fix(message("Setup_Fix_SignInAgain")));
    if (fixes.length > 0) return result("fail", message("Setup_Token_Fail"), fixes, facts);
    return result("pass", message("Setup_Token_Pass"), [], facts);
}

// ---- testRun -----------------------------------------------------------------------------------------

/** One POST as the page saw it. */
export interface ExchangeObservation {
    /** "network": the request never reached the flow (CORS refused, DNS, TLS, offline). */
    readonly status: number | "network";
    readonly errorCode?: string;
    readonly flowMessage?: string;
    /** The x-ms-* request header names the starter flow echoes (docs/payload.md: what a real tenant passes). */
    readonly receivedHeaderNames?: readonly string[];
    readonly elapsedMs: number;
    /** Response headers the page could read (CORS exposes only some). */
    readonly readable: { readonly location: boolean; readonly retryAfter: boolean; readonly runId: boolean };
    readonly withTrackingHeader: boolean;
}

/**
 * The names in a starter flow's `receivedHeaderNames` (the x-ms-* request headers its trigger received). Names
 * only, by their shape: a flow that echoed anything else (a value, a token) has it dropped here, never shown.
 */
export function receivedHeaderNamesFromBody(body: string): string[] | undefined {
    let names: unknown;
    try {
        names = (JSON.parse(body) as { receivedHeaderNames?: unknown }).receivedHeaderNames;
    } catch {
        return undefined;
    }
    if (!Array.isArray(names)) return undefined;
    return names
        .filter((name): name is string => typeof name === "string" && /^x-ms-[a-z0-9-]{1,60}$/i.test(name))
        .slice(0, 40);
}

export interface TestRunObservation {
    readonly authMode: AuthMode;
    readonly first: ExchangeObservation;
    /** The one retry without x-ms-client-tracking-id, after a first attempt that never reached the flow. */
    readonly withoutTrackingHeader?: ExchangeObservation;
}

export function checkTestRun(seen: TestRunObservation | undefined): CheckResult {
    if (!seen) return result("pending", message("Setup_TestRun_Waiting"));
    const first = seen.first;
    const facts: CheckFact[] = [fact("Setup_Fact_Elapsed", `${Math.round(first.elapsedMs)} ms`)];
    if (first.status === "network") {
        const retry = seen.withoutTrackingHeader;
        if (retry && retry.status !== "network") {
            facts.push(fact("Setup_Fact_RetryStatus", String(retry.status)));
            return result(
                "fail",
                message("Setup_TestRun_HeaderRefused"),
                [fix(message("Setup_Fix_TurnOffTrackingHeader"), "sendTrackingHeader")],
                facts,
            );
        }
        return result("fail", message("Setup_TestRun_Unreachable"), [fix(message("Setup_Fix_Unreachable"))], facts);
    }
    facts.push(fact("Setup_Fact_Status", String(first.status)));
    if (first.errorCode) facts.push(fact("Setup_Fact_Code", first.errorCode));
    const status = first.status;
    if (status >= 200 && status <= 299) {
        facts.push(fact("Setup_Fact_ReadableHeaders", readableList(first)));
        if (first.flowMessage) facts.push(fact("Setup_Fact_FlowMessage", first.flowMessage));
        if (first.receivedHeaderNames?.length)
            facts.push(fact("Setup_Fact_ReceivedHeaders", first.receivedHeaderNames.join(", ")));
        if (status === 202 && !first.readable.location) {
            return result(
                "warn",
                message("Setup_TestRun_LocationHidden"),
                [fix(message("Setup_Fix_LocationHidden"))],
                facts,
            );
        }
        return result("pass", message("Setup_TestRun_Pass", String(status)), [], facts);
    }
    return result("fail", message("Setup_TestRun_Fail", String(status)), testRunFixes(first, seen.authMode), facts);
}

function readableList(seen: ExchangeObservation): string {
    const names = [
        seen.readable.location ? "Location" : "",
        seen.readable.retryAfter ? "Retry-After" : "",
        seen.readable.runId ? "x-ms-workflow-run-id" : "",
    ].filter((name) => name !== "");
    return names.length > 0 ? names.join(", ") : "-";
}

function testRunFixes(seen: ExchangeObservation, authMode: AuthMode): CheckFix[] {
    const status = seen.status as number;
    // A token the trigger accepts but a user it doesn't: the Specific users list (sources give 403 for it).
    if (status === 403) return [fix(message("Setup_Fix_NotInSpecificUsers"))];
    switch (seen.errorCode) {
        case "MisMatchingOAuthClaims":
            return [fix(message("Setup_Fix_MisMatchingClaims"))];
        // OAuthAccessPolicyNotFound: a bearer without sig on an Anyone trigger (reported for Logic Apps; the emulator answers it so).
        case "DirectApiAuthorizationRequired":
        case "OAuthAccessPolicyNotFound":
            return authMode === "EntraUser"
                ? [fix(message("Setup_Fix_TriggerIsAnyone"), "authMode")]
                : [fix(message("Setup_Fix_TriggerNeedsSignIn"), "authMode")];
        case "WorkflowTriggerIsNotEnabled":
            return [fix(message("Setup_Fix_TurnFlowOn"))];
        case "WorkflowNotFound":
        case "WorkflowTriggerNotFound":
            return [fix(message("Setup_Fix_StaleUrl"), "flowUrl")];
        case "TriggerInputSchemaMismatch":
            return [fix(message("Setup_Fix_SchemaMismatch"))];
        default:
            break;
    }
    if (status === 401) return [fix(message("Setup_Fix_MisMatchingClaims"))];
    if (status === 404) return [fix(message("Setup_Fix_StaleUrl"), "flowUrl")];
    if (status === 429) return [fix(message("Setup_Fix_Throttled"))];
    if (status >= 500) return [fix(message("Setup_Fix_ServerError", String(status)))];
    return [fix(message("Setup_Fix_SeeRunHistory"))];
}

// ---- schema ------------------------------------------------------------------------------------------

export type SchemaObservation =
    | {
          readonly kind: "ready";
          readonly columns: number;
          readonly table: string;
          /** Why no sample payload could be built from the chosen record (none chosen, or unreadable). */
          readonly sampleProblem?: UserMessage;
      }
    | { readonly kind: "noTable" }
    | { readonly kind: "failed"; readonly reason: UserMessage };

export function checkSchema(seen: SchemaObservation): CheckResult {
    switch (seen.kind) {
        case "noTable":
            return result("skip", message("Setup_Schema_NoTable"), [fix(message("Setup_Fix_ChooseRecord"), "table")]);
        case "failed":
            return result("fail", message("Setup_Schema_Fail"), [fix(seen.reason, "payloadFields")]);
        case "ready":
            if (seen.sampleProblem) {
                return result(
                    "warn",
                    message("Setup_Schema_NoSample", seen.table, String(seen.columns)),
                    [fix(seen.sampleProblem, "recordId"), fix(message("Setup_Fix_PasteSchema"))],
                    [fact("Setup_Fact_Columns", String(seen.columns))],
                );
            }
            return result(
                "pass",
                message("Setup_Schema_Pass", seen.table, String(seen.columns)),
                [fix(message("Setup_Fix_PasteSchema"))],
                [fact("Setup_Fact_Columns", String(seen.columns))],
            );
    }
}
