// Imports a starter solution zip (npm run solution with a "starter" section) into the local tenant, as a solution
// import into a real environment would: each cloud flow becomes a trigger of the Power Automate emulator with the
// flow's own settings (Who can trigger, allowed users, method, request-body schema, on/off) and its actions
// evaluated on each call (./emulators/flow-expressions.mjs: the Response answers what the flow JSON says), and a
// row of the emulated Dataverse `workflow` table (clientdata, statecode, category 5, resourceid,
// workflowidunique); each environment variable definition becomes an `environmentvariabledefinition` row without
// a value, which the control reads as "no value" until the setup page (or a test) saves one.
// It also mounts the Power Automate API's listCallbackUrl on the emulator: the trigger URL, for the flow's owner only.
import { createHash, randomUUID } from "node:crypto";
import JSZip from "jszip";
import xml2js from "xml2js";
import { flowAudience } from "./emulators/flow-clouds.mjs";
import { runActions, planActions } from "./emulators/flow-expressions.mjs";

/** triggerAuthenticationType → the emulator's mode; a missing setting is Anyone ("All"). */
const MODES = Object.freeze({ Tenant: "Tenant", User: "User", All: "All" });

/** POST /providers/Microsoft.ProcessSimple/environments/{env}/flows/{flow}/triggers/{trigger}/listCallbackUrl */
const CALLBACK_PATH =
    /^\/providers\/Microsoft\.ProcessSimple\/environments\/([A-Za-z0-9-]{1,64})\/flows\/([0-9a-fA-F-]{36})\/triggers\/([A-Za-z0-9_-]{1,128})\/listCallbackUrl$/;

/** The emulated environment's id (the Power Automate API addresses flows under it). */
export const LOCAL_ENVIRONMENT_ID = "Default-5f1c6a3e-8d2b-4c7a-9e41-2b6d0f3a7c15";

async function parseXml(text) {
    return xml2js.parseStringPromise(text.replace(/^\uFEFF/, ""), { explicitArray: true, strict: true });
}

const first = (value) => (Array.isArray(value) ? value[0] : value);
const textOf = (element) => {
    const value = first(element);
    return typeof value === "object" && value !== null ? (value._ ?? "") : String(value ?? "");
};

/**
 * Reads the zip: its flows (from customizations.xml's <Workflow> entries and their JSON files) and its
 * environment variable definitions.
 * @param {Buffer} zipBytes
 */
