/**
 * The command library and the setup page have no PCF resources: their builds embed the resx texts they need, per
 * language (scripts/webResourceBundle.mjs), and this picks the user's language with English as the fallback.
 */
export const FALLBACK_LANGUAGE = 1033;

/** Language id (as text, e.g. "1031") → key → text. */
export type StringTable = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function createStringLookup(table: StringTable, languageId: unknown): (key: string) => string {
    const own = typeof languageId === "number" ? table[String(languageId)] : undefined;
    const fallback = table[String(FALLBACK_LANGUAGE)] ?? {};
    return (key) => {
        if (own && Object.prototype.hasOwnProperty.call(own, key)) return own[key];
        if (Object.prototype.hasOwnProperty.call(fallback, key)) return fallback[key];
        // A missing text shows its key rather than nothing; the build checks every key exists.
        return key;
    };
}
