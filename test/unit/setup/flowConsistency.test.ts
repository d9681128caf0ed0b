import {
    checkFlowConsistency,
    readHttpTrigger,
    type FlowCheck,
} from "../../../FlowTriggerControl/setup/flowConsistency";
import type { AuthMode } from "../../../FlowTriggerControl/flow/urlPolicy";
import type { ColumnInfo } from "../../../FlowTriggerControl/payload/payload.types";
import { buildPayloadSchema } from "../../../FlowTriggerControl/payload/payloadSchema";

const FIELDS: readonly ColumnInfo[] = [
    { logicalName: "name", type: "string" },
    { logicalName: "revenue", type: "money" },
    { logicalName: "ownerid", type: "lookup" },
];

/** A stored definition as Dataverse's workflow.clientdata holds it (the shape of the starter flow). */
function clientData(inputs: Record<string, unknown>, triggerOverrides: Record<string, unknown> = {}): string {
    return JSON.stringify({
        properties: {
            connectionReferences: {},
            definition: {
                $schema:
                    "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
                contentVersion: "1.0.0.0",
                triggers: { manual: { type: "Request", kind: "Http", inputs, ...triggerOverrides } },
                actions: { Response: { type: "Response", kind: "Http", inputs: { statusCode: 200 } } },
            },
        },
        schemaVersion: "1.0.0.0",
    });
}

/** The parts of the payload schema the tests change. */
interface EditableSchema {
    required: string[];
    properties: {
        record: {
            properties: {
                fields: { required?: string[]; additionalProperties?: boolean; properties: Record<string, unknown> };
            };
        };
    };
}

function editable(schema: unknown): EditableSchema {
    return JSON.parse(JSON.stringify(schema)) as EditableSchema;
}

const GOOD_INPUTS = { method: "POST", triggerAuthenticationType: "Tenant", schema: buildPayloadSchema(FIELDS) };

function checks(
    inputs: Record<string, unknown>,
    { statecode = 1, authMode = "EntraUser" }: { statecode?: number; authMode?: AuthMode } = {},
): Record<string, FlowCheck> {
    const list = checkFlowConsistency({
        flow: { clientdata: clientData(inputs), statecode },
        authMode,
        fields: FIELDS,
    });
    return Object.fromEntries(list.map((check) => [check.id, check]));
}

