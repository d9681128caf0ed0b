import type { TokenProvider } from "../auth/tokenProvider";
import type { ConfigProblem } from "../contracts/configProblem";
import { normalizeGuid } from "../contracts/guid";
import type { RecordRef, TriggerOutcome } from "../contracts/run";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import { createRecordReader, type RecordReader } from "../payload/userLocalDates";
import { createBatchRunner, type BatchFlowRunner } from "../run/batchFlowRunner";
import { shareToken } from "../run/sharedTokenProvider";
import { afterSave, confirmSave, decideBeforeRun, shouldRefreshAfterRun } from "../run/unsavedChanges";
import { formatMessage } from "../strings/messages";
import { describeOutcome } from "../viewModel";
import { resolveEnvironmentVariable } from "../flow/environmentVariable";
import { lookUpCurrentOrganization, type CurrentOrganization } from "../flow/currentEnvironment";
import { checkSelection, runBatch, summarizeBatch, summarizeSingleRequest, type BatchSummary } from "./batchRun";
import { CommandMessageKeys } from "./commandMessages";
import {
    parseCommandSettings,
    SETTINGS_PARAMETER,
    settingsVariableName,
    type CommandSettings,
    type CommandSettingsResult,
} from "../settings/settingsJson";
import { createStringLookup, type StringTable } from "../strings/stringTable";
import { confirmationText, problemsText, progressText, summaryText } from "./commandText";
import type { CommandHost, FormContextLike, GridControlLike } from "./commandHost";
import { asFormContext, asGridControl, formContextHostForm } from "./xrmAdapter";

export type { CommandHost, CommandServices } from "./commandHost";

