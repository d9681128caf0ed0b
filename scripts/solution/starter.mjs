/**
 * The starter solution's flows: the optional "starter" section of solution.config.json (validated with the
 * rest of the config) and, per flow, the cloud flow definition the starter zip carries.
 *
 * The flow follows real exported solutions (cited where each part comes from):
 * - pnp/powerplatform-samples samples/always-reply-to-request/solution/always-respond-to-request.zip,
 *   Workflows/PatternAlwaysreplytoHTTPrequest-CD602B70-A83E-EE11-BDF3-0022482A4279.json: the envelope
 *   (properties.connectionReferences/definition/templateName, schemaVersion), $schema, contentVersion, the
 *   $authentication parameter, the "manual" Request/Http trigger and a Response/Http action.
 * - trigger inputs `triggerAuthenticationType` "Tenant" | "User" and `triggerAllowedUsers`: the names a real
 *   Dataverse `clientdata` carries, as read by tihanajk/HttpFlowFinder (HttpFlowFinderControl.cs) and listed in
 *   the Microsoft Teams connector reference ("Whether the flow can be triggered by anyone, any user in the
 *   tenant, or only specific users"; triggerAllowedUsers is a string). The ";" between users is inferred
 *   (docs/starter-flows.md).
 */
import { createHash } from "node:crypto";
import { messageText, schemaForFieldList } from "../payload-schema.mjs";

/** "Who can trigger the flow?" in the config → the trigger's triggerAuthenticationType. */
export const WHO_CAN_TRIGGER = Object.freeze({ AnyUserInTenant: "Tenant", SpecificUsers: "User" });

const STARTER_KEYS = ["uniqueName", "displayName", "description", "flows"];
const FLOW_KEYS = ["name", "table", "fields", "whoCanTrigger", "allowedUsers", "environmentVariable"];
const UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,127}$/;
const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Dataverse's workflow.name is 100 characters. */
const MAX_FLOW_NAME = 100;
/** environmentvariabledefinition.schemaname: 100 characters, prefix_ then letters, digits, "_". */
const MAX_SCHEMA_NAME = 100;

/**
 * @typedef {object} StarterFlowConfig
 * @property {string} name
 * @property {string} table
 * @property {string} fields  "logicalname:type,…" as `npm run payload-schema --fields` takes it
 * @property {"AnyUserInTenant" | "SpecificUsers"} whoCanTrigger
 * @property {string[]} allowedUsers  emails or object ids (SpecificUsers only)
 * @property {string} environmentVariable schema name of the Text variable that will hold the trigger URL
 */

/**
 * @typedef {object} StarterConfig
 * @property {string} uniqueName
 * @property {string} displayName
 * @property {string} description
 * @property {StarterFlowConfig[]} flows
 */

/**
 * Checks the "starter" section; every problem goes to `fail`.
 * @param {unknown} raw the section (undefined: no starter solution)
 * @param {{ prefix: unknown, solutionUniqueName: unknown }} context
 * @param {(field: string, problem: string) => void} fail
 * @returns {StarterConfig | undefined} the section when it has no problem
 */
