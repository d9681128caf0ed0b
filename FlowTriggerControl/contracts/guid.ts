/** A GUID in the canonical form the control uses everywhere: lower-case, no braces. */
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * "{B05EC7CE-5D51-DF11-97E0-00155DB232D0}" → "b05ec7ce-5d51-df11-97e0-00155db232d0".
 * Forms and userSettings hand out braced upper-case ids, the Web API lower-case ones; flows compare strings.
 */
export function normalizeGuid(value: unknown): string | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    // One pair of braces around it is dropped.
    const text = value
        .trim()
        .toLowerCase()
        .replace(/^\{(.*)\}$/, "$1");
    return GUID_PATTERN.test(text) ? text : undefined;
}

/** A record, user or tenant id as normalizeGuid gives it; the empty GUID (e.g. an unsaved record) counts as none. */
export function hostGuid(value: unknown): string | undefined {
    const id = normalizeGuid(value);
    return id === "00000000-0000-0000-0000-000000000000" ? undefined : id;
}