/**
 * The two functions a modern command calls. Each click: check arguments, settings and selection (an alert
 * names any problem; nothing is sent), start the token request inside the click, confirm, then run through
 * the control's own runner (createBatchRunner) and report through the platform's dialogs.
 */

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
    | { readonly kind: "ran"; readonly outcome: TriggerOutcome }
    /** The same command was still running on this page: this call did nothing (a double click). */
    | { readonly kind: "ignored" };

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
            // As on the control: a trigger URL of another environment (a development value imported) is refused.
            currentEnvironmentId: () => currentOrganization(host).then((found) => found.environmentId),
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
        // As the control's refreshAfterRun: only when asked, and only when a run succeeded.
        if (settings.run.refreshAfterRun && summary.succeeded > 0) refreshGrid(grid);
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
        // The control's unsavedChanges and refreshAfterRun, with the same rules (run/unsavedChanges.ts).
        const hostForm = formContextHostForm(form);
        const decision = decideBeforeRun(settings.run.unsavedChanges, hostForm.isDirty());
        if (decision.kind === "block") return refused(host, decision.error);
        const notices: UserMessage[] = decision.kind === "run" && decision.notice ? [decision.notice] : [];
        if (decision.kind === "saveThenRun") {
            const saved = afterSave(confirmSave(await hostForm.save(), hostForm.isDirty()));
            if (!saved.proceed) {
                await dialogs.alert(lookup(CommandMessageKeys.formSaveFailed));
                return { kind: "saveFailed" };
            }
            if (saved.notice) notices.push(saved.notice);
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
        if (shouldRefreshAfterRun(settings.run.refreshAfterRun, outcome) && !(await hostForm.refresh())) {
            notices.push(message("Notice_RefreshSkipped"));
        }
        if (notices.length > 0) outcome = { ...outcome, notices: [...(outcome.notices ?? []), ...notices] };
        const view = describeOutcome(outcome, settings.run.button.successMessage, lookup);
        await dialogs.alert([view.text, view.reference ?? "", ...(view.notices ?? [])].filter(Boolean).join("\n"));
        return { kind: "ran", outcome };
    }

    /** Commands with a run in flight on this page, by function and settings: a second call is ignored. */
    const running = new Set<string>();

    /** One run (or one set of row runs) per command and page; `click` still starts synchronously. */
    function once(command: string, settingsJson: unknown, click: () => Promise<CommandResult>): Promise<CommandResult> {
        const key = `${command}\n${typeof settingsJson === "string" ? settingsJson : ""}`;
        if (running.has(key)) return Promise.resolve({ kind: "ignored" });
        running.add(key);
        let pending: Promise<CommandResult>;
        try {
            pending = click();
        } catch (error) {
            running.delete(key);
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
        return pending.finally(() => running.delete(key));
    }

    /** Settings texts read from environment variables, by schema name, for the life of the page. */
    const variableSettings = new Map<string, string>();

    /** The environment's own ids (RetrieveCurrentOrganization): asked at most once per page, and kept. */
    let organization: Promise<CurrentOrganization> | undefined;
    let orgTenantId: string | undefined;
    const currentOrganization = (host: CommandHost): Promise<CurrentOrganization> =>
        (organization ??= lookUpCurrentOrganization(host.services.fetch ?? fetch));

    /**
     * The parsed settings, from settingsJson itself or the value of the environment variable it names. A variable
     * is read on its command's first click and then kept; so is the environment's tenant, asked only when the
     * settings name no tenantId and the host knows none. Later clicks reach the sign-in synchronously.
     */
    function withSettings(
        host: CommandHost,
        settingsJson: unknown,
        proceed: (settings: CommandSettingsResult, variable?: string) => Promise<CommandResult>,
    ): Promise<CommandResult> {
        const variable = settingsVariableName(settingsJson);
        // A host that knows its tenant keeps it.
        const parse = (text: unknown): CommandSettingsResult =>
            parseCommandSettings(text, { orgTenantId, ...host.hostDefaults });
        const withText = (text: unknown): Promise<CommandResult> => {
            const settings = parse(text);
            if (settings.ok || !settings.problems.some((p) => p.reason.key === "Error_Config_TenantUnknown"))
                return proceed(settings, variable);
            // When the lookup finds no tenant, the parser's "tenant unknown" stands, naming tenantId.
            return currentOrganization(host).then((found) => {
                orgTenantId = found.tenantId;
                return proceed(parse(text), variable);
            });
        };
        if (variable === undefined) return withText(settingsJson);
        const known = variableSettings.get(variable);
        if (known !== undefined) return withText(known);
        return resolveEnvironmentVariable(variable, host.services.environmentVariables).then((read) => {
            if (!read.ok) return misconfigured(host, [{ property: SETTINGS_PARAMETER, reason: read.reason }]);
            variableSettings.set(variable, read.value);
            return withText(read.value);
        });
    }

    /** Settings problems; those about the text as a whole name the variable it came from. */
    function settingsProblems(problems: readonly ConfigProblem[], variable?: string): ConfigProblem[] {
        return problems.map((problem) =>
            variable !== undefined && problem.property === SETTINGS_PARAMETER
                ? { ...problem, property: `${SETTINGS_PARAMETER} (${variable})` }
                : problem,
        );
    }

    function rowsClick(
        host: CommandHost,
        selectedControl: unknown,
        selectedItemIds: unknown,
        selectedEntityTypeName: unknown,
        settings: CommandSettingsResult,
        variable?: string,
    ): Promise<CommandResult> {
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
        if (!settings.ok) problems.push(...settingsProblems(settings.problems, variable));
        if (!settings.ok || problems.length > 0 || !grid || table === undefined) {
            return misconfigured(host, problems);
        }

        const selection = checkSelection(selectedItemIds as unknown[], settings.settings.maxRows);
        if (!selection.ok) return refused(host, selection.reason);
        const token = requestToken(host, settings.settings);
        return runRows(host, settings.settings, table, selection.value, grid, token);
    }

    function formClick(
        host: CommandHost,
        primaryControl: unknown,
        settings: CommandSettingsResult,
        variable?: string,
    ): Promise<CommandResult> {
        const problems: ConfigProblem[] = [];
        const form = asFormContext(primaryControl);
        if (!form) problems.push({ property: "PrimaryControl", reason: message(CommandMessageKeys.argsNotForm) });
        if (!settings.ok) problems.push(...settingsProblems(settings.problems, variable));
        if (!settings.ok || !form || problems.length > 0) return misconfigured(host, problems);

        const record = formRecord(form);
        if (!record) return refused(host, message("Error_Payload_RecordNotSaved"));
        const token = requestToken(host, settings.settings);
        return runForm(host, settings.settings, record, form, token);
    }

    return {
        // No await before requestToken(): the click's permission to open a sign-in window ends at the first one.
        runForRows: (selectedControl, selectedItemIds, selectedEntityTypeName, settingsJson) =>
            once("runForRows", settingsJson, () => {
                const host = hostOrThrow();
                return withSettings(host, settingsJson, (settings, variable) =>
                    rowsClick(host, selectedControl, selectedItemIds, selectedEntityTypeName, settings, variable),
                );
            }),

        runForForm: (primaryControl, settingsJson) =>
            once("runForForm", settingsJson, () => {
                const host = hostOrThrow();
                return withSettings(host, settingsJson, (settings, variable) =>
                    formClick(host, primaryControl, settings, variable),
                );
            }),
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
