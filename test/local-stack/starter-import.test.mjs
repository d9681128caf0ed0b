// Issue 17 item 5 (local stack): the starter zip that `npm run solution` writes is imported into the local
// tenant — its flows answer as the generated JSON says, are listed in the emulated Dataverse workflow table, give
// their trigger URL to their owner only, and their environment variables appear as definitions without a value.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { validateSolutionConfig } from "../../scripts/solution/config.mjs";
import { assembleStarterEntries } from "../../scripts/solution/starterZip.mjs";
import { writeDeterministicZip } from "../../scripts/solution/zip.mjs";
import { requestLoopback } from "../../tools/local-stack/emulators/loopback-client.mjs";
import { systemUserIdFor } from "../../tools/local-stack/form-host/dataset.mjs";
import { startLocalStack, userByUpn } from "../../tools/local-stack/stack.mjs";
import {
    callbackUrlPath,
    emulatorSettingsFor,
    importStarterSolution,
} from "../../tools/local-stack/starter-import.mjs";
import { starterConfig } from "../packaging/support/starterConfig.mjs";

let stack;
let imported;
let zipBytes;
const adele = userByUpn("adele@contoso.test");

before(async () => {
    const config = validateSolutionConfig(starterConfig()).config;
    zipBytes = await writeDeterministicZip(assembleStarterEntries({ config }).entries);
    // The stack imports it at start, owned by the demo user (adele).
    stack = await startLocalStack({ flows: {}, starterZip: zipBytes });
    imported = stack.starter;
});

after(async () => {
    await stack?.close();
});

const token = (upn, extra = {}) => `Bearer ${stack.entra.mintAccessToken({ upn, ...extra })}`;

/** The Web API of the form host, as the setup page calls it (same origin, the app's session). */
async function webApi(path, options = {}) {
    const answer = await requestLoopback(`${stack.host.origin}/api/data/v9.2/${path}`, {
        ca: stack.certificate.ca,
        ...options,
    });
    return { status: answer.status, body: answer.text === "" ? undefined : answer.json() };
}

function flowByName(name) {
    const flow = imported.flows.find((candidate) => candidate.name === name);
    assert.ok(flow, `no imported flow ${name}`);
    return flow;
}

/** POSTs a payload to a trigger URL. */
function callTrigger(url, payload, headers = {}) {
    return requestLoopback(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify(payload),
    });
}

const PAYLOAD = {
    schemaVersion: 1,
    correlationId: "c0ffee00-1111-4222-8333-444455556666",
    triggeredAt: "2026-12-05T18:00:00.000Z",
    record: {
        table: "account",
        id: "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b",
        primaryName: "Contoso Pharmaceuticals",
        fields: { name: "Contoso Pharmaceuticals", accountnumber: "CP-1001", ownerid: null },
    },
    caller: { userId: "0a1b2c3d-0000-4000-8000-1f3a4b51", name: "Adele Vance", languageId: 1033, informational: true },
};

