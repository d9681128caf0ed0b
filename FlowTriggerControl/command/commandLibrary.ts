import type { EntraSettings } from "../auth/entraSettings";
import type { TokenProvider } from "../auth/tokenProvider";
import type { ConfigProblem } from "../contracts/configProblem";
import { normalizeGuid } from "../contracts/guid";
import type { Caller } from "../contracts/record";
import type { RecordRef, TriggerOutcome } from "../contracts/run";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import type { EnvironmentVariableWebApi } from "../flow/environmentVariable";
import { createRecordReader, type RecordReader, type RecordReaderSources } from "../payload/recordReader";
import { createBatchRunner, type BatchFlowRunner } from "../run/batchFlowRunner";
import { shareToken } from "../run/sharedTokenProvider";
import type { HostDefaults } from "../settings/settings";
import { formatMessage } from "../strings/messages";
import { describeOutcome } from "../viewModel";
import { checkSelection, runBatch, summarizeBatch, summarizeSingleRequest, type BatchSummary } from "./batchRun";
import { CommandMessageKeys } from "./commandMessages";
import { parseCommandSettings, type CommandSettings } from "./commandSettings";
import { createStringLookup, type StringTable } from "./commandStrings";
import { confirmationText, problemsText, progressText, summaryText } from "./commandText";
import {
    asFormContext,
    asGridControl,
    type CommandDialogs,
    type FormContextLike,
    type GridControlLike,
} from "./xrmAdapter";

/**
 * The two functions a modern command calls. Each click: check arguments, settings and selection (an alert
 * names any problem; nothing is sent), start the token request inside the click, confirm, then run through
 * the control's own runner (createBatchRunner) and report through the platform's dialogs.
 */

/** What the run needs from the page; the entry builds it over Xrm, tests over fakes. */
export interface CommandServices {
    readonly caller: Caller;
    readonly recordSources: RecordReaderSources;
    readonly environmentVariables: EnvironmentVariableWebApi;
    /**
     * The signed-in user's token provider for these Entra settings. Return the same provider for equal
     * settings on a page, so a second click reuses the sign-in (and opens a needed popup at once).
     */
    readonly tokenProviderFor: (entra: EntraSettings) => TokenProvider;
    /** Default: the page's fetch. */
    readonly fetch?: typeof fetch;
    /** Calls `abort` when the page goes away; returns a function that stops listening. */
    readonly onPageHide?: (abort: () => void) => () => void;
}

/** What the library needs from the page, built by the entry over Xrm and by tests over fakes. */
export interface CommandHost {
    readonly dialogs: CommandDialogs;
    readonly languageId?: number;
    readonly hostDefaults: HostDefaults;
    readonly services: CommandServices;
}

export type CommandResult =
    /** Arguments or settings are wrong; the alert named each problem. */
    | { readonly kind: "misconfigured"; readonly problems: readonly ConfigProblem[] }
    /** The selection or the record can't be run (none, too many, unsaved) or sign-in failed; the alert said why. */
    | { readonly kind: "refused"; readonly reason: UserMessage }
    /** The user said no in the confirmation: nothing sent. */
    | { readonly kind: "cancelled" }
    /** Form only: the record could not be saved, so nothing was sent. */
    | { readonly kind: "saveFailed" }
    /** Rows ran; the summary dialog showed this. */
    | { readonly kind: "finished"; readonly summary: BatchSummary }
    /** Form only: the one run ended like this; the dialog showed the control's outcome text. */
    | { readonly kind: "ran"; readonly outcome: TriggerOutcome };

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

type Lookup = (key: string) => string;

/** The token of one click, requested inside the click. */
interface ClickToken {
    readonly provider?: TokenProvider;
    readonly first?: Promise<string>;
}

