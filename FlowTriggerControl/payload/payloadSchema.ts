import { defineOwn } from "../contracts/plainData";
import { isSentToFlow } from "./fieldValues";
import type { ColumnInfo, FieldKind } from "./payload.types";

/** A JSON Schema (draft-04 keywords only, as the "When an HTTP request is received" trigger accepts). */
export type JsonSchema = Readonly<Record<string, unknown>>;

// Every field type allows null: empty columns are sent as null, and a plain "string" would make
// the trigger answer 400 TriggerInputSchemaMismatch for them.
const nullable = (...types: string[]): string[] => [...types, "null"];

const optionItem = (valueType: string): JsonSchema => ({
    type: "object",
    properties: { value: { type: valueType }, label: { type: "string" } },
});

/** The schema of one field of the given kind ("unknown" kinds are sent as text). */
export function fieldSchema(kind: FieldKind | "unknown"): JsonSchema {
    switch (kind) {
        case "integer":
            return { type: nullable("integer") };
        case "bigint":
            // Values beyond 2^53 are sent as digit strings.
            return { type: nullable("integer", "string") };
        case "decimal":
        case "double":
            return { type: nullable("number") };
        case "money":
            return {
                type: nullable("object"),
                properties: {
                    value: { type: "number" },
                    currency: {
                        type: nullable("object"),
                        properties: {
                            id: { type: "string" },
                            code: { type: "string" },
                            name: { type: nullable("string") },
                        },
                    },
                },
            };
        case "boolean":
            return { ...optionItem("boolean"), type: nullable("object") };
        case "choice":
            return { ...optionItem("integer"), type: nullable("object") };
        case "multichoice":
            return { type: nullable("array"), items: optionItem("integer") };
        case "lookup":
            return {
                type: nullable("object"),
                properties: {
                    id: { type: "string" },
                    table: { type: nullable("string") },
                    name: { type: nullable("string") },
                },
            };
        default:
            // string, memo, uniqueidentifier, entityname, datetime (UTC ISO), dateonly (yyyy-mm-dd), unknown
            return { type: nullable("string") };
    }
}

/**
 * The schema for the whole payload with one property per sent column. Only the envelope is
 * required; no additionalProperties limit, so columns added later don't break an existing trigger.
 */
export function buildPayloadSchema(columns: readonly ColumnInfo[]): JsonSchema {
    const fieldProperties: Record<string, JsonSchema> = {};
    for (const column of columns) {
        if (isSentToFlow(column)) {
            defineOwn(fieldProperties, column.logicalName, fieldSchema(column.type as FieldKind | "unknown"));
        }
    }
    return {
        type: "object",
        properties: {
            schemaVersion: { type: "integer" },
            correlationId: { type: "string" },
            triggeredAt: { type: "string" },
            record: {
                type: "object",
                properties: {
                    table: { type: "string" },
                    id: { type: "string" },
                    primaryName: { type: nullable("string") },
                    fields: { type: "object", properties: fieldProperties },
                },
                required: ["table", "id", "primaryName", "fields"],
            },
            caller: {
                type: "object",
                properties: {
                    userId: { type: "string" },
                    name: { type: "string" },
                    languageId: { type: "integer" },
                    informational: { type: "boolean" },
                },
                required: ["userId", "name", "languageId", "informational"],
            },
        },
        required: ["schemaVersion", "correlationId", "triggeredAt", "record", "caller"],
    };
}