export function checkStarterSection(raw, { prefix, solutionUniqueName }, fail) {
    if (raw === undefined) return undefined;
    let failed = false;
    /** @type {(field: string, problem: string) => void} */
    const problem = (field, text) => {
        failed = true;
        fail(field, text);
    };
    if (!isPlainObject(raw)) {
        problem("starter", 'must be an object { "uniqueName", "displayName", "flows": [ … ] }');
        return undefined;
    }
    for (const key of Object.keys(raw)) {
        if (!STARTER_KEYS.includes(key))
            problem(`starter.${key}`, `is not a known setting (expected one of: ${STARTER_KEYS.join(", ")})`);
    }
    if (typeof raw.uniqueName !== "string" || !UNIQUE_NAME.test(raw.uniqueName)) {
        problem(
            "starter.uniqueName",
            `${JSON.stringify(raw.uniqueName)} must start with a letter or "_" and contain only letters, digits and "_" (no spaces)`,
        );
    } else if (raw.uniqueName.toLowerCase() === String(solutionUniqueName).toLowerCase()) {
        problem("starter.uniqueName", `"${raw.uniqueName}" must differ from solution.uniqueName (its own solution)`);
    }
    if (typeof raw.displayName !== "string" || raw.displayName.trim() === "") {
        problem("starter.displayName", "must be a non-empty string");
    }
    if (raw.description !== undefined && typeof raw.description !== "string") {
        problem("starter.description", "must be a string");
    }
    if (!Array.isArray(raw.flows) || raw.flows.length === 0) {
        problem("starter.flows", "must be a non-empty array of flows { name, table, fields, whoCanTrigger, … }");
        return undefined;
    }
    const names = new Set();
    const variables = new Set();
    raw.flows.forEach((flow, index) => {
        const at = `starter.flows[${index}]`;
        if (!isPlainObject(flow)) {
            problem(at, "must be an object { name, table, fields, whoCanTrigger, environmentVariable }");
            return;
        }
        for (const key of Object.keys(flow)) {
            if (!FLOW_KEYS.includes(key))
                problem(`${at}.${key}`, `is not a known setting (expected one of: ${FLOW_KEYS.join(", ")})`);
        }
        if (typeof flow.name !== "string" || flow.name.trim() === "") {
            problem(`${at}.name`, "must be a non-empty string");
        } else if (flow.name.length > MAX_FLOW_NAME) {
            problem(`${at}.name`, `must be at most ${MAX_FLOW_NAME} characters (Dataverse's flow name length)`);
        } else if (!/[A-Za-z0-9]/.test(flow.name)) {
            problem(
                `${at}.name`,
                `"${flow.name}" must contain a letter or digit (the flow's file name is built from them)`,
            );
        } else if (names.has(flow.name.trim().toLowerCase())) {
            problem(`${at}.name`, `"${flow.name}" is listed twice`);
        } else names.add(flow.name.trim().toLowerCase());

        if (typeof flow.table !== "string" || !TABLE_NAME.test(flow.table)) {
            problem(`${at}.table`, `${JSON.stringify(flow.table)} must be a table's logical name, e.g. "account"`);
        }
        if (typeof flow.fields !== "string") {
            problem(
                `${at}.fields`,
                'must be a string "logicalname:type,…", as npm run payload-schema --fields takes it',
            );
        } else {
            const schema = schemaForFieldList(flow.fields);
            if (!schema.ok) {
                for (const error of schema.errors) problem(`${at}.fields`, messageText(error));
            }
        }
        if (!Object.keys(WHO_CAN_TRIGGER).includes(flow.whoCanTrigger)) {
            problem(
                `${at}.whoCanTrigger`,
                `${JSON.stringify(flow.whoCanTrigger)} must be one of: ${Object.keys(WHO_CAN_TRIGGER).join(", ")} (the control signs users in with Entra ID, so "Anyone" is not offered)`,
            );
        }
        checkAllowedUsers(flow, at, problem);

        const variable = flow.environmentVariable;
        if (typeof variable !== "string" || !/^[A-Za-z0-9_]+$/.test(variable)) {
            problem(
                `${at}.environmentVariable`,
                `${JSON.stringify(variable)} must be a schema name of letters, digits and "_", e.g. "${prefix}_RequestApprovalFlowUrl"`,
            );
        } else if (typeof prefix === "string" && !variable.startsWith(`${prefix}_`)) {
            problem(`${at}.environmentVariable`, `"${variable}" must start with the publisher prefix "${prefix}_"`);
        } else if (variable.length > MAX_SCHEMA_NAME || variable.length <= `${prefix}_`.length) {
            problem(
                `${at}.environmentVariable`,
                `"${variable}" must have a name after "${prefix}_" and at most ${MAX_SCHEMA_NAME} characters`,
            );
        } else if (variables.has(variable.toLowerCase())) {
            problem(`${at}.environmentVariable`, `"${variable}" is used by two flows`);
        } else variables.add(variable.toLowerCase());
    });
    if (failed) return undefined;
    return {
        uniqueName: /** @type {string} */ (raw.uniqueName),
        displayName: /** @type {string} */ (raw.displayName),
        description: typeof raw.description === "string" ? raw.description : "",
        flows: raw.flows.map((/** @type {Record<string, any>} */ flow) => ({
            name: flow.name.trim(),
            table: flow.table,
            fields: flow.fields,
            whoCanTrigger: flow.whoCanTrigger,
            allowedUsers: [...(flow.allowedUsers ?? [])].map((user) => user.trim()),
            environmentVariable: flow.environmentVariable,
        })),
    };
}

/**
 * @param {Record<string, any>} flow
 * @param {string} at
 * @param {(field: string, problem: string) => void} problem
 */
