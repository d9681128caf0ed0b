/** Guards for values that arrive untyped (host objects, parsed JSON). */

/** A plain object whose members can be read by name; arrays and null are not. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Errors may be Error instances, plain objects or anything else: read them as a bag of members. */
export function asBag(value: unknown): Record<string, unknown> {
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** The trimmed text, or undefined when it is not a string or only whitespace. */
export function nonEmptyText(value: unknown): string | undefined {
    if (typeof value !== "string") return undefined;
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}

/**
 * Sets an own, enumerable data property on a plain object. Plain assignment of a key like `__proto__` (a
 * column name can be anything the metadata says) would change the object's prototype instead, so keys that
 * Object.prototype has go through defineProperty; every other key is assigned, which is several times faster
 * for the thousand-column rows a payload can carry.
 */
export function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
    if (Object.prototype.hasOwnProperty.call(Object.prototype, key)) {
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    } else {
        target[key] = value;
    }
}
