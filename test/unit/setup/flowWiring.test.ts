import { message } from "../../../FlowTriggerControl/contracts/userMessage";
import { checkFlowConsistency } from "../../../FlowTriggerControl/setup/flowConsistency";
import {
    callbackUrlAddress,
    checkFlowRow,
    flowApiOrigin,
    listHttpFlows,
    readCallbackAnswer,
    schemaFieldNames,
    shownUrl,
} from "../../../FlowTriggerControl/setup/flowWiring";
import { createFlowWebApi } from "../../../FlowTriggerControl/setup/flowWebApi";
import type { ColumnInfo } from "../../../FlowTriggerControl/payload/payload.types";
import { buildPayloadSchema } from "../../../FlowTriggerControl/payload/payloadSchema";

const FIELDS: readonly ColumnInfo[] = [
    { logicalName: "name", type: "string" },
    { logicalName: "ownerid", type: "lookup" },
];

function clientData(inputs: Record<string, unknown>, type = "Request"): string {
    return JSON.stringify({
        properties: { definition: { triggers: { manual: { type, kind: "Http", inputs } }, actions: {} } },
    });
}

const GOOD = { method: "POST", triggerAuthenticationType: "Tenant", schema: buildPayloadSchema(FIELDS) };
const RESOURCE_ID = "0b7f3c2a-1d4e-4f5a-8b6c-7d8e9f0a1b2c";

function row(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        workflowid: `00000000-0000-4000-8000-${name.length.toString().padStart(12, "0")}`,
        name,
        category: 5,
        statecode: 1,
        clientdata: clientData(GOOD),
        resourceid: RESOURCE_ID,
        ...extra,
    };
}

describe("listHttpFlows", () => {
    it("keeps cloud flows whose trigger is an HTTP request, by name, with on/off, who, method and schema", () => {
        const flows = listHttpFlows([
            row("Zeta", { statecode: 0 }),
            row("Alpha"),
            row("Recurrence", { clientdata: clientData({}, "Recurrence") }),
            row("Classic workflow", { category: 0 }),
            row("Broken", { clientdata: "{" }),
        ]);
        expect(flows.map((flow) => [flow.name, flow.on, flow.trigger.whoCanTrigger, flow.trigger.method])).toEqual([
            ["Alpha", true, "AnyUserInTenant", "POST"],
            ["Zeta", false, "AnyUserInTenant", "POST"],
        ]);
        expect(schemaFieldNames(flows[0].trigger)).toEqual(["name", "ownerid"]);
        expect(flows[0].resourceId).toBe(RESOURCE_ID);
    });

    it("has no resource id for a row whose resourceid is not a GUID (nothing unsafe goes into a path)", () => {
        expect(listHttpFlows([row("A", { resourceid: "../x" })])[0].resourceId).toBeUndefined();
    });

    it("names no schema fields for a trigger without a schema", () => {
        const [flow] = listHttpFlows([row("A", { clientdata: clientData({ method: "POST" }) })]);
        expect(schemaFieldNames(flow.trigger)).toBeUndefined();
    });
});