describe("importing the starter zip into the local stack", () => {
    it("lists each flow in the emulated workflow table as a real cloud flow row", async () => {
        const { status, body } = await webApi(
            "workflows?$select=name,category,type,statecode,statuscode,clientdata,resourceid,workflowidunique,primaryentity,_ownerid_value",
        );
        assert.equal(status, 200);
        assert.deepEqual(body.value.map((row) => row.name).sort(), ["Notify the account's team", "Request approval"]);
        for (const row of body.value) {
            assert.equal(row.category, 5);
            assert.equal(row["category@OData.Community.Display.V1.FormattedValue"], "Modern Flow");
            assert.equal(row.statecode, 1);
            assert.equal(row.statuscode, 2);
            assert.equal(row.primaryentity, "none");
            assert.equal(row._ownerid_value, systemUserIdFor(adele));
            assert.match(row.resourceid, /^[0-9a-f-]{36}$/);
            assert.notEqual(row.resourceid, row.workflowid);
            assert.notEqual(row.workflowidunique, row.workflowid);
            const definition = JSON.parse(row.clientdata);
            assert.equal(definition.properties.definition.triggers.manual.kind, "Http");
        }
        const one = await webApi(`workflows?$select=name,statecode&$filter=name eq 'Request approval'`);
        assert.deepEqual(
            one.body.value.map((row) => row.name),
            ["Request approval"],
        );
    });

    it("registers each flow with the generated settings: mode, allowed users, method, schema, on", () => {
        const approval = stack.flows.flows[flowByName("Request approval").emulatorName];
        assert.equal(approval.mode, "Tenant");
        assert.equal(approval.enabled, true);
        const notify = stack.flows.flows[flowByName("Notify the account's team").emulatorName];
        assert.equal(notify.mode, "User");
        assert.deepEqual(notify.allowedUsers, ["adele@contoso.test", "megan@contoso.test"]);
        const settings = emulatorSettingsFor(flowByName("Request approval").clientdata);
        assert.equal(settings.method, "POST");
        assert.deepEqual(settings.schema.required, [
            "schemaVersion",
            "correlationId",
            "triggeredAt",
            "record",
            "caller",
        ]);
    });

    it("answers a signed-in call with the Response the flow JSON builds: message and x-ms-* header names only", async () => {
        const url = stack.flows.flowUrl(flowByName("Request approval").emulatorName);
        const answer = await callTrigger(url, PAYLOAD, {
            Authorization: token("adele@contoso.test"),
            "x-ms-client-tracking-id": "c0ffee00-1111-4222-8333-444455556666",
            "X-MS-Test-Caller": "secret-value-not-echoed",
        });
        assert.equal(answer.status, 200, answer.text);
        assert.match(String(answer.headers["content-type"]), /^application\/json/);
        const body = answer.json();
        assert.equal(body.message, "Request approval: received account Contoso Pharmaceuticals from Adele Vance.");
        assert.deepEqual(body.receivedHeaderNames.sort(), ["x-ms-client-tracking-id", "x-ms-test-caller"]);
        assert.doesNotMatch(answer.text, /secret-value-not-echoed|c0ffee00-1111/);
    });

    it("falls back to the record id when the record has no primary name", async () => {
        const url = stack.flows.flowUrl(flowByName("Request approval").emulatorName);
        const payload = structuredClone(PAYLOAD);
        payload.record.primaryName = null;
        const answer = await callTrigger(url, payload, { Authorization: token("adele@contoso.test") });
        assert.equal(
            answer.json().message,
            `Request approval: received account ${PAYLOAD.record.id} from Adele Vance.`,
        );
        assert.deepEqual(answer.json().receivedHeaderNames, []);
    });

    it("enforces the generated trigger: no token, a user not listed, a payload outside the schema", async () => {
        const approval = stack.flows.flowUrl(flowByName("Request approval").emulatorName);
        const noToken = await callTrigger(approval, PAYLOAD);
        assert.equal(noToken.json().error.code, "DirectApiAuthorizationRequired");
        const notify = stack.flows.flowUrl(flowByName("Notify the account's team").emulatorName);
        const notListed = await callTrigger(notify, PAYLOAD, { Authorization: token("lee@contoso.test") });
        assert.equal(notListed.json().error.code, "MisMatchingOAuthClaims");
        const listed = await callTrigger(notify, PAYLOAD, { Authorization: token("megan@contoso.test") });
        assert.equal(listed.status, 200);
        const wrong = structuredClone(PAYLOAD);
        delete wrong.caller;
        const outside = await callTrigger(approval, wrong, { Authorization: token("adele@contoso.test") });
        assert.equal(outside.json().error.code, "TriggerInputSchemaMismatch");
    });

    it("gives the trigger URL to the flow's owner through listCallbackUrl and refuses anyone else", async () => {
        const flow = flowByName("Request approval");
        const address = `${stack.flows.url}${callbackUrlPath(flow.resourceid)}`;
        const owner = await requestLoopback(address, {
            method: "POST",
            headers: { Authorization: token("adele@contoso.test") },
        });
        assert.equal(owner.status, 200, owner.text);
        assert.equal(owner.json().value, stack.flows.flowUrl(flow.emulatorName));
        assert.equal(owner.json().method, "POST");
        assert.equal(owner.json().queries["api-version"], "1");

        const other = await requestLoopback(address, {
            method: "POST",
            headers: { Authorization: token("megan@contoso.test") },
        });
        assert.equal(other.status, 403);
        assert.equal(other.json().error.code, "Forbidden");
        assert.doesNotMatch(other.text, /paths\/invoke/);

        const anonymous = await requestLoopback(address, { method: "POST" });
        assert.equal(anonymous.status, 401);
        const wrongAudience = await requestLoopback(address, {
            method: "POST",
            headers: { Authorization: token("adele@contoso.test", { audience: "https://graph.microsoft.com" }) },
        });
        assert.equal(wrongAudience.status, 401);
        const unknown = await requestLoopback(
            `${stack.flows.url}${callbackUrlPath("00000000-0000-4000-8000-000000000000")}`,
            { method: "POST", headers: { Authorization: token("adele@contoso.test") } },
        );
        assert.equal(unknown.status, 404);
    });

    it("creates each environment variable as a definition without a value, which the control's query finds", async () => {
        const { body } = await webApi(
            "environmentvariabledefinitions?$select=schemaname,defaultvalue&$filter=schemaname eq 'ftc_RequestApprovalFlowUrl'&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)",
        );
        assert.equal(body.value.length, 1);
        assert.equal(body.value[0].defaultvalue ?? null, null);
        assert.deepEqual(body.value[0].environmentvariabledefinition_environmentvariablevalue, []);
        assert.deepEqual(imported.environmentVariables.map((variable) => variable.schemaname).sort(), [
            "ftc_NotifyTeamFlowUrl",
            "ftc_RequestApprovalFlowUrl",
        ]);
    });

    it("re-importing updates the same flows and keeps a value the environment already has", async () => {
        const definition = stack.host.dataverse.rows.environmentvariabledefinition.find(
            (row) => row.schemaname === "ftc_RequestApprovalFlowUrl",
        );
        stack.host.dataverse.rows.environmentvariablevalue.push({
            environmentvariablevalueid: "e2e2e2e2-0000-4000-8000-000000000001",
            schemaname: "ftc_RequestApprovalFlowUrl",
            value: "https://example.test/flow",
            environmentvariabledefinitionid: {
                table: "environmentvariabledefinition",
                id: definition.environmentvariabledefinitionid,
            },
        });
        const again = await importStarterSolution({
            zipBytes,
            flows: stack.flows,
            host: stack.host,
            owner: { oid: adele.oid, systemUserId: systemUserIdFor(adele) },
        });
        assert.deepEqual(
            again.flows.map((flow) => flow.resourceid).sort(),
            imported.flows.map((flow) => flow.resourceid).sort(),
        );
        assert.equal(stack.host.dataverse.rows.workflow.length, 2);
        assert.equal(
            stack.host.dataverse.rows.environmentvariabledefinition.filter(
                (row) => row.schemaname === "ftc_RequestApprovalFlowUrl",
            ).length,
            1,
        );
    });

    it("refuses at import a flow that uses what the emulator does not evaluate", () => {
        const definition = JSON.parse(flowByName("Request approval").clientdata);
        definition.properties.definition.actions.Response.inputs.body.message = "@utcNow()";
        assert.throws(() => emulatorSettingsFor(JSON.stringify(definition)), /does not evaluate utcNow\(\)/);
        definition.properties.definition.actions.Response.inputs.body.message = "@concat('ok')";
        assert.doesNotThrow(() => emulatorSettingsFor(JSON.stringify(definition)));
        definition.properties.definition.actions.Send = { type: "ApiConnection", inputs: {}, runAfter: {} };
        assert.throws(() => emulatorSettingsFor(JSON.stringify(definition)), /does not run ApiConnection actions/);
    });
});

