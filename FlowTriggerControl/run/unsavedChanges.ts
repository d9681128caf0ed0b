import type { HostForm, SaveOutcome } from "../contracts/hostForm";
import type { BeforeRunResult, TriggerOutcome } from "../contracts/run";
import { message, type UserMessage } from "../contracts/userMessage";
import type { UnsavedChangesPolicy } from "../settings/settings.types";

/**
 * The form loop around one run (issue 10): what to do with unsaved changes before it, and whether to
 * refresh the form after it. Plain values and the HostForm interface only; no PCF, no Client API.
 */
export type BeforeRunDecision =
    | { readonly kind: "run"; readonly notice?: UserMessage }
    | { readonly kind: "saveThenRun" }
    | { readonly kind: "block"; readonly error: UserMessage };

/** `dirty` undefined: the form can't be read, so run with the saved values and say so; never block. */
export function decideBeforeRun(policy: UnsavedChangesPolicy, dirty: boolean | undefined): BeforeRunDecision {
    if (dirty === false) return { kind: "run" };
    if (dirty === undefined) return { kind: "run", notice: message("Notice_FormStateUnknown") };
    switch (policy) {
        case "SaveThenRun":
            return { kind: "saveThenRun" };
        case "RunWithSavedValues":
            return { kind: "run", notice: message("Notice_UnsavedNotSent") };
        case "Block":
            return { kind: "block", error: message("Error_Form_SaveFirst") };
    }
}

/**
 * How a save really ended, for every host (the form control's adapter and the command library). The Client API
 * doesn't document that a save an OnSave handler cancelled rejects, so a resolved save counts only when the
 * form is clean afterwards; a form still dirty (or no longer readable) means nothing may run.
 */
export function confirmSave(outcome: SaveOutcome, dirtyAfterSave: boolean | undefined): SaveOutcome {
    return outcome.kind === "saved" && dirtyAfterSave !== false ? { kind: "failed" } : outcome;
}

/** The control's refreshAfterRun: reload the form only when asked and the run succeeded. */
export function shouldRefreshAfterRun(refreshAfterRun: boolean, outcome: TriggerOutcome): boolean {
    return refreshAfterRun && outcome.kind === "succeeded";
}

/** After a save: run only on "saved"; a form that vanished meanwhile falls back to the saved values. */
export function afterSave(outcome: SaveOutcome): BeforeRunResult & { readonly notice?: UserMessage } {
    switch (outcome.kind) {
        case "saved":
            return { proceed: true };
        case "failed":
            return { proceed: false, error: message("Error_Form_SaveFailed") };
        case "timedOut":
            return { proceed: false, error: message("Error_Form_SaveTimedOut") };
        case "unavailable":
            return { proceed: true, notice: message("Notice_FormStateUnknown") };
    }
}

export interface FormRunOptions {
    readonly policy: UnsavedChangesPolicy;
    readonly refreshAfterRun: boolean;
    readonly form: HostForm;
    /** Starts the run synchronously (token first), with the host's step before it when given. */
    readonly run: (beforeRun?: () => Promise<BeforeRunResult>) => Promise<TriggerOutcome>;
}

/**
 * One click on a form. Calls `run` synchronously, so the sign-in window can still open; a blocked click
 * never calls it. After a successful run, refreshes the form when asked (the form declines while it has
 * unsaved changes, and the user is told). The caller writes back to the bound field after this resolves,
 * so the refresh can't overwrite the written value.
 */
export async function runOnForm(options: FormRunOptions): Promise<TriggerOutcome> {
    const { form } = options;
    const decision = decideBeforeRun(options.policy, form.isDirty());
    if (decision.kind === "block") return { kind: "failed", error: decision.error };

    const notices: UserMessage[] = decision.kind === "run" && decision.notice ? [decision.notice] : [];
    // Before the first await: the run starts inside the click.
    const outcome = await options.run(
        decision.kind === "saveThenRun"
            ? async (): Promise<BeforeRunResult> => {
                  const next = afterSave(confirmSave(await form.save(), form.isDirty()));
                  if (next.notice) notices.push(next.notice);
                  // The run reads only proceed and error; the notice reaches the outcome through notices.
                  return next;
              }
            : undefined,
    );
    if (shouldRefreshAfterRun(options.refreshAfterRun, outcome) && !(await form.refresh())) {
        notices.push(message("Notice_RefreshSkipped"));
    }
    return notices.length > 0 ? { ...outcome, notices: [...(outcome.notices ?? []), ...notices] } : outcome;
}
