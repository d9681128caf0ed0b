import { PropertyNames, type PropertyName, type RawProperties } from "../settings/settings.types";

/**
 * What the page checks: every control property by its own name, plus the record to read (`table`,
 * `recordId`). Filled from the query string, a form's definition or a pasted settingsJson. Pure.
 */
export interface SetupInputs {
    readonly raw: RawProperties;
    readonly table: string;
    readonly recordId: string;
}

export const RECORD_PARAMETERS = ["table", "recordId"] as const;

export function emptyInputs(): SetupInputs {
    return { raw: {}, table: "", recordId: "" };
}

/** The query string (`?flowUrl=…&table=account&recordId=…`): the same names as the control's properties. */
export function inputsFromQuery(search: string): SetupInputs {
    const params = new URLSearchParams(search);
    const raw: Record<string, string> = {};
    for (const name of PropertyNames) {
        const value = params.get(name);
        if (value !== null) raw[name] = value;
    }
    return { raw, table: params.get("table")?.trim() ?? "", recordId: params.get("recordId")?.trim() ?? "" };
}

export type SettingsJsonInputs = { readonly ok: true; readonly raw: RawProperties } | { readonly ok: false };

/**
 * A command's settingsJson → the properties it sets. Keys the control doesn't know (maxRows, mode, typos) are
 * left to the command's own parser, which the settings row runs on the same text.
 */
export function inputsFromSettingsJson(text: string): SettingsJsonInputs {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        return { ok: false };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false };
    const raw: Record<string, string> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const isValue = typeof item === "string" || typeof item === "number" || typeof item === "boolean";
        if ((PropertyNames as readonly string[]).includes(key) && isValue) raw[key] = String(item);
    }
    return { ok: true, raw };
}

/** A value as the page's text box shows it. */
export function shownValue(raw: RawProperties, name: PropertyName): string {
    const value = raw[name];
    return value === null || value === undefined ? "" : String(value);
}