describe("a data reset after the import (what tests do between cases)", () => {
    it("keeps the imported flows and rows as imported, and drops what was done to them since", async () => {
        const flow = flowByName("Request approval");
        const url = stack.flows.flowUrl(flow.emulatorName);
        stack.flows.updateFlow(flow.emulatorName, { enabled: false });
        stack.host.dataverse.updateRow("workflow", flow.workflowid, { statecode: 0, statuscode: 1 });
        stack.host.dataverse.rows.environmentvariablevalue.push({
            environmentvariablevalueid: "e3e3e3e3-0000-4000-8000-000000000001",
            schemaname: "ftc_RequestApprovalFlowUrl",
            value: url,
        });

        stack.flows.reset();
        stack.entra.reset();
        stack.host.resetData();

        const answer = await callTrigger(url, PAYLOAD, { Authorization: token("adele@contoso.test") });
        assert.equal(answer.status, 200, answer.text);
        assert.equal(stack.flows.flows[flow.emulatorName].enabled, true, "the flow as imported: on");
        const owner = await requestLoopback(`${stack.flows.url}${callbackUrlPath(flow.resourceid)}`, {
            method: "POST",
            headers: { Authorization: token("adele@contoso.test") },
        });
        assert.equal(owner.json().value, url, "listCallbackUrl still answers the owner");
        const workflows = await webApi("workflows?$select=name,statecode");
        assert.deepEqual(workflows.body.value.map((row) => [row.name, row.statecode]).sort(), [
            ["Notify the account's team", 1],
            ["Request approval", 1],
        ]);
        const definitions = await webApi(
            "environmentvariabledefinitions?$select=schemaname&$filter=schemaname eq 'ftc_RequestApprovalFlowUrl'&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)",
        );
        assert.equal(definitions.body.value.length, 1, "the imported definition");
        assert.deepEqual(definitions.body.value[0].environmentvariabledefinition_environmentvariablevalue, []);
    });

    it("still drops a flow a test added for itself", () => {
        stack.flows.addFlow("scratch", { mode: "Tenant" });
        stack.flows.reset();
        assert.equal(stack.flows.flows.scratch, undefined);
        assert.ok(stack.flows.flows[flowByName("Notify the account's team").emulatorName]);
    });
});