describe("checkFlowRow", () => {
    const checked = (inputs: Record<string, unknown>, statecode = 1) => {
        const [flow] = listHttpFlows([row("Approval", { clientdata: clientData(inputs), statecode })]);
        const checks = checkFlowConsistency({ flow: flow.stored, authMode: "EntraUser", fields: FIELDS });
        return checkFlowRow({ kind: "checked", flow, checks });
    };

    it("passes a flow that matches, naming it, with its settings as facts", () => {
        const verdict = checked(GOOD);
        expect(verdict.status).toBe("pass");
        expect(verdict.summary).toEqual({ key: "Setup_FlowRow_Pass", args: ["Approval"] });
        expect(verdict.fixes).toEqual([]);
        expect(verdict.facts.map((fact) => fact.value)).toEqual([
            "Approval",
            "Setup_FlowRow_On",
            "Setup_Who_AnyUserInTenant",
            "POST",
        ]);
    });

    it("fails with the worst problem as its summary and every problem's fix", () => {
        const verdict = checked({ ...GOOD, method: "GET", triggerAuthenticationType: "All" }, 0);
        expect(verdict.status).toBe("fail");
        expect(verdict.summary.key).toBe("Setup_Flow_Off");
        expect(verdict.fixes.map((fix) => fix.message.key)).toEqual([
            "Setup_Flow_Off_Fix",
            "Setup_Flow_AnyoneWithEntra_Fix",
            "Setup_Flow_WrongMethod_Fix",
        ]);
    });

    it("warns (not fails) for a schema that only lacks a field", () => {
        const verdict = checked({ ...GOOD, schema: buildPayloadSchema(FIELDS.slice(0, 1)) });
        expect(verdict.status).toBe("warn");
        expect(verdict.summary).toEqual({ key: "Setup_Flow_SchemaLacksFields", args: ["ownerid"] });
    });

    it("warns when the flows can't be read or there is none, each with its fix", () => {
        const failed = checkFlowRow({ kind: "failed", reason: "0x80040220: no privilege" });
        expect([failed.status, failed.summary.args, failed.fixes[0].message.key]).toEqual([
            "warn",
            ["0x80040220: no privilege"],
            "Setup_FlowRow_ListFailed_Fix",
        ]);
        const none = checkFlowRow({ kind: "none" });
        expect([none.status, none.fixes[0].message.key]).toEqual(["warn", "Setup_FlowRow_None_Fix"]);
    });
});

describe("where the trigger URL is asked for", () => {
    it("asks the cloud's Power Automate API", () => {
        expect(flowApiOrigin("Public", [])).toBe("https://api.flow.microsoft.com");
        expect(flowApiOrigin("UsGovHigh", [])).toBe("https://high.api.flow.microsoft.us");
    });

    it("asks a listed loopback host (the local stack), over http as the URL policy allows there, never another trusted host", () => {
        expect(flowApiOrigin("Public", [{ hostname: "127.0.0.1", port: 4100, allowHttp: true }])).toBe(
            "http://127.0.0.1:4100",
        );
        expect(flowApiOrigin("Public", [{ hostname: "flows.contoso.com", allowHttp: false }])).toBe(
            "https://api.flow.microsoft.com",
        );
    });

    it("builds the listCallbackUrl address, and none from unsafe parts", () => {
        expect(callbackUrlAddress("https://api.flow.microsoft.com", "Default-abc", RESOURCE_ID, "manual")).toBe(
            "https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/environments/Default-abc/flows/" +
                `${RESOURCE_ID}/triggers/manual/listCallbackUrl?api-version=2016-11-01`,
        );
        expect(callbackUrlAddress("https://x", "a/../b", RESOURCE_ID, "manual")).toBeUndefined();
        expect(callbackUrlAddress("https://x", "env", "not-a-guid", "manual")).toBeUndefined();
        expect(callbackUrlAddress("https://x", "env", RESOURCE_ID, "man?ual")).toBeUndefined();
    });
});

describe("readCallbackAnswer", () => {
    it("returns the URL of a 200", () => {
        expect(readCallbackAnswer(200, { value: "https://h/x" })).toEqual({ ok: true, value: "https://h/x" });
    });

    it.each([
        ["network", undefined, "Setup_TriggerUrl_Network", []],
        [200, {}, "Setup_TriggerUrl_Failed", ["200"]],
        [
            401,
            { error: { code: "InvalidAuthenticationToken" } },
            "Setup_TriggerUrl_Unauthorized",
            ["InvalidAuthenticationToken"],
        ],
        [403, { error: { code: "Forbidden" } }, "Setup_TriggerUrl_Forbidden", []],
        [404, { error: { code: "FlowNotFound" } }, "Setup_TriggerUrl_NotFound", ["FlowNotFound"]],
        [500, "oops", "Setup_TriggerUrl_Failed", ["500"]],
    ] as const)("says why for %s", (status, body, key, args) => {
        expect(readCallbackAnswer(status, body)).toEqual({ ok: false, reason: message(key, ...args) });
    });

    it("masks every sig when a URL is shown", () => {
        expect(shownUrl("https://h/p?api-version=1&sp=x&sig=SECRET&sv=1")).toBe(
            "https://h/p?api-version=1&sp=x&sig=***&sv=1",
        );
        expect(shownUrl(undefined)).toBe("");
    });
});