describe("checkFlowConsistency", () => {
    it("passes every check for a flow built for this control (the starter flow's shape)", () => {
        const result = checkFlowConsistency({
            flow: { clientdata: clientData(GOOD_INPUTS), statecode: 1 },
            authMode: "EntraUser",
            fields: FIELDS,
        });
        expect(result.map((check) => [check.id, check.status])).toEqual([
            ["state", "pass"],
            ["whoCanTrigger", "pass"],
            ["method", "pass"],
            ["schema", "pass"],
        ]);
        expect(result.every((check) => check.fix === undefined)).toBe(true);
    });

    it("fails EntraUser against a trigger set to Anyone (All), and against one with no setting", () => {
        for (const inputs of [
            { ...GOOD_INPUTS, triggerAuthenticationType: "All" },
            { method: "POST", schema: GOOD_INPUTS.schema },
        ]) {
            const check = checks(inputs).whoCanTrigger;
            expect(check.status).toBe("fail");
            expect(check.message.key).toBe("Setup_Flow_AnyoneWithEntra");
            expect(check.fix?.key).toBe("Setup_Flow_AnyoneWithEntra_Fix");
        }
    });

    it("fails SharedAccessSignature against a trigger restricted to the tenant or to specific users", () => {
        for (const mode of ["Tenant", "User"]) {
            const check = checks(
                { ...GOOD_INPUTS, triggerAuthenticationType: mode },
                { authMode: "SharedAccessSignature" },
            ).whoCanTrigger;
            expect(check.status).toBe("fail");
            expect(check.message.key).toBe("Setup_Flow_SignedWithTenant");
            expect(check.fix?.key).toBe("Setup_Flow_SignedWithTenant_Fix");
        }
        const anyone = checks(
            { ...GOOD_INPUTS, triggerAuthenticationType: "All" },
            { authMode: "SharedAccessSignature" },
        );
        expect(anyone.whoCanTrigger.status).toBe("pass");
    });

    it("passes specific users for EntraUser", () => {
        const check = checks({
            ...GOOD_INPUTS,
            triggerAuthenticationType: "User",
            triggerAllowedUsers: "a@b.test",
        }).whoCanTrigger;
        expect(check).toEqual({ id: "whoCanTrigger", status: "pass", message: { key: "Setup_Flow_SpecificUsers" } });
    });

    it("fails a method other than POST, naming it; a trigger without a method accepts POST", () => {
        const check = checks({ ...GOOD_INPUTS, method: "get" }).method;
        expect(check.status).toBe("fail");
        expect(check.message).toEqual({ key: "Setup_Flow_WrongMethod", args: ["GET"] });
        expect(check.fix?.key).toBe("Setup_Flow_WrongMethod_Fix");
        const { method: _method, ...withoutMethod } = GOOD_INPUTS;
        expect(checks(withoutMethod).method.status).toBe("pass");
    });

    it("fails a flow that is off (statecode 0) or whose state is unknown", () => {
        for (const statecode of [0, undefined]) {
            const list = checkFlowConsistency({
                flow: { clientdata: clientData(GOOD_INPUTS), statecode },
                authMode: "EntraUser",
                fields: FIELDS,
            });
            const state = list.find((check) => check.id === "state");
            expect(state?.status).toBe("fail");
            expect(state?.fix?.key).toBe("Setup_Flow_Off_Fix");
        }
    });

    it("warns when the schema lacks a field the payload sends, naming the fields", () => {
        const schema = buildPayloadSchema(FIELDS.filter((column) => column.logicalName !== "revenue"));
        const check = checks({ ...GOOD_INPUTS, schema }).schema;
        expect(check.status).toBe("warn");
        expect(check.message).toEqual({ key: "Setup_Flow_SchemaLacksFields", args: ["revenue"] });
        expect(check.fix?.key).toBe("Setup_Flow_SchemaFix");
    });

    it("fails a missing field where the schema forbids other properties", () => {
        const schema = editable(buildPayloadSchema([FIELDS[0]]));
        schema.properties.record.properties.fields.additionalProperties = false;
        const check = checks({ ...GOOD_INPUTS, schema }).schema;
        expect(check.status).toBe("fail");
        expect(check.message).toEqual({ key: "Setup_Flow_SchemaLacksFields", args: ["revenue, ownerid"] });
    });

    it("fails a schema that requires something the payload never sends, at any depth", () => {
        const schema = editable(GOOD_INPUTS.schema);
        schema.required.push("approver");
        schema.properties.record.properties.fields.required = ["name", "creditlimit"];
        schema.properties.record.properties.fields.properties.creditlimit = { type: "number" };
        const check = checks({ ...GOOD_INPUTS, schema }).schema;
        expect(check.status).toBe("fail");
        expect(check.message).toEqual({
            key: "Setup_Flow_SchemaRequiresUnsent",
            args: ["approver, record.fields.creditlimit"],
        });
    });

    it("warns when the trigger has no schema", () => {
        const { schema: _schema, ...withoutSchema } = GOOD_INPUTS;
        expect(checks(withoutSchema).schema).toMatchObject({ status: "warn", message: { key: "Setup_Flow_NoSchema" } });
    });

    it("fails a flow without an HTTP request trigger, and an unreadable definition", () => {
        const recurrence = clientData({ frequency: "Day" }, { type: "Recurrence", kind: undefined });
        const list = checkFlowConsistency({
            flow: { clientdata: recurrence, statecode: 1 },
            authMode: "EntraUser",
            fields: FIELDS,
        });
        expect(list).toEqual([
            {
                id: "trigger",
                status: "fail",
                message: { key: "Setup_Flow_NoHttpTrigger" },
                fix: { key: "Setup_Flow_NoHttpTrigger_Fix" },
            },
        ]);
        for (const clientdata of ["{not json", null]) {
            const unreadable = checkFlowConsistency({
                flow: { clientdata, statecode: 1 },
                authMode: "EntraUser",
                fields: FIELDS,
            });
            expect(unreadable.map((check) => [check.id, check.status])).toEqual([["definition", "fail"]]);
        }
    });
});

describe("readHttpTrigger", () => {
    it("reads the trigger's name, mode, method and schema", () => {
        expect(readHttpTrigger(clientData({ ...GOOD_INPUTS, triggerAuthenticationType: "User" }))).toEqual({
            triggerName: "manual",
            whoCanTrigger: "SpecificUsers",
            method: "POST",
            schema: GOOD_INPUTS.schema,
        });
        expect(readHttpTrigger(clientData({}))).toEqual({
            triggerName: "manual",
            whoCanTrigger: "Anyone",
            method: undefined,
            schema: undefined,
        });
        expect(readHttpTrigger("[]")).toBeUndefined();
    });
});
