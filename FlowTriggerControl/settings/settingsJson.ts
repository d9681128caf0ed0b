import type { ConfigProblem } from "../contracts/configProblem";
import { message, type UserMessage } from "../contracts/userMessage";
import { parseSettings, type HostDefaults } from "./settings";
import type { Settings } from "./settings.types";

/**
 * The command's one text parameter, `settingsJson`: a JSON object whose keys are the control's property
 * names plus `maxRows` and `mode` (or the schema name of an environment variable holding that JSON, read by the
 * library). Every control value goes through the control's own parseSettings, so
 * both hosts accept and refuse exactly the same values. Pure; never throws. Here, not in command/, because the
 * setup page parses pasted settingsJson too.
 */

/** Message keys of settingsJson's own problems (texts in the resx files). */
const enum Keys {
    settingsMissing = "Command_Config_SettingsMissing",
    settingsNotJson = "Command_Config_SettingsNotJson",
    settingsCut = "Command_Config_SettingsCut",
    keyNotForCommand = "Command_Config_KeyNotForCommand",
    settingsNotObject = "Command_Config_SettingsNotObject",
    unknownKey = "Command_Config_UnknownKey",
    expectsText = "Command_Config_ExpectsText",
    expectsNumber = "Command_Config_ExpectsNumber",
    expectsBoolean = "Command_Config_ExpectsBoolean",
    maxRowsRange = "Command_Config_MaxRowsRange",
}

/** Control properties a command may set, with the JSON type each must have. */
const CONTROL_KEYS = {
    flowUrl: "text",
    authMode: "text",
    clientId: "text",
    tenantId: "text",
    cloud: "text",
    authority: "text",
    redirectUri: "text",
    payloadFields: "text",
    trustedHosts: "text",
    confirmationText: "text",
    successMessage: "text",
    timeoutSeconds: "number",
    sendTrackingHeader: "boolean",
    // Form commands: what to do with unsaved changes, and reload the form after a successful run (grids: the grid).
    unsavedChanges: "text",
    refreshAfterRun: "boolean",
} as const;

/**
 * Control properties with no meaning on a command bar, refused by name: the command designer sets the button's
 * label, icon, tooltip, accessibility text and visibility, and a command has no bound column to write back to.
 */
const NOT_FOR_COMMAND: ReadonlySet<string> = new Set([
    "buttonLabel",
    "buttonIcon",
    "buttonAppearance",
    "accessibleLabel",
    "enableOnReadOnlyForm",
    "writeResponseToField",
]);

/** Keys only the command knows. */
const COMMAND_KEYS = { maxRows: "number", mode: "text" } as const;

type JsonKind = "text" | "number" | "boolean";
type JsonValue = string | number | boolean;
type Fail = (property: string, reason: UserMessage) => undefined;
type ControlKey = keyof typeof CONTROL_KEYS;
type CommandKey = keyof typeof COMMAND_KEYS;
export type SettingsKey = ControlKey | CommandKey;

export const SETTINGS_KEYS: readonly SettingsKey[] = [
    ...(Object.keys(CONTROL_KEYS) as ControlKey[]),
    ...(Object.keys(COMMAND_KEYS) as CommandKey[]),
];

/** The pseudo-property problems about the JSON text as a whole are reported under. */
export const SETTINGS_PARAMETER = "settingsJson";

export const DEFAULT_MAX_ROWS = 100;
export const MIN_MAX_ROWS = 1;
export const MAX_MAX_ROWS = 250;

export type CommandMode = "perRow" | "batch";
const MODES: readonly CommandMode[] = ["perRow", "batch"];

export interface CommandSettings {
    /** The same typed settings the control builds from its properties. */
    readonly run: Settings;
    readonly maxRows: number;
    readonly mode: CommandMode;
}

export type CommandSettingsResult =
    | { readonly ok: true; readonly settings: CommandSettings }
    | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

const MAX_SHOWN_KEY_LENGTH = 60;

export function parseCommandSettings(settingsJson: unknown, host: HostDefaults): CommandSettingsResult {
    const json = readJsonObject(settingsJson);
    if (!json.ok) return { ok: false, problems: [{ property: SETTINGS_PARAMETER, reason: json.reason }] };

    const problems: ConfigProblem[] = [];
    const fail: Fail = (property, reason) => {
        problems.push({ property, reason });
        return undefined;
    };

    const values = new Map<SettingsKey, JsonValue>();
    for (const [key, value] of Object.entries(json.value)) {
        const kind = kindOf(key);
        if (NOT_FOR_COMMAND.has(key)) {
            fail(key, message(Keys.keyNotForCommand));
            continue;
        }
        if (kind === undefined) {
            fail(shownKey(key), message(Keys.unknownKey, SETTINGS_KEYS.join(", ")));
            continue;
        }
        // null means "not set", as an empty property does on the control.
        if (value === null) continue;
        if (!hasKind(value, kind)) {
            fail(key, expectedKindMessage(kind));
            continue;
        }
        values.set(key as SettingsKey, value);
    }

    const raw: Record<string, string | number | boolean | undefined> = {};
    for (const key of Object.keys(CONTROL_KEYS) as ControlKey[]) raw[key] = values.get(key);
    const parsed = parseSettings(raw, host);
    if (!parsed.ok) {
        // A key already refused for its type is not reported twice (e.g. flowUrl: 5 is not also "required").
        for (const error of parsed.errors) {
            if (!problems.some((p) => p.property === error.property)) problems.push(error);
        }
    }

    const maxRows = readMaxRows(values.get("maxRows"), fail);
    const mode = readMode(values.get("mode"), fail);

    if (problems.length > 0 || !parsed.ok) return { ok: false, problems };
    return { ok: true, settings: { run: parsed.settings, maxRows, mode } };
}

