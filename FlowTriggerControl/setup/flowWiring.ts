/**
 * The setup page's `flow` row, pure: the environment's cloud flows with an HTTP-request trigger (from the
 * Dataverse `workflow` rows, https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/workflow:
 * category 5 = Modern Flow, definition in `clientdata`, statecode 1 = on, `resourceid` = the id the Power Automate
 * API uses), the row's verdict for the chosen one (flowConsistency.ts, without running it), the address that
 * asks Power Automate for its trigger URL, and what that answer means.
 */

import type { CloudName } from "../contracts/cloudName";
import { failure, success, type Result } from "../contracts/result";
import { message } from "../contracts/userMessage";
import type { TrustedHost } from "../flow/urlPolicy";
import { result, type CheckFact, type CheckResult } from "./checkTypes";
import type { FlowCheck, HttpTriggerSummary, StoredFlow, WhoCanTrigger } from "./flowConsistency";
import { readHttpTrigger } from "./flowConsistency";
import { maskSecrets } from "./report";

/** A cloud flow the row lists. */
export interface ListedFlow {
    readonly workflowId: string;
    /** The Power Automate API's flow id (Dataverse `resourceid`); undefined when the row has none. */
    readonly resourceId?: string;
    readonly name: string;
    readonly on: boolean;
    readonly trigger: HttpTriggerSummary;
    readonly stored: StoredFlow;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The flows among these `workflow` rows whose trigger is an HTTP request, by name. */
export function listHttpFlows(rows: readonly Record<string, unknown>[]): ListedFlow[] {
    const flows: ListedFlow[] = [];
    for (const row of rows) {
        if (row.category !== 5 || typeof row.workflowid !== "string") continue;
        const clientdata = typeof row.clientdata === "string" ? row.clientdata : undefined;
        const trigger = readHttpTrigger(clientdata);
        if (!trigger) continue;
        const statecode = typeof row.statecode === "number" ? row.statecode : undefined;
        flows.push({
            workflowId: row.workflowid,
            resourceId: typeof row.resourceid === "string" && GUID.test(row.resourceid) ? row.resourceid : undefined,
            name: typeof row.name === "string" && row.name !== "" ? row.name : row.workflowid,
            on: statecode === 1,
            trigger,
            stored: { clientdata, statecode },
        });
    }
    return flows.sort((a, b) => a.name.localeCompare(b.name));
}

/** The resx key naming a "Who can trigger" setting. */
export const WHO_LABELS: Readonly<Record<WhoCanTrigger, string>> = {
    Anyone: "Setup_Who_Anyone",
    AnyUserInTenant: "Setup_Who_AnyUserInTenant",
    SpecificUsers: "Setup_Who_SpecificUsers",
};

/** Field names of the trigger's `record.fields` schema, or undefined without a schema. */
export function schemaFieldNames(trigger: HttpTriggerSummary): string[] | undefined {
    if (!trigger.schema) return undefined;
    const record = trigger.schema.properties as Record<string, { properties?: Record<string, unknown> }> | undefined;
    const fields = record?.record?.properties?.fields as { properties?: Record<string, unknown> } | undefined;
    return Object.keys(fields?.properties ?? {});
}

/** What the page saw of the flows. */
export type FlowRowObservation =
    | { readonly kind: "failed"; readonly reason: string }
    | { readonly kind: "none" }
    | { readonly kind: "checked"; readonly flow: ListedFlow; readonly checks: readonly FlowCheck[] };

/** The row's verdict: the worst of the chosen flow's checks, each problem's fix listed. */
export function checkFlowRow(seen: FlowRowObservation): CheckResult {
    if (seen.kind === "failed") {
        return result("warn", message("Setup_FlowRow_ListFailed", seen.reason), [
            { message: message("Setup_FlowRow_ListFailed_Fix") },
        ]);
    }
    if (seen.kind === "none") {
        return result("warn", message("Setup_FlowRow_None"), [{ message: message("Setup_FlowRow_None_Fix") }]);
    }
    const { flow, checks } = seen;
    const problems = checks.filter((check) => check.status !== "pass");
    const worst = problems.find((check) => check.status === "fail") ?? problems[0];
    const facts: CheckFact[] = [
        { label: "Setup_Fact_Flow", value: flow.name },
        { label: "Setup_Fact_FlowState", value: flow.on ? "Setup_FlowRow_On" : "Setup_FlowRow_Off", translate: true },
        { label: "Setup_Fact_WhoCanTrigger", value: WHO_LABELS[flow.trigger.whoCanTrigger], translate: true },
        { label: "Setup_Fact_Method", value: flow.trigger.method ?? "*" },
    ];
    return result(
        worst ? worst.status : "pass",
        worst ? worst.message : message("Setup_FlowRow_Pass", flow.name),
        problems.flatMap((check) => (check.fix ? [{ message: check.fix }] : [])),
        facts,
    );
}

/**
 * The Power Automate API per cloud: where a flow's owner asks for its trigger URL. Public: the brief's
 * documented host (api.flow.microsoft.com); the sovereign hosts are guesses (tools/local-stack/README.md).
 */
export const FLOW_API_ORIGINS: Readonly<Record<CloudName, string>> = {
    Public: "https://api.flow.microsoft.com",
    UsGov: "https://gov.api.flow.microsoft.us",
    UsGovHigh: "https://high.api.flow.microsoft.us",
    UsGovDoD: "https://api.flow.appsplatform.us",
    China: "https://api.powerautomate.cn",
};

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Where to ask: the cloud's Power Automate API, or — for local testing only — the first loopback host the maker
 * listed in trustedHosts (the local stack's Power Automate emulator answers there). A non-loopback trusted host
 * never receives the request: listing a host trusts it as a trigger, not as the Power Automate API.
 */
export function flowApiOrigin(cloud: CloudName, trustedHosts: readonly TrustedHost[]): string {
    const local = trustedHosts.find((host) => LOOPBACK.has(host.hostname));
    // The URL policy's own rule: http only for a listed loopback host.
    const scheme = local?.allowHttp ? "http" : "https";
    if (local) return `${scheme}://${local.hostname}${local.port === undefined ? "" : `:${local.port}`}`;
    return FLOW_API_ORIGINS[cloud];
}

const ENVIRONMENT_ID = /^[A-Za-z0-9-]{1,64}$/;
const TRIGGER_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * POST …/providers/Microsoft.ProcessSimple/environments/<env>/flows/<flow id>/triggers/<trigger>/listCallbackUrl
 * (api-version 2016-11-01), or undefined when a part would not make a safe path.
 */
export function callbackUrlAddress(
    origin: string,
    environmentId: string,
    resourceId: string,
    triggerName: string,
): string | undefined {
    if (!ENVIRONMENT_ID.test(environmentId) || !GUID.test(resourceId) || !TRIGGER_NAME.test(triggerName))
        return undefined;
    return (
        `${origin}/providers/Microsoft.ProcessSimple/environments/${environmentId}/flows/${resourceId}` +
        `/triggers/${triggerName}/listCallbackUrl?api-version=2016-11-01`
    );
}

/** The answer of listCallbackUrl: the URL (`value`), or why there is none, in words a maker can act on. */
export function readCallbackAnswer(status: number | "network", body: unknown): Result<string> {
    if (status === "network") return failure("Setup_TriggerUrl_Network");
    const error =
        typeof body === "object" && body !== null ? (body as { error?: { code?: unknown } }).error : undefined;
    const code = typeof error?.code === "string" ? error.code : "";
    if (status === 200) {
        const value = typeof body === "object" && body !== null ? (body as { value?: unknown }).value : undefined;
        // Whether the URL may be used is the URL policy's call (the session checks it next).
        return typeof value === "string" && value !== "" ? success(value) : failure("Setup_TriggerUrl_Failed", "200");
    }
    if (status === 401) return failure("Setup_TriggerUrl_Unauthorized", code || "401");
    if (status === 403) return failure("Setup_TriggerUrl_Forbidden");
    if (status === 404) return failure("Setup_TriggerUrl_NotFound", code || "404");
    return failure("Setup_TriggerUrl_Failed", String(status));
}

/** A URL as the page shows it: every sig value masked. */
export function shownUrl(url: string | undefined): string {
    return url === undefined || url === "" ? "" : maskSecrets(url);
}