export async function readStarterZip(zipBytes) {
    const zip = await JSZip.loadAsync(zipBytes, { createFolders: false });
    const read = async (name) => {
        const file = zip.file(name);
        if (!file) throw new Error(`The solution zip has no ${name}.`);
        return file.async("string");
    };
    const solution = await parseXml(await read("solution.xml"));
    const uniqueName = textOf(solution.ImportExportXml.SolutionManifest[0].UniqueName);
    const customizations = await parseXml(await read("customizations.xml"));
    const workflowElements = first(customizations.ImportExportXml.Workflows)?.Workflow ?? [];
    const flows = [];
    for (const workflow of workflowElements) {
        const jsonFileName = textOf(workflow.JsonFileName).replace(/^\//, "");
        flows.push({
            workflowId: workflow.$.WorkflowId.replace(/[{}]/g, "").toLowerCase(),
            name: workflow.$.Name,
            description: workflow.$.Description ?? null,
            category: Number(textOf(workflow.Category)),
            stateCode: Number(textOf(workflow.StateCode)),
            statusCode: Number(textOf(workflow.StatusCode)),
            clientData: await read(jsonFileName),
        });
    }
    const environmentVariables = [];
    for (const name of Object.keys(zip.files).filter((entry) =>
        /^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/.test(entry),
    )) {
        const definition = (await parseXml(await read(name))).environmentvariabledefinition;
        environmentVariables.push({
            schemaName: definition.$.schemaname,
            displayName: first(definition.displayname)?.$?.default ?? null,
            type: Number(textOf(definition.type)),
            defaultValue: definition.defaultvalue ? textOf(definition.defaultvalue) : null,
        });
    }
    return { uniqueName, flows, environmentVariables };
}

/**
 * The emulator settings of one flow JSON: mode, allowed users, method, schema, and a respond behaviour that runs
 * the flow's actions. Throws when the flow has no HTTP trigger or uses what the emulator does not evaluate.
 * @param {string} clientData the flow JSON
 */
export function emulatorSettingsFor(clientData) {
    const definition = JSON.parse(clientData).properties?.definition ?? {};
    const triggerEntry = Object.entries(definition.triggers ?? {}).find(
        ([, trigger]) => trigger?.type === "Request" && (trigger.kind ?? "Http") === "Http",
    );
    if (!triggerEntry) throw new Error('The flow has no "When an HTTP request is received" trigger.');
    const [triggerName, trigger] = triggerEntry;
    const inputs = trigger.inputs ?? {};
    const actions = definition.actions ?? {};
    planActions(actions); // refuses what the emulator cannot run, at import time
    const response = Object.values(actions).find((action) => action.type === "Response");
    const staticHeaders = response?.inputs?.headers ?? {};
    // One evaluation per run; status and body read the same answer.
    const answers = new WeakMap();
    const answerFor = (run) => {
        if (!answers.has(run)) {
            let answer;
            try {
                answer = runActions(actions, { body: run.payload, headers: run.headers });
            } catch (error) {
                // A failed action before the Response: the caller gets the platform's 502 (see README, guesses).
                answer = { status: 502, body: { error: { code: "NoResponse", message: error.message } } };
            }
            answers.set(run, answer ?? { status: 202, body: undefined });
        }
        return answers.get(run);
    };
    return {
        triggerName,
        mode: MODES[inputs.triggerAuthenticationType] ?? "All",
        allowedUsers:
            typeof inputs.triggerAllowedUsers === "string"
                ? inputs.triggerAllowedUsers
                      .split(";")
                      .map((user) => user.trim())
                      .filter(Boolean)
                : [],
        method: typeof inputs.method === "string" ? inputs.method.toUpperCase() : "POST",
        schema: inputs.schema ?? null,
        behavior: {
            kind: "respond",
            status: (run) => answerFor(run).status,
            body: (run) => answerFor(run).body,
            contentType: staticHeaders["Content-Type"],
        },
    };
}

/**
 * Imports the starter zip into a running local stack.
 * @param {object} input
 * @param {Buffer} input.zipBytes
 * @param {ReturnType<typeof import("./emulators/power-automate.mjs").startPowerAutomateEmulator> extends Promise<infer T> ? T : never} input.flows
 *        the Power Automate emulator
 * @param {{ dataverse: { rows: Record<string, object[]> }, install: (table: string, row: object) => void }} input.host
 *        the form host: the import installs its rows there, so a data reset (resetData) keeps them
 * @param {{ oid: string, systemUserId: string }} input.owner who imports: owns the flows
 * @param {string} [input.environmentId]
 * @returns {Promise<{ flows: object[], environmentVariables: object[] }>} what was created
 */
export async function importStarterSolution({ zipBytes, flows, host, owner, environmentId = LOCAL_ENVIRONMENT_ID }) {
    const solution = await readStarterZip(zipBytes);
    const imported = [];
    for (const flow of solution.flows) {
        if (flow.category !== 5) continue; // only cloud flows become triggers
        const settings = emulatorSettingsFor(flow.clientData);
        // The Power Automate API's id of the flow (resourceid) differs from the Dataverse row's id, as in a real
        // environment; derived from the workflow id so a re-import updates the same flow.
        const resourceId = guidFrom(`${flow.workflowId}/resource`);
        const emulatorName = `${solution.uniqueName}/${flow.name}`;
        // Installed, not added: an emulator reset() keeps what a solution import put in the environment.
        flows.installFlow(emulatorName, {
            ...settings,
            workflowId: createHash("sha256").update(`${flow.workflowId}/trigger`).digest("hex").slice(0, 32),
            enabled: flow.stateCode === 1,
        });
        const row = {
            workflowid: flow.workflowId,
            name: flow.name,
            description: flow.description,
            category: 5,
            type: 1,
            statecode: flow.stateCode,
            statuscode: flow.statusCode,
            clientdata: flow.clientData,
            primaryentity: "none",
            resourceid: resourceId,
            workflowidunique: guidFrom(`${flow.workflowId}/unique`),
            ownerid: { table: "systemuser", id: owner.systemUserId },
        };
        host.install("workflow", row);
        imported.push({
            ...row,
            emulatorName,
            triggerName: settings.triggerName,
            method: settings.method,
            ownerOid: owner.oid,
        });
    }
    const environmentVariables = [];
    for (const variable of solution.environmentVariables) {
        const row = {
            environmentvariabledefinitionid: guidFrom(`envvar/${variable.schemaName.toLowerCase()}`),
            schemaname: variable.schemaName,
            defaultvalue: variable.defaultValue,
        };
        const existing = (host.dataverse.rows.environmentvariabledefinition ?? []).find(
            (candidate) => candidate.schemaname.toLowerCase() === variable.schemaName.toLowerCase(),
        );
        // Import keeps a current value already set in the environment; it only adds what is missing.
        if (!existing) host.install("environmentvariabledefinition", row);
        environmentVariables.push(existing ?? row);
    }
    mountCallbackUrl(flows, imported, environmentId);
    return { flows: imported, environmentVariables };
}

function guidFrom(seed) {
    const hex = createHash("sha256").update(seed).digest("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Flows already served by the emulator's listCallbackUrl, by emulator instance. */
const callbackRegistries = new WeakMap();

/**
 * POST …/flows/<resourceid>/triggers/<name>/listCallbackUrl with a bearer for the Power Automate audience:
 * 200 { value, method, basePath, queries } for the flow's owner (the shape of Logic Apps' "Workflow Triggers -
 * List Callback Url", https://learn.microsoft.com/rest/api/logic/workflow-triggers/list-callback-url); 401
 * without a valid token; 403 for anyone else; 404 for an unknown flow or trigger. Guesses: README.
 */
function mountCallbackUrl(flows, imported, environmentId) {
    let registry = callbackRegistries.get(flows);
    if (!registry) {
        registry = new Map();
        callbackRegistries.set(flows, registry);
        flows.addRoute(async (request, response, url) => {
            const match = CALLBACK_PATH.exec(url.pathname);
            if (!match) return false;
            request.resume();
            const send = (status, body) => {
                const origin = request.headers.origin;
                response.writeHead(status, {
                    "Content-Type": "application/json; charset=utf-8",
                    ...(origin ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {}),
                });
                response.end(JSON.stringify(body));
                return true;
            };
            if (request.method === "OPTIONS") {
                response.writeHead(204, {
                    "Access-Control-Allow-Origin": request.headers.origin ?? "*",
                    "Access-Control-Allow-Methods": "POST, OPTIONS",
                    "Access-Control-Allow-Headers":
                        request.headers["access-control-request-headers"] ?? "authorization",
                    Vary: "Origin",
                });
                response.end();
                return true;
            }
            if (request.method !== "POST") return send(405, errorBody("MethodNotAllowed", "Use POST."));
            const [, environment, resourceId, triggerName] = match;
            const entry = registry.get(resourceId.toLowerCase());
            if (!entry || environment !== entry.environmentId)
                return send(404, errorBody("FlowNotFound", `Could not find flow '${resourceId}'.`));
            if (entry.triggerName !== triggerName)
                return send(404, errorBody("TriggerNotFound", `The flow has no trigger '${triggerName}'.`));
            const verified = await flows.verifyBearer(request.headers.authorization, flowAudience("Public"));
            if (!verified.ok)
                return send(401, errorBody("InvalidAuthenticationToken", "The access token is missing or invalid."));
            if (String(verified.claims.oid).toLowerCase() !== entry.ownerOid.toLowerCase())
                return send(
                    403,
                    errorBody(
                        "Forbidden",
                        `The caller does not have permission to get the callback URL of flow '${resourceId}'.`,
                    ),
                );
            const value = flows.flowUrl(entry.emulatorName);
            const parsed = new URL(value);
            return send(200, {
                value,
                method: entry.method,
                basePath: `${parsed.origin}${parsed.pathname}`,
                queries: Object.fromEntries(parsed.searchParams),
            });
        });
    }
    for (const flow of imported) {
        registry.set(flow.resourceid, {
            environmentId,
            emulatorName: flow.emulatorName,
            triggerName: flow.triggerName,
            ownerOid: flow.ownerOid,
            method: flow.method,
        });
    }
}

function errorBody(code, message) {
    return { error: { code, message, requestId: randomUUID() } };
}

/** The listCallbackUrl address of an imported flow. */
export function callbackUrlPath(resourceId, { environmentId = LOCAL_ENVIRONMENT_ID, triggerName = "manual" } = {}) {
    return `/providers/Microsoft.ProcessSimple/environments/${environmentId}/flows/${resourceId}/triggers/${triggerName}/listCallbackUrl?api-version=2016-11-01`;
}