export function createCommandLibrary(deps: CommandLibraryDeps): CommandLibrary {
    const hostOrThrow = (): CommandHost => {
        const host = deps.host();
        if (!host) throw new Error(NO_PLATFORM);
        return host;
    };
    const lookupFor = (host: CommandHost): Lookup => createStringLookup(deps.strings, host.languageId);

    async function misconfigured(host: CommandHost, problems: readonly ConfigProblem[]): Promise<CommandResult> {
        const lookup = lookupFor(host);
        await host.dialogs.alert(problemsText(problems, lookup), lookup(CommandMessageKeys.configTitle));
        return { kind: "misconfigured", problems };
    }

    async function refused(host: CommandHost, reason: UserMessage): Promise<CommandResult> {
        const lookup = lookupFor(host);
        const { dialogs } = host;
        const text = formatMessage(lookup, reason);
        // A message with a link (sign-in inside another site): the dialog's button opens it.
        if (reason.link && dialogs.openUrl) {
            const label = lookup(reason.link.key);
            if (await dialogs.confirm(text, undefined, label, lookup("Confirm_Cancel")))
                dialogs.openUrl(reason.link.href);
        } else await dialogs.alert(text);
        return { kind: "refused", reason };
    }

    /**
     * Synchronous, inside the click: one token for every row of this click. When this page already knows
     * that interaction is needed, MSAL's popup opens right here; otherwise the silent path runs meanwhile.
     */
    function requestToken(host: CommandHost, settings: CommandSettings): ClickToken {
        const entra = settings.run.entra;
        if (!entra) return {};
        const provider = shareToken(host.services.tokenProviderFor(entra));
        const first = provider.getToken();
        // Awaited after the confirmation; this only keeps an early rejection from being reported as unhandled.
        first.catch(() => undefined);
        return { provider, first };
    }

    /** Waits for the click's token; a failed sign-in is told once, before anything is sent. */
    async function signInFailure(token: ClickToken): Promise<UserMessage | undefined> {
        try {
            await token.first;
            return undefined;
        } catch (error) {
            return error instanceof UserFacingError ? error.userMessage : message("Error_Run_Unexpected");
        }
    }

    function buildRunner(host: CommandHost, settings: CommandSettings, token: ClickToken, reader: RecordReader) {
        return createBatchRunner({
            settings: settings.run,
            caller: host.services.caller,
            tokenProvider: token.provider,
            recordReader: reader,
            environmentVariables: host.services.environmentVariables,
            fetch: host.services.fetch,
        });
    }

    async function runRows(
        host: CommandHost,
        settings: CommandSettings,
        table: string,
        rowIds: readonly string[],
        grid: GridControlLike,
        token: ClickToken,
    ): Promise<CommandResult> {
        const { dialogs } = host;
        const lookup = lookupFor(host);
        const confirmed = await dialogs.confirm(
            confirmationText(settings.run.button.confirmationText, rowIds.length, lookup),
            lookup("Confirm_Title"),
            lookup("Confirm_Run"),
            lookup("Confirm_Cancel"),
        );
        if (!confirmed) return { kind: "cancelled" };
        const signIn = await signInFailure(token);
        if (signIn) return refused(host, signIn);

        const reader = trackingReader(createRecordReader(host.services.recordSources));
        const runner = buildRunner(host, settings, token, reader);
        const cancel = new AbortController();
        const stopListening = host.services.onPageHide?.(() => cancel.abort());
        let summary: BatchSummary;
        dialogs.showProgress(progressText(0, rowIds.length, lookup));
        try {
            summary =
                settings.mode === "batch"
                    ? await runAsOneRequest(runner, table, rowIds, reader, cancel.signal, lookup)
                    : summarizeBatch(
                          await runBatch({
                              rowIds,
                              runRow: (id, signal) => runner.run({ record: { tableName: table, id }, signal }),
                              signal: cancel.signal,
                              onProgress: (done, total) => dialogs.showProgress(progressText(done, total, lookup)),
                          }),
                          reader.names,
                      );
        } finally {
            dialogs.closeProgress();
            stopListening?.();
        }
        refreshGrid(grid);
        await dialogs.alert(summaryText(summary, lookup), lookup(CommandMessageKeys.summaryTitle));
        return { kind: "finished", summary };
    }

    async function runForm(
        host: CommandHost,
        settings: CommandSettings,
        record: RecordRef,
        form: FormContextLike,
        token: ClickToken,
    ): Promise<CommandResult> {
        const { dialogs } = host;
        const lookup = lookupFor(host);
        // As on the form's button: an empty confirmationText means no confirmation.
        if (settings.run.button.confirmationText.trim() !== "") {
            const confirmed = await dialogs.confirm(
                confirmationText(settings.run.button.confirmationText, 1, lookup),
                lookup("Confirm_Title"),
                lookup("Confirm_Run"),
                lookup("Confirm_Cancel"),
            );
            if (!confirmed) return { kind: "cancelled" };
        }
        if (isDirty(form)) {
            try {
                await form.data.save();
            } catch {
                await dialogs.alert(lookup(CommandMessageKeys.formSaveFailed));
                return { kind: "saveFailed" };
            }
        }
        const signIn = await signInFailure(token);
        if (signIn) return refused(host, signIn);

        const runner = buildRunner(host, settings, token, createRecordReader(host.services.recordSources));
        const cancel = new AbortController();
        const stopListening = host.services.onPageHide?.(() => cancel.abort());
        let outcome: TriggerOutcome;
        dialogs.showProgress(progressText(0, 1, lookup));
        try {
            outcome = await runner.run({ record, signal: cancel.signal });
        } finally {
            dialogs.closeProgress();
            stopListening?.();
        }
        if (outcome.kind !== "failed") {
            try {
                await form.data.refresh(false);
            } catch {
                // The run happened; a form that can't reload now still shows the summary.
            }
        }
        const view = describeOutcome(outcome, settings.run.button.successMessage, lookup);
        await dialogs.alert(view.reference ? `${view.text}\n${view.reference}` : view.text);
        return { kind: "ran", outcome };
    }

    return {
        // No await before requestToken(): the click's permission to open a sign-in window ends at the first one.
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
            const token = requestToken(host, settings.settings);
            return runRows(host, settings.settings, table, selection.value, grid, token);
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
            const token = requestToken(host, settings.settings);
            return runForm(host, settings.settings, record, form, token);
        },
    };
}

