import type { ConfigProblem } from "../contracts/configProblem";
import { normalizeGuid } from "../contracts/guid";
import type { HostDefaults } from "../settings/settings";
import { message, type UserMessage } from "../contracts/userMessage";
import { formatMessage } from "../strings/messages";
import type { RecordRef } from "../contracts/run";
import { checkSelection } from "./batchRun";
import { CommandMessageKeys } from "./commandMessages";
import { parseCommandSettings, type CommandSettings } from "./commandSettings";
import { createStringLookup, type StringTable } from "./commandStrings";
import { problemsText } from "./commandText";
import {
    asFormContext,
    asGridControl,
    type CommandDialogs,
    type FormContextLike,
    type GridControlLike,
} from "./xrmAdapter";

/**
 * The two functions a modern command calls. Phase A: they check their arguments, the settings and the
 * selection, and tell the user about any problem through the platform's alert dialog; a valid call
 * resolves "ready" without sending anything (phase B wires the run, see DESIGN.md).
 */

/** What the library needs from the page, built by the entry over Xrm and by tests over fakes. */
export interface CommandHost {
    readonly dialogs: CommandDialogs;
    readonly languageId?: number;
    readonly hostDefaults: HostDefaults;
}

export type CommandResult =
    /** Arguments or settings are wrong; the alert named each problem. */
    | { readonly kind: "misconfigured"; readonly problems: readonly ConfigProblem[] }
    /** The selection or the record can't be run (none, too many, unsaved); the alert said why. */
    | { readonly kind: "refused"; readonly reason: UserMessage }
    | {
          readonly kind: "ready";
          readonly settings: CommandSettings;
          readonly table: string;
          readonly rowIds: readonly string[];
          readonly grid?: GridControlLike;
          readonly form?: FormContextLike;
      };

export interface CommandLibrary {
    readonly runForRows: (
        selectedControl: unknown,
        selectedItemIds: unknown,
        selectedEntityTypeName: unknown,
        settingsJson: unknown,
    ) => Promise<CommandResult>;
    readonly runForForm: (primaryControl: unknown, settingsJson: unknown) => Promise<CommandResult>;
}

export interface CommandLibraryDeps {
    readonly strings: StringTable;
    /** Undefined outside a model-driven app (no Xrm). */
    readonly host: () => CommandHost | undefined;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,127}$/;

/** Thrown only when there is no platform to show a dialog with; the app then reports a script error. */
const NO_PLATFORM = "FlowTriggerCommand needs a model-driven app page (Xrm.Navigation, Xrm.Utility, Xrm.WebApi).";

export function createCommandLibrary(deps: CommandLibraryDeps): CommandLibrary {
    const hostOrThrow = (): CommandHost => {
        const host = deps.host();
        if (!host) throw new Error(NO_PLATFORM);
        return host;
    };

    async function misconfigured(host: CommandHost, problems: readonly ConfigProblem[]): Promise<CommandResult> {
        const lookup = createStringLookup(deps.strings, host.languageId);
        await host.dialogs.alert(problemsText(problems, lookup), lookup(CommandMessageKeys.configTitle));
        return { kind: "misconfigured", problems };
    }

    async function refused(host: CommandHost, reason: UserMessage): Promise<CommandResult> {
        const lookup = createStringLookup(deps.strings, host.languageId);
        await host.dialogs.alert(formatMessage(lookup, reason));
        return { kind: "refused", reason };
    }

    return {
        runForRows: async (selectedControl, selectedItemIds, selectedEntityTypeName, settingsJson) => {
            const host = hostOrThrow();
            const problems: ConfigProblem[] = [];
            const grid = asGridControl(selectedControl);
            if (!grid) problems.push({ property: "SelectedControl", reason: message(CommandMessageKeys.argsNotGrid) });
            if (!Array.isArray(selectedItemIds)) {
                problems.push({
                    property: "SelectedControlSelectedItemIds",
                    reason: message(CommandMessageKeys.argsNotGrid),
                });
            }
            const table = tableName(selectedEntityTypeName);
            if (table === undefined) {
                problems.push({ property: "SelectedEntityTypeName", reason: message(CommandMessageKeys.argsNoTable) });
            }
            const settings = parseCommandSettings(settingsJson, host.hostDefaults);
            if (!settings.ok) problems.push(...settings.problems);
            if (!settings.ok || problems.length > 0 || !grid || table === undefined) {
                return misconfigured(host, problems);
            }

            const selection = checkSelection(selectedItemIds as unknown[], settings.settings.maxRows);
            if (!selection.ok) return refused(host, selection.reason);
            return { kind: "ready", settings: settings.settings, table, rowIds: selection.value, grid };
        },

        runForForm: async (primaryControl, settingsJson) => {
            const host = hostOrThrow();
            const problems: ConfigProblem[] = [];
            const form = asFormContext(primaryControl);
            if (!form) problems.push({ property: "PrimaryControl", reason: message(CommandMessageKeys.argsNotForm) });
            const settings = parseCommandSettings(settingsJson, host.hostDefaults);
            if (!settings.ok) problems.push(...settings.problems);
            if (!settings.ok || !form || problems.length > 0) return misconfigured(host, problems);

            const record = formRecord(form);
            if (!record) return refused(host, message("Error_Payload_RecordNotSaved"));
            return {
                kind: "ready",
                settings: settings.settings,
                table: record.tableName,
                rowIds: [record.id],
                form,
            };
        },
    };
}

function tableName(value: unknown): string | undefined {
    if (typeof value !== "string") return undefined;
    const name = value.trim().toLowerCase();
    return TABLE_NAME.test(name) ? name : undefined;
}

/** The form's record; undefined while it is new (no id yet). */
function formRecord(form: FormContextLike): RecordRef | undefined {
    try {
        const id = normalizeGuid(form.data.entity.getId());
        const table = tableName(form.data.entity.getEntityName());
        return id && table ? { tableName: table, id } : undefined;
    } catch {
        return undefined;
    }
}