describe("createFlowWebApi", () => {
    function fakeFetch(answers: Record<string, { status: number; body?: unknown }>) {
        const calls: { url: string; method?: string; body?: unknown }[] = [];
        const fetchImpl = (url: string, init?: RequestInit) => {
            calls.push({
                url,
                method: init?.method,
                body: typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
            });
            const key = Object.keys(answers).find((prefix) => url.startsWith(prefix)) ?? "";
            const answer = answers[key] ?? { status: 404, body: { error: { code: "x", message: "none" } } };
            return Promise.resolve(
                new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status }),
            );
        };
        return { calls, fetchImpl };
    }

    it("lists cloud flows with category eq 5, same origin", async () => {
        const { calls, fetchImpl } = fakeFetch({
            "/api/data/v9.2/workflows": { status: 200, body: { value: [row("A")] } },
        });
        expect(await createFlowWebApi(fetchImpl).cloudFlows()).toHaveLength(1);
        expect(calls[0].url).toMatch(/^\/api\/data\/v9\.2\/workflows\?.*\$filter=category eq 5$/);
    });

    it("creates the current value linked to its definition when there is none, and updates it when there is", async () => {
        const definition = {
            environmentvariabledefinitionid: "11111111-1111-4111-8111-111111111111",
            schemaname: "ftc_X",
            environmentvariabledefinition_environmentvariablevalue: [],
        };
        const first = fakeFetch({
            "/api/data/v9.2/environmentvariabledefinitions": { status: 200, body: { value: [definition] } },
            "/api/data/v9.2/environmentvariablevalues": { status: 204 },
        });
        const api = createFlowWebApi(first.fetchImpl);
        const variable = await api.variable("ftc_X");
        expect(variable).toMatchObject({ schemaName: "ftc_X", valueId: undefined, currentValue: undefined });
        await api.saveValue(variable!, "https://h/new");
        expect(first.calls[1]).toEqual({
            url: "/api/data/v9.2/environmentvariablevalues",
            method: "POST",
            body: {
                schemaname: "ftc_X",
                value: "https://h/new",
                "EnvironmentVariableDefinitionId@odata.bind": `/environmentvariabledefinitions(${definition.environmentvariabledefinitionid})`,
            },
        });

        const valueId = "22222222-2222-4222-8222-222222222222";
        const second = fakeFetch({
            "/api/data/v9.2/environmentvariabledefinitions": {
                status: 200,
                body: {
                    value: [
                        {
                            ...definition,
                            environmentvariabledefinition_environmentvariablevalue: [
                                { environmentvariablevalueid: valueId, value: "https://h/old" },
                            ],
                        },
                    ],
                },
            },
            "/api/data/v9.2/environmentvariablevalues": { status: 204 },
        });
        const again = createFlowWebApi(second.fetchImpl);
        const existing = await again.variable("ftc_X");
        expect(existing).toMatchObject({ valueId, currentValue: "https://h/old" });
        await again.saveValue(existing!, "https://h/new");
        expect(second.calls[1]).toEqual({
            url: `/api/data/v9.2/environmentvariablevalues(${valueId})`,
            method: "PATCH",
            body: { value: "https://h/new" },
        });
    });

    it("finds no variable for a name that isn't a schema name (nothing sent) or that the environment lacks", async () => {
        const { calls, fetchImpl } = fakeFetch({
            "/api/data/v9.2/environmentvariabledefinitions": { status: 200, body: { value: [] } },
        });
        const api = createFlowWebApi(fetchImpl);
        expect(await api.variable("x' or 1 eq 1")).toBeUndefined();
        expect(calls).toHaveLength(0);
        expect(await api.variable("ftc_Missing")).toBeUndefined();
    });

    it("throws the Web API's error code and message", async () => {
        const { fetchImpl } = fakeFetch({
            "/api/data/v9.2/workflows": {
                status: 403,
                body: { error: { code: "0x80040220", message: "No privilege" } },
            },
        });
        await expect(createFlowWebApi(fetchImpl).cloudFlows()).rejects.toMatchObject({
            status: 403,
            code: "0x80040220",
        });
    });
});