type JsonObject =
    | { readonly ok: true; readonly value: Record<string, unknown> }
    | { readonly ok: false; readonly reason: UserMessage };

function readJsonObject(settingsJson: unknown): JsonObject {
    if (typeof settingsJson !== "string" || settingsJson.trim() === "") {
        return { ok: false, reason: message(Keys.settingsMissing) };
    }
    let value: unknown;
    try {
        value = JSON.parse(settingsJson);
    } catch {
        return {
            ok: false,
            reason: looksCut(settingsJson)
                ? message(Keys.settingsCut, String(PARAMETERS_COLUMN_LENGTH))
                : message(Keys.settingsNotJson),
        };
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { ok: false, reason: message(Keys.settingsNotObject) };
    }
    return { ok: true, value: value as Record<string, unknown> };
}

/**
 * The command designer keeps all of a command's parameters in one column, appaction.onclickeventjavascriptparameters
 * (String, MaxLength 4000: learn.microsoft.com/power-apps/developer/data-platform/reference/entities/appaction),
 * JSON-encoded, so every quote and backslash costs two characters there.
 */
export const PARAMETERS_COLUMN_LENGTH = 4000;
/** Stored length from which settings that are not JSON are taken for cut: the other parameters need room too. */
const NEAR_LIMIT = 3500;

/** Invalid JSON that looks cut off by that column: an object that never closes, or a text near the limit. */
export function looksCut(settingsJson: string): boolean {
    const text = settingsJson.trim();
    const unclosed = text.startsWith("{") && !text.endsWith("}");
    return unclosed || JSON.stringify(settingsJson).length >= NEAR_LIMIT;
}

/** Dataverse schema names (publisher prefix, underscore, name), as settings.ts reads flowUrl's variable. */
const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+$/;

/** The environment variable settingsJson names instead of holding the settings itself; undefined for JSON. */
export function settingsVariableName(settingsJson: unknown): string | undefined {
    if (typeof settingsJson !== "string") return undefined;
    const name = settingsJson.trim();
    return ENVIRONMENT_VARIABLE_NAME.test(name) ? name : undefined;
}

function kindOf(key: string): JsonKind | undefined {
    if (Object.prototype.hasOwnProperty.call(CONTROL_KEYS, key)) return CONTROL_KEYS[key as ControlKey];
    if (Object.prototype.hasOwnProperty.call(COMMAND_KEYS, key)) return COMMAND_KEYS[key as CommandKey];
    return undefined;
}

function hasKind(value: unknown, kind: JsonKind): value is JsonValue {
    switch (kind) {
        case "text":
            return typeof value === "string";
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "boolean":
            return typeof value === "boolean";
    }
}

function expectedKindMessage(kind: JsonKind): UserMessage {
    switch (kind) {
        case "text":
            return message(Keys.expectsText);
        case "number":
            return message(Keys.expectsNumber);
        case "boolean":
            return message(Keys.expectsBoolean);
    }
}

/** An unknown key is shown to the maker as typed, but never as a wall of text. */
function shownKey(key: string): string {
    return key.length > MAX_SHOWN_KEY_LENGTH ? `${key.slice(0, MAX_SHOWN_KEY_LENGTH)}…` : key;
}

function readMaxRows(value: JsonValue | undefined, fail: Fail): number {
    if (value === undefined) return DEFAULT_MAX_ROWS;
    if (typeof value !== "number" || !Number.isInteger(value) || value < MIN_MAX_ROWS || value > MAX_MAX_ROWS) {
        fail("maxRows", message(Keys.maxRowsRange, String(MIN_MAX_ROWS), String(MAX_MAX_ROWS)));
        return DEFAULT_MAX_ROWS;
    }
    return value;
}

function readMode(value: JsonValue | undefined, fail: Fail): CommandMode {
    if (value === undefined) return "perRow";
    const text = String(value).trim();
    if (text === "") return "perRow";
    const match = MODES.find((mode) => mode.toLowerCase() === text.toLowerCase());
    if (match) return match;
    fail("mode", message("Error_Config_UnknownOption", text.slice(0, MAX_SHOWN_KEY_LENGTH)));
    return "perRow";
}
