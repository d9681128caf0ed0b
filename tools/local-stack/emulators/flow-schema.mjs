// The part of JSON Schema a Power Automate Request trigger enforces that the emulator models:
// `type` (one or a list), `properties`, `required`, `items`. Messages follow Json.NET Schema's,
// which Logic Apps quotes in TriggerInputSchemaMismatch ("Invalid type. Expected String but got Null.").

/** Json.NET's name for a JSON value's type. */
export function jsonTypeName(value) {
    if (value === null) return "Null";
    if (Array.isArray(value)) return "Array";
    if (typeof value === "number") return Number.isInteger(value) ? "Integer" : "Float";
    if (typeof value === "string") return "String";
    if (typeof value === "boolean") return "Boolean";
    return "Object";
}

function matchesType(value, type) {
    const actual = jsonTypeName(value);
    switch (type) {
        case "number":
            return actual === "Integer" || actual === "Float";
        case "integer":
            return actual === "Integer";
        default:
            return actual.toLowerCase() === type;
    }
}

function schemaTypeName(type) {
    return type.charAt(0).toUpperCase() + type.slice(1);
}

function at(path) {
    return path === "" ? "" : ` Path '${path}'`;
}

/**
 * First violation of the schema, as text, or undefined when the value conforms.
 * @param {unknown} value parsed JSON
 * @param {object | null | undefined} schema
 */
export function schemaViolation(value, schema, path = "") {
    if (!schema || typeof schema !== "object") return undefined;
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((type) => matchesType(value, type))) {
            return `Invalid type. Expected ${types.map(schemaTypeName).join(", ")} but got ${jsonTypeName(value)}.${at(path)}`;
        }
    }
    if (jsonTypeName(value) === "Object") {
        const missing = (schema.required ?? []).filter((name) => !Object.prototype.hasOwnProperty.call(value, name));
        if (missing.length > 0) return `Required properties are missing from object: ${missing.join(", ")}.${at(path)}`;
        for (const [name, propertySchema] of Object.entries(schema.properties ?? {})) {
            if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
            const violation = schemaViolation(value[name], propertySchema, path === "" ? name : `${path}.${name}`);
            if (violation) return violation;
        }
    }
    if (Array.isArray(value) && schema.items && typeof schema.items === "object") {
        for (let index = 0; index < value.length; index += 1) {
            const violation = schemaViolation(value[index], schema.items, `${path}[${index}]`);
            if (violation) return violation;
        }
    }
    return undefined;
}