/** Batch mode: one POST for every row; the summary counts the rows, and a failure gets one line. */
async function runAsOneRequest(
    runner: BatchFlowRunner,
    table: string,
    rowIds: readonly string[],
    reader: TrackingReader,
    signal: AbortSignal,
    lookup: Lookup,
): Promise<BatchSummary> {
    const outcome = await runner.runBatch({ records: rowIds.map((id) => ({ tableName: table, id })), signal });
    // A row that could not be read is named; any other failure is the whole request's.
    const unreadRow = reader.unread[0];
    const label =
        unreadRow !== undefined
            ? { rowId: unreadRow, primaryName: null }
            : {
                  rowId: "",
                  primaryName: formatMessage(
                      lookup,
                      message(CommandMessageKeys.summaryBatchLabel, String(rowIds.length)),
                  ),
              };
    return summarizeSingleRequest(outcome, rowIds.length, label);
}

/** A reader that also keeps what the summary needs: each row's primary name, and the rows it could not read. */
interface TrackingReader extends RecordReader {
    readonly names: Map<string, string | null>;
    readonly unread: string[];
}

function trackingReader(inner: RecordReader): TrackingReader {
    const names = new Map<string, string | null>();
    const unread: string[] = [];
    return {
        names,
        unread,
        unsendableColumns: (table, columns) => inner.unsendableColumns(table, columns),
        read: async (table, id, selection) => {
            const result = await inner.read(table, id, selection);
            if (result.ok) names.set(id, result.value.primaryName);
            else unread.push(id);
            return result;
        },
    };
}

function refreshGrid(grid: GridControlLike): void {
    try {
        grid.refresh();
    } catch {
        // The runs are done and summarised; a grid that can't refresh is not worth an error.
    }
}

function isDirty(form: FormContextLike): boolean {
    try {
        return form.data.entity.getIsDirty();
    } catch {
        return false;
    }
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
