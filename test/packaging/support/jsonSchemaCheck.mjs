/**
 * The few JSON Schema keywords the project's own Solutions/schemas/starter-flow.schema.json uses: type,
 * properties, required, enum, const, pattern, additionalProperties (false). Returns every violation with its path.
 */
import { isDeepStrictEqual } from "node:util";

function typeOf(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (Number.isInteger(value)) return "integer";
    return typeof value;
}

/**
 * @param {unknown} value
 * @param {object} schema
 * @param {string} [path]
 * @returns {string[]}
 */
export function jsonSchemaViolations(value, schema, path = "$") {
    const problems = [];
    const known = ["$comment", "type", "properties", "required", "enum", "const", "pattern", "additionalProperties"];
    for (const keyword of Object.keys(schema)) {
        if (!known.includes(keyword)) throw new Error(`unsupported keyword ${keyword} at ${path}`);
    }
    if (schema.type !== undefined) {
        const actual = typeOf(value);
        const ok = schema.type === actual || (schema.type === "number" && actual === "integer");
        if (!ok) return [`${path}: expected ${schema.type}, got ${actual}`];
    }
    if ("const" in schema && !isDeepStrictEqual(value, schema.const))
        problems.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
    if (schema.enum && !schema.enum.some((option) => isDeepStrictEqual(option, value)))
        problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    if (schema.pattern && (typeof value !== "string" || !new RegExp(schema.pattern, "u").test(value)))
        problems.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (typeOf(value) === "object") {
        for (const name of schema.required ?? []) {
            if (!Object.prototype.hasOwnProperty.call(value, name)) problems.push(`${path}: missing ${name}`);
        }
        for (const [name, child] of Object.entries(value)) {
            const childSchema = schema.properties?.[name];
            if (childSchema) problems.push(...jsonSchemaViolations(child, childSchema, `${path}.${name}`));
            else if (schema.additionalProperties === false) problems.push(`${path}: unexpected ${name}`);
        }
    }
    return problems;
}
