/**
 * Checks a cloud flow against the control's configuration without running it: the flow's definition as
 * Dataverse stores it (the `workflow` row's `clientdata` JSON and `statecode`) against the control's
 * authentication mode and the payload it sends. Pure: plain values in, checks out.
 *
 * Where the definition keeps each setting (Logic Apps workflow definition language, "Request" trigger:
 * https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers#request-trigger):
 * `triggers.<name>.inputs.method`, `.schema`; "Who can trigger" in `inputs.triggerAuthenticationType`
 * ("All" or missing = Anyone, "Tenant", "User" + `triggerAllowedUsers`; read the same way by
 * tihanajk/HttpFlowFinder from real clientdata). statecode 0 = off ("Draft"), 1 = on ("Activated").
 */

import { message, type UserMessage } from "../contracts/userMessage";
import type { AuthMode } from "../flow/urlPolicy";
import type { ColumnInfo } from "../payload/payload.types";
import { buildPayloadSchema, type JsonSchema } from "../payload/payloadSchema";

export type FlowCheckStatus = "pass" | "warn" | "fail";

export type FlowCheckId = "definition" | "trigger" | "state" | "whoCanTrigger" | "method" | "schema";

export interface FlowCheck {
    readonly id: FlowCheckId;
    readonly status: FlowCheckStatus;
    /** What was found. */
    readonly message: UserMessage;
    /** How to fix it (warn and fail only). */
    readonly fix?: UserMessage;
}

/** "Who can trigger the flow?" as the designer names the three settings. */
export type WhoCanTrigger = "Anyone" | "AnyUserInTenant" | "SpecificUsers";

/** The parts of an HTTP-request trigger the checks read, for listing a flow on the setup page too. */
export interface HttpTriggerSummary {
    readonly triggerName: string;
    readonly whoCanTrigger: WhoCanTrigger;
    /** Upper case; undefined when the trigger names no method. */
    readonly method?: string;
    readonly schema?: JsonSchema;
}

/** The `workflow` row as the Web API returns it (only the columns the checks read). */
export interface StoredFlow {
    readonly clientdata?: string | null;
    readonly statecode?: number | null;
}

export interface FlowConsistencyInput {
    readonly flow: StoredFlow;
    readonly authMode: AuthMode;
    /** The columns the control sends (the field list, with their kinds). */
    readonly fields: readonly ColumnInfo[];
}

const STATE_ON = 1;

/**
 * The first HTTP-request trigger ("type": "Request", "kind": "Http") of a stored definition, or why there is none.
 * @returns undefined when the JSON is unreadable or has no such trigger
 */
export function readHttpTrigger(clientdata: string | null | undefined): HttpTriggerSummary | undefined {
    let parsed: unknown;
    try {
        parsed = JSON.parse(clientdata ?? "");
    } catch {
        return undefined;
    }
    const triggers = objectAt(parsed, "properties", "definition", "triggers");
    if (triggers === undefined) return undefined;
    for (const [triggerName, trigger] of Object.entries(triggers)) {
        if (!isObject(trigger) || trigger.type !== "Request" || (trigger.kind !== undefined && trigger.kind !== "Http"))
            continue;
        const inputs = isObject(trigger.inputs) ? trigger.inputs : {};
        const method =
            typeof inputs.method === "string" && inputs.method !== "" ? inputs.method.toUpperCase() : undefined;
        const schema = isObject(inputs.schema) ? inputs.schema : undefined;
        return { triggerName, whoCanTrigger: whoCanTriggerOf(inputs.triggerAuthenticationType), method, schema };
    }
    return undefined;
}

function whoCanTriggerOf(value: unknown): WhoCanTrigger {
    if (value === "Tenant") return "AnyUserInTenant";
    if (value === "User") return "SpecificUsers";
    // "All", or no setting at all: flows made before the setting existed answer anyone with the signed URL.
    return "Anyone";
}

/** Every check for one flow, in the order the setup page lists them. */
export function checkFlowConsistency(input: FlowConsistencyInput): readonly FlowCheck[] {
    const trigger = readHttpTrigger(input.flow.clientdata);
    if (trigger === undefined) {
        const readable = isParsable(input.flow.clientdata);
        return [
            readable
                ? fail("trigger", message("Setup_Flow_NoHttpTrigger"), message("Setup_Flow_NoHttpTrigger_Fix"))
                : fail("definition", message("Setup_Flow_Unreadable"), message("Setup_Flow_Unreadable_Fix")),
        ];
    }
    return [
        stateCheck(input.flow.statecode),
        whoCanTriggerCheck(trigger.whoCanTrigger, input.authMode),
        methodCheck(trigger.method),
        schemaCheck(trigger.schema, input.fields),
    ];
}

