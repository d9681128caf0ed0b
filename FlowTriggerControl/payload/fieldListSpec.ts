import { LOGICAL_NAME_PATTERN } from "../contracts/dataverse";
import { message, type UserMessage } from "../contracts/userMessage";
import { FieldKinds, type ColumnInfo, type FieldKind } from "./payload.types";
import { buildPayloadSchema, type JsonSchema } from "./payloadSchema";

export type FieldListResult =
    | { readonly ok: true; readonly columns: readonly ColumnInfo[] }
    | { readonly ok: false; readonly errors: readonly UserMessage[] };

export type FieldListSchemaResult =
    | { readonly ok: true; readonly schema: JsonSchema }
    | { readonly ok: false; readonly errors: readonly UserMessage[] };

/** The type names a field list accepts (re-exported for the CLI's usage line). */
export { FieldKinds };

function isFieldKind(value: string): value is FieldKind {
    return (FieldKinds as readonly string[]).includes(value);
}

/**
 * Parses a maker's "logicalname:type,…" list (types: FieldKinds, e.g. revenue:money, birthdate:dateonly).
 * Empty entries are ignored, so a trailing comma is fine.
 */
export function parseFieldList(spec: string): FieldListResult {
    const columns: ColumnInfo[] = [];
    const errors: UserMessage[] = [];
    const seen = new Set<string>();
    for (const entry of spec.split(",").map((part) => part.trim())) {
        if (entry === "") {
            continue;
        }
        const match = /^([^:\s]+)\s*:\s*([^:\s]+)$/.exec(entry);
        const name = match?.[1].toLowerCase();
        const type = match?.[2].toLowerCase();
        if (name === undefined || type === undefined || !LOGICAL_NAME_PATTERN.test(name)) {
            errors.push(message("Error_PayloadSchema_InvalidEntry", entry));
        } else if (!isFieldKind(type)) {
            errors.push(message("Error_PayloadSchema_UnknownType", type, name, FieldKinds.join(", ")));
        } else if (seen.has(name)) {
            errors.push(message("Error_PayloadSchema_DuplicateField", name));
        } else {
            seen.add(name);
            columns.push({ logicalName: name, type });
        }
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, columns };
}

/** The trigger schema for a "logicalname:type,…" list: what the CLI prints and a host page can show. */
export function schemaForFieldList(spec: string): FieldListSchemaResult {
    const parsed = parseFieldList(spec);
    return parsed.ok ? { ok: true, schema: buildPayloadSchema(parsed.columns) } : parsed;
}
