/**
 * A validator for exactly the JSON Schema subset buildPayloadSchema emits (type, properties,
 * required, items). Any other keyword is reported, so the emitted schema can't drift out of the subset.
 */
type Schema = Record<string, unknown>;

const KNOWN = new Set(["type", "properties", "required", "items"]);

function matchesType(type: string, value: unknown): boolean {
    switch (type) {
        case "object":
            return typeof value === "object" && value !== null && !Array.isArray(value);
        case "array":
            return Array.isArray(value);
        case "string":
            return typeof value === "string";
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "null":
            return value === null;
        default:
            throw new Error(`unknown type ${type}`);
    }
}

export function validateAgainst(schema: Schema, value: unknown, path = "$"): string[] {
    const errors: string[] = [];
    for (const keyword of Object.keys(schema)) {
        if (!KNOWN.has(keyword)) errors.push(`${path}: keyword ${keyword} outside the subset`);
    }
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => matchesType(type, value))) {
        return [...errors, `${path}: ${JSON.stringify(value)} is not ${types.join("|")}`];
    }
    if (matchesType("object", value)) {
        const object = value as Record<string, unknown>;
        for (const name of (schema.required as string[] | undefined) ?? []) {
            if (!(name in object)) errors.push(`${path}: missing ${name}`);
        }
        const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
        for (const [name, sub] of Object.entries(properties)) {
            if (Object.prototype.hasOwnProperty.call(object, name)) {
                errors.push(...validateAgainst(sub, object[name], `${path}.${name}`));
            }
        }
    }
    if (Array.isArray(value) && schema.items !== undefined) {
        value.forEach((item, index) =>
            errors.push(...validateAgainst(schema.items as Schema, item, `${path}[${index}]`)),
        );
    }
    return errors;
}