function checkAllowedUsers(flow, at, problem) {
    const users = flow.allowedUsers;
    if (flow.whoCanTrigger !== "SpecificUsers") {
        if (users !== undefined && !(Array.isArray(users) && users.length === 0)) {
            problem(`${at}.allowedUsers`, 'is only used with "whoCanTrigger": "SpecificUsers"; remove it');
        }
        return;
    }
    if (!Array.isArray(users) || users.length === 0) {
        problem(`${at}.allowedUsers`, 'must list at least one user (email or Entra object id) for "SpecificUsers"');
        return;
    }
    const seen = new Set();
    users.forEach((user, index) => {
        const text = typeof user === "string" ? user.trim() : "";
        if (!EMAIL.test(text) && !GUID.test(text)) {
            problem(
                `${at}.allowedUsers[${index}]`,
                `${JSON.stringify(user)} must be an email address (user principal name) or an Entra object id`,
            );
        } else if (seen.has(text.toLowerCase())) {
            problem(`${at}.allowedUsers[${index}]`, `"${text}" is listed twice`);
        } else seen.add(text.toLowerCase());
    });
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isPlainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------------------
// The generated flow
// ---------------------------------------------------------------------------------------------------------------

/**
 * A stable GUID (version-4 layout) from a seed, so the same config always gives the same zip and an
 * upgrade import updates the same flow instead of adding one.
 * @param {string} seed
 */
export function stableGuid(seed) {
    const hex = createHash("sha256").update(seed).digest("hex");
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Everything the zip needs about one flow.
 * @typedef {object} StarterFlow
 * @property {StarterFlowConfig} config
 * @property {string} workflowId  lower-case GUID without braces
 * @property {string} jsonFileName "/Workflows/<Name>-<UPPER GUID>.json", as Dataverse exports name it
 * @property {object} clientData  the flow JSON (what Dataverse stores in workflow.clientdata)
 */

/**
 * @param {StarterConfig} starter
 * @returns {StarterFlow[]}
 */
export function describeStarterFlows(starter) {
    return starter.flows.map((flow) => {
        const workflowId = stableGuid(`${starter.uniqueName}/workflow/${flow.name.toLowerCase()}`);
        // Exported names: the display name's letters and digits, "-", the id in upper case (pnp sample above).
        const baseName = flow.name.replace(/[^A-Za-z0-9]/g, "");
        return {
            config: flow,
            workflowId,
            jsonFileName: `/Workflows/${baseName}-${workflowId.toUpperCase()}.json`,
            clientData: starterFlowDefinition(flow),
        };
    });
}

/** Names of the generated actions, used by the Response's expressions and by the local stack's evaluator. */
export const STARTER_ACTIONS = Object.freeze({
    headerNames: "Request_header_names",
    callerHeaderNames: "Caller_header_names",
    response: "Response",
});

/**
 * A workflow-definition-language string literal: single quotes, doubled inside.
 * @param {string} text
 */
function literal(text) {
    return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The flow JSON: a "When an HTTP request is received" trigger (POST, the configured "Who can trigger", the
 * payload's schema as `npm run payload-schema` prints it) and a Response answering 200 { message, receivedHeaderNames }.
 *
 * receivedHeaderNames: the NAMES (never the values) of the request's x-ms-* headers, so a test run shows what a
 * real tenant passes to the flow. Workflow definition language has no "keys of an object" function, so:
 *   1. Select (Data operations) over xpath(xml(json(concat('{"headers":', string(triggerOutputs()?['headers']), '}'))), '/headers/*'):
 *      each header becomes an XML element; `xpath(item(), 'name(/*)')` gives its name;
 *   2. Query ("Filter array") keeps the names where startsWith(toLower(item()), 'x-ms-').
 * Functions: https://learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference
 * (triggerOutputs, triggerBody, string, concat, json, xml, xpath, item, body, startsWith, toLower, coalesce);
 * Select, Query and Response actions: https://learn.microsoft.com/azure/logic-apps/logic-apps-workflow-actions-triggers
 * @param {StarterFlowConfig} flow
 */
export function starterFlowDefinition(flow) {
    const schema = schemaForFieldList(flow.fields);
    if (!schema.ok) throw new Error(`Flow ${flow.name}: invalid fields (validate the config first).`);
    /** @type {Record<string, unknown>} */
    const inputs = { method: "POST", triggerAuthenticationType: WHO_CAN_TRIGGER[flow.whoCanTrigger] };
    if (flow.whoCanTrigger === "SpecificUsers") inputs.triggerAllowedUsers = flow.allowedUsers.join(";");
    inputs.schema = schema.schema;
    const record = "triggerBody()?['record']";
    const message =
        `@concat(${literal(`${flow.name}: received `)}, ${record}?['table'], ' ', ` +
        `coalesce(${record}?['primaryName'], ${record}?['id']), ' from ', triggerBody()?['caller']?['name'], '.')`;
    return {
        properties: {
            connectionReferences: {},
            definition: {
                $schema:
                    "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
                contentVersion: "1.0.0.0",
                parameters: { $authentication: { defaultValue: {}, type: "SecureObject" } },
                triggers: { manual: { type: "Request", kind: "Http", inputs } },
                actions: {
                    [STARTER_ACTIONS.headerNames]: {
                        runAfter: {},
                        type: "Select",
                        inputs: {
                            from: `@xpath(xml(json(concat('{"headers":', string(triggerOutputs()?['headers']), '}'))), '/headers/*')`,
                            select: "@xpath(item(), 'name(/*)')",
                        },
                    },
                    [STARTER_ACTIONS.callerHeaderNames]: {
                        runAfter: { [STARTER_ACTIONS.headerNames]: ["Succeeded"] },
                        type: "Query",
                        inputs: {
                            from: `@body('${STARTER_ACTIONS.headerNames}')`,
                            where: "@startsWith(toLower(item()), 'x-ms-')",
                        },
                    },
                    [STARTER_ACTIONS.response]: {
                        runAfter: { [STARTER_ACTIONS.callerHeaderNames]: ["Succeeded"] },
                        type: "Response",
                        kind: "Http",
                        inputs: {
                            statusCode: 200,
                            headers: { "Content-Type": "application/json" },
                            body: {
                                message,
                                receivedHeaderNames: `@body('${STARTER_ACTIONS.callerHeaderNames}')`,
                            },
                        },
                    },
                },
                outputs: {},
            },
            templateName: "",
        },
        schemaVersion: "1.0.0.0",
    };
}