function stateCheck(statecode: number | null | undefined): FlowCheck {
    return statecode === STATE_ON
        ? pass("state", message("Setup_Flow_On"))
        : fail("state", message("Setup_Flow_Off"), message("Setup_Flow_Off_Fix"));
}

function whoCanTriggerCheck(who: WhoCanTrigger, authMode: AuthMode): FlowCheck {
    if (authMode === "EntraUser") {
        return who === "Anyone"
            ? fail("whoCanTrigger", message("Setup_Flow_AnyoneWithEntra"), message("Setup_Flow_AnyoneWithEntra_Fix"))
            : pass(
                  "whoCanTrigger",
                  message(who === "AnyUserInTenant" ? "Setup_Flow_Tenant" : "Setup_Flow_SpecificUsers"),
              );
    }
    return who === "Anyone"
        ? pass("whoCanTrigger", message("Setup_Flow_Anyone"))
        : fail("whoCanTrigger", message("Setup_Flow_SignedWithTenant"), message("Setup_Flow_SignedWithTenant_Fix"));
}

function methodCheck(method: string | undefined): FlowCheck {
    if (method === undefined) return pass("method", message("Setup_Flow_AnyMethod"));
    return method === "POST"
        ? pass("method", message("Setup_Flow_Post"))
        : fail("method", message("Setup_Flow_WrongMethod", method), message("Setup_Flow_WrongMethod_Fix"));
}

/**
 * The trigger's request-body schema against the payload's: a field the payload sends that the schema lacks
 * (warn: the flow gets it but cannot pick it in the designer; fail where the schema forbids extra properties),
 * and anything the schema requires that the payload never sends (fail: every run is refused with
 * TriggerInputSchemaMismatch).
 */
function schemaCheck(schema: JsonSchema | undefined, fields: readonly ColumnInfo[]): FlowCheck {
    if (schema === undefined) return warn("schema", message("Setup_Flow_NoSchema"), message("Setup_Flow_SchemaFix"));
    const payload = buildPayloadSchema(fields);

    const neverSent = requiredButNeverSent(schema, payload, "");
    if (neverSent.length > 0) {
        return fail(
            "schema",
            message("Setup_Flow_SchemaRequiresUnsent", neverSent.join(", ")),
            message("Setup_Flow_SchemaFix"),
        );
    }
    const triggerFields = objectAt(schema, "properties", "record", "properties", "fields");
    const sentFields = Object.keys(
        objectAt(payload, "properties", "record", "properties", "fields", "properties") ?? {},
    );
    const known = objectAt(triggerFields, "properties") ?? {};
    const missing = sentFields.filter((name) => !Object.prototype.hasOwnProperty.call(known, name));
    if (missing.length > 0) {
        const closed = triggerFields?.additionalProperties === false;
        const found = message("Setup_Flow_SchemaLacksFields", missing.join(", "));
        return closed
            ? fail("schema", found, message("Setup_Flow_SchemaFix"))
            : warn("schema", found, message("Setup_Flow_SchemaFix"));
    }
    return pass("schema", message("Setup_Flow_SchemaMatches"));
}

/** Property paths ("record.fields.x") the trigger schema requires that the payload's schema does not define. */
function requiredButNeverSent(trigger: JsonSchema, payload: JsonSchema | undefined, path: string): string[] {
    const required = Array.isArray(trigger.required) ? trigger.required.filter((name) => typeof name === "string") : [];
    const triggerProperties = isObject(trigger.properties) ? trigger.properties : {};
    const payloadProperties = payload && isObject(payload.properties) ? payload.properties : {};
    const found: string[] = [];
    for (const name of required) {
        if (!Object.prototype.hasOwnProperty.call(payloadProperties, name)) found.push(`${path}${name}`);
    }
    for (const [name, child] of Object.entries(triggerProperties)) {
        if (!isObject(child) || !Object.prototype.hasOwnProperty.call(payloadProperties, name)) continue;
        const payloadChild = payloadProperties[name];
        found.push(
            ...requiredButNeverSent(child, isObject(payloadChild) ? payloadChild : undefined, `${path}${name}.`),
        );
    }
    return found;
}

function isParsable(text: string | null | undefined): boolean {
    try {
        JSON.parse(text ?? "");
        return true;
    } catch {
        return false;
    }
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
    let current = value;
    for (const key of path) {
        if (!isObject(current)) return undefined;
        current = current[key];
    }
    return isObject(current) ? current : undefined;
}

function pass(id: FlowCheckId, found: UserMessage): FlowCheck {
    return { id, status: "pass", message: found };
}

function warn(id: FlowCheckId, found: UserMessage, fix: UserMessage): FlowCheck {
    return { id, status: "warn", message: found, fix };
}

function fail(id: FlowCheckId, found: UserMessage, fix: UserMessage): FlowCheck {
    return { id, status: "fail", message: found, fix };
}
