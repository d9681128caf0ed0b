import { toPayloadFields } from "../../../FlowTriggerControl/payload/fieldValues";
import { parseFieldList, schemaForFieldList } from "../../../FlowTriggerControl/payload/fieldListSpec";
import { normalizeEntityMetadata } from "../../../FlowTriggerControl/payload/metadata";
import { buildPayload } from "../../../FlowTriggerControl/payload/payloadBuilder";
import { buildPayloadSchema, fieldSchema, type JsonSchema } from "../../../FlowTriggerControl/payload/payloadSchema";
import { FieldKinds } from "../../../FlowTriggerControl/payload/payload.types";
import { accountMetadata, accountRow, CURRENCY_ID } from "./fixtures";
import { validateAgainst } from "./schemaSubset";

const columns = normalizeEntityMetadata(accountMetadata()).columns;

function fieldsOf(schema: JsonSchema): Record<string, JsonSchema> {
    const record = (schema.properties as Record<string, JsonSchema>).record;
    const fields = (record.properties as Record<string, JsonSchema>).fields;
    return fields.properties as Record<string, JsonSchema>;
}

function payloadFor(fields: Record<string, unknown>) {
    return buildPayload({
        correlationId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        triggeredAt: new Date(0),
        record: {
            table: "account",
            id: "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f",
            primaryName: null,
            fields: fields as never,
        },
        caller: { userId: "b05ec7ce-5d51-df11-97e0-00155db232d0", name: "A", languageId: 1031 },
    });
}

describe("buildPayloadSchema", () => {
    const schema = buildPayloadSchema(columns);

    it("has one property per sent column and none for image, file or unsupported ones", () => {
        const names = Object.keys(fieldsOf(schema));
        expect(names).toContain("revenue");
        expect(names).toContain("new_future");
        expect(names).not.toContain("entityimage");
        expect(names).not.toContain("new_contract");
        expect(names).not.toContain("new_managed");
    });

    it("requires only the envelope", () => {
        expect(schema.required).toEqual(["schemaVersion", "correlationId", "triggeredAt", "record", "caller"]);
        const fields = (
            (schema.properties as Record<string, JsonSchema>).record.properties as Record<string, JsonSchema>
        ).fields;
        expect(fields.required).toBeUndefined();
        expect(JSON.stringify(fieldsOf(schema))).not.toContain("required");
    });

    it("allows null for every field type", () => {
        for (const kind of [...FieldKinds, "unknown" as const]) {
            expect(fieldSchema(kind).type).toEqual(expect.arrayContaining(["null"]));
        }
    });

    it("types each kind as the payload sends it", () => {
        expect(fieldSchema("integer").type).toEqual(["integer", "null"]);
        expect(fieldSchema("bigint").type).toEqual(["integer", "string", "null"]);
        expect(fieldSchema("decimal").type).toEqual(["number", "null"]);
        expect(fieldSchema("dateonly").type).toEqual(["string", "null"]);
        expect(fieldSchema("multichoice")).toEqual({
            type: ["array", "null"],
            items: { type: "object", properties: { value: { type: "integer" }, label: { type: "string" } } },
        });
        expect(fieldSchema("lookup").properties).toEqual({
            id: { type: "string" },
            table: { type: ["string", "null"] },
            name: { type: ["string", "null"] },
        });
    });

    it("validates a real payload, and an all-empty one", () => {
        const full = toPayloadFields(accountRow(), columns, {
            userTimeZoneOffsetMinutes: () => 60,
            currencyCodes: { [CURRENCY_ID]: "EUR" },
        });
        expect(validateAgainst(schema, JSON.parse(JSON.stringify(payloadFor(full))))).toEqual([]);
        const empty = toPayloadFields({}, columns, { userTimeZoneOffsetMinutes: () => 0 });
        expect(validateAgainst(schema, payloadFor(empty))).toEqual([]);
    });

    it("the subset validator does reject wrong shapes", () => {
        const bad = payloadFor({ revenue: 12.5, industrycode: { value: "1", label: "x" } });
        expect(validateAgainst(schema, bad)).toEqual([
            "$.record.fields.revenue: 12.5 is not object|null",
            '$.record.fields.industrycode.value: "1" is not integer',
        ]);
        expect(validateAgainst(schema, { schemaVersion: 1 })).toHaveLength(4);
    });

    it("uses draft-04 keywords the trigger accepts, nothing else", () => {
        const keywords = new Set<string>();
        const walk = (node: unknown, inProperties: boolean): void => {
            if (Array.isArray(node) || typeof node !== "object" || node === null) return;
            for (const [key, value] of Object.entries(node)) {
                if (!inProperties) keywords.add(key);
                walk(value, !inProperties && key === "properties");
            }
        };
        walk(schema, false);
        expect([...keywords].sort()).toEqual(["items", "properties", "required", "type"]);
    });
});

describe("field lists for makers", () => {
    it("parses name:type lists, ignoring spaces, case and a trailing comma", () => {
        const parsed = parseFieldList(" Name : string , revenue:MONEY,");
        expect(parsed).toEqual({
            ok: true,
            columns: [
                { logicalName: "name", type: "string" },
                { logicalName: "revenue", type: "money" },
            ],
        });
    });

    it("reports every bad entry with a message key", () => {
        const parsed = parseFieldList("name,revenue:cash,a:string,a:integer,bad name:string,x:y:z");
        expect(parsed.ok).toBe(false);
        if (parsed.ok) return;
        expect(parsed.errors).toEqual([
            { key: "Error_PayloadSchema_InvalidEntry", args: ["name"] },
            { key: "Error_PayloadSchema_UnknownType", args: ["cash", "revenue", FieldKinds.join(", ")] },
            { key: "Error_PayloadSchema_DuplicateField", args: ["a"] },
            { key: "Error_PayloadSchema_InvalidEntry", args: ["bad name:string"] },
            { key: "Error_PayloadSchema_InvalidEntry", args: ["x:y:z"] },
        ]);
    });

    it("gives the same schema as buildPayloadSchema for the same columns", () => {
        const result = schemaForFieldList("revenue:money,createdon:datetime");
        expect(result).toEqual({
            ok: true,
            schema: buildPayloadSchema([
                { logicalName: "revenue", type: "money" },
                { logicalName: "createdon", type: "datetime" },
            ]),
        });
    });

    it("an empty list gives the envelope with no fields", () => {
        const result = schemaForFieldList("");
        expect(result.ok && fieldsOf(result.schema)).toEqual({});
    });
});
