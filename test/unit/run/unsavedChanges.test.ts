import type { HostForm, SaveOutcome } from "../../../FlowTriggerControl/contracts/hostForm";
import { NO_HOST_FORM } from "../../../FlowTriggerControl/contracts/hostForm";
import type { BeforeRunResult, TriggerOutcome } from "../../../FlowTriggerControl/contracts/run";
import {
    afterSave,
    confirmSave,
    decideBeforeRun,
    runOnForm,
    shouldRefreshAfterRun,
} from "../../../FlowTriggerControl/run/unsavedChanges";
import type { UnsavedChangesPolicy } from "../../../FlowTriggerControl/settings/settings.types";

const SUCCEEDED: TriggerOutcome = { kind: "succeeded", correlationId: "id-1", status: 200 };

/** A form whose save clears the dirty flag when it saves, as a real one does (unless `staysDirty`: a cancelled save). */
function form(
    dirty: boolean | undefined,
    saveOutcome: SaveOutcome = { kind: "saved" },
    refreshed = true,
    staysDirty = false,
) {
    let current = dirty;
    return {
        isDirty: jest.fn(() => current),
        save: jest.fn(() => {
            if (saveOutcome.kind === "saved" && !staysDirty) current = false;
            return Promise.resolve(saveOutcome);
        }),
        refresh: jest.fn(() => Promise.resolve(refreshed)),
    } satisfies HostForm;
}

/** A runner stand-in that awaits beforeRun like FlowRunner does, and records whether it was started. */
function runner(outcome: TriggerOutcome = SUCCEEDED) {
    return jest.fn(async (beforeRun?: () => Promise<BeforeRunResult>): Promise<TriggerOutcome> => {
        if (beforeRun) {
            const before = await beforeRun();
            if (!before.proceed) return { kind: "failed", error: before.error };
        }
        return outcome;
    });
}

describe("decideBeforeRun", () => {
    const policies: UnsavedChangesPolicy[] = ["SaveThenRun", "RunWithSavedValues", "Block"];

    it.each(policies)("%s: a clean form just runs", (policy) => {
        expect(decideBeforeRun(policy, false)).toEqual({ kind: "run" });
    });

    it.each(policies)("%s: an unreadable form runs with the saved values and a notice, never blocks", (policy) => {
        expect(decideBeforeRun(policy, undefined)).toEqual({ kind: "run", notice: { key: "Notice_FormStateUnknown" } });
    });

    it("a dirty form: save, run with a notice, or block", () => {
        expect(decideBeforeRun("SaveThenRun", true)).toEqual({ kind: "saveThenRun" });
        expect(decideBeforeRun("RunWithSavedValues", true)).toEqual({
            kind: "run",
            notice: { key: "Notice_UnsavedNotSent" },
        });
        expect(decideBeforeRun("Block", true)).toEqual({ kind: "block", error: { key: "Error_Form_SaveFirst" } });
    });
});

describe("afterSave", () => {
    it.each<[SaveOutcome, ReturnType<typeof afterSave>]>([
        [{ kind: "saved" }, { proceed: true }],
        [
            { kind: "failed", errorCode: 1, message: "x" },
            { proceed: false, error: { key: "Error_Form_SaveFailed" } },
        ],
        [{ kind: "timedOut" }, { proceed: false, error: { key: "Error_Form_SaveTimedOut" } }],
        [{ kind: "unavailable" }, { proceed: true, notice: { key: "Notice_FormStateUnknown" } }],
    ])("%j → %j", (outcome, expected) => {
        expect(afterSave(outcome)).toEqual(expected);
    });
});

describe("confirmSave: the one rule both hosts apply after a save", () => {
    it("a resolved save counts only when the form is clean afterwards", () => {
        expect(confirmSave({ kind: "saved" }, false)).toEqual({ kind: "saved" });
        // An OnSave handler cancelled it (the promise still resolved), or the form can't be read any more.
        expect(confirmSave({ kind: "saved" }, true)).toEqual({ kind: "failed" });
        expect(confirmSave({ kind: "saved" }, undefined)).toEqual({ kind: "failed" });
    });

    it("leaves every other outcome as it is", () => {
        for (const outcome of [
            { kind: "failed", errorCode: 1 },
            { kind: "timedOut" },
            { kind: "unavailable" },
        ] as SaveOutcome[]) {
            expect(confirmSave(outcome, true)).toBe(outcome);
        }
    });
});

describe("shouldRefreshAfterRun", () => {
    it("only when asked and the run succeeded", () => {
        expect(shouldRefreshAfterRun(true, SUCCEEDED)).toBe(true);
        expect(shouldRefreshAfterRun(false, SUCCEEDED)).toBe(false);
        expect(shouldRefreshAfterRun(true, { kind: "started", correlationId: "id-1" })).toBe(false);
        expect(shouldRefreshAfterRun(true, { kind: "failed", error: { key: "x" } })).toBe(false);
    });
});

describe("runOnForm", () => {
    it("SaveThenRun when an OnSave handler cancelled the save (resolved, form still dirty): nothing runs", async () => {
        const hostForm = form(true, { kind: "saved" }, true, true);
        const outcome = await runOnForm({
            policy: "SaveThenRun",
            refreshAfterRun: true,
            form: hostForm,
            run: runner(),
        });
        expect(outcome).toEqual({ kind: "failed", error: { key: "Error_Form_SaveFailed" } });
        expect(hostForm.refresh).not.toHaveBeenCalled();
    });

    it("calls run synchronously (the sign-in may open inside the click)", async () => {
        const run = runner();
        const pending = runOnForm({ policy: "SaveThenRun", refreshAfterRun: false, form: form(true), run });
        expect(run).toHaveBeenCalledTimes(1);
        await pending;
    });

    it("SaveThenRun on a dirty form: saves inside the run, then runs", async () => {
        const hostForm = form(true);
        const run = runner();
        const outcome = await runOnForm({ policy: "SaveThenRun", refreshAfterRun: false, form: hostForm, run });
        expect(hostForm.save).toHaveBeenCalledTimes(1);
        expect(outcome).toEqual(SUCCEEDED);
    });

    it("SaveThenRun with a failed save: the run ends unsent with the save message", async () => {
        const hostForm = form(true, { kind: "failed" });
        const outcome = await runOnForm({
            policy: "SaveThenRun",
            refreshAfterRun: true,
            form: hostForm,
            run: runner(),
        });
        expect(outcome).toEqual({ kind: "failed", error: { key: "Error_Form_SaveFailed" } });
        expect(hostForm.refresh).not.toHaveBeenCalled();
    });

    it("SaveThenRun when the form vanished during the save: runs with the saved values and says so", async () => {
        const outcome = await runOnForm({
            policy: "SaveThenRun",
            refreshAfterRun: false,
            form: form(true, { kind: "unavailable" }),
            run: runner(),
        });
        expect(outcome).toEqual({ ...SUCCEEDED, notices: [{ key: "Notice_FormStateUnknown" }] });
    });

    it("RunWithSavedValues on a dirty form: no save, runs, adds the notice", async () => {
        const hostForm = form(true);
        const outcome = await runOnForm({
            policy: "RunWithSavedValues",
            refreshAfterRun: false,
            form: hostForm,
            run: runner(),
        });
        expect(hostForm.save).not.toHaveBeenCalled();
        expect(outcome).toEqual({ ...SUCCEEDED, notices: [{ key: "Notice_UnsavedNotSent" }] });
    });

    it("Block on a dirty form: run is never called", async () => {
        const run = runner();
        const outcome = await runOnForm({ policy: "Block", refreshAfterRun: true, form: form(true), run });
        expect(run).not.toHaveBeenCalled();
        expect(outcome).toEqual({ kind: "failed", error: { key: "Error_Form_SaveFirst" } });
    });

    it("no form at all (NO_HOST_FORM): runs with the notice, under every policy", async () => {
        for (const policy of ["SaveThenRun", "RunWithSavedValues", "Block"] as const) {
            const outcome = await runOnForm({ policy, refreshAfterRun: false, form: NO_HOST_FORM, run: runner() });
            expect(outcome).toEqual({ ...SUCCEEDED, notices: [{ key: "Notice_FormStateUnknown" }] });
        }
    });

    it("refreshAfterRun: a successful run refreshes the form; a failed one does not", async () => {
        const hostForm = form(false);
        await runOnForm({ policy: "SaveThenRun", refreshAfterRun: true, form: hostForm, run: runner() });
        expect(hostForm.refresh).toHaveBeenCalledTimes(1);

        const failing = form(false);
        const failed: TriggerOutcome = { kind: "failed", error: { key: "Error_Run_Unexpected" }, correlationId: "id" };
        await runOnForm({ policy: "SaveThenRun", refreshAfterRun: true, form: failing, run: runner(failed) });
        expect(failing.refresh).not.toHaveBeenCalled();
    });

    it("refreshAfterRun: a declined refresh (unsaved edits) tells the user", async () => {
        const outcome = await runOnForm({
            policy: "RunWithSavedValues",
            refreshAfterRun: true,
            form: form(true, { kind: "saved" }, false),
            run: runner(),
        });
        expect(outcome.notices).toEqual([{ key: "Notice_UnsavedNotSent" }, { key: "Notice_RefreshSkipped" }]);
    });

    it("refreshAfterRun No: never refreshes", async () => {
        const hostForm = form(false);
        await runOnForm({ policy: "SaveThenRun", refreshAfterRun: false, form: hostForm, run: runner() });
        expect(hostForm.refresh).not.toHaveBeenCalled();
    });

    it("the refresh finishes before the outcome resolves (write-back comes after it)", async () => {
        const order: string[] = [];
        const hostForm = {
            ...form(false),
            refresh: jest.fn(async () => {
                await Promise.resolve();
                order.push("refresh");
                return true;
            }),
        };
        await runOnForm({ policy: "SaveThenRun", refreshAfterRun: true, form: hostForm, run: runner() });
        order.push("write-back");
        expect(order).toEqual(["refresh", "write-back"]);
    });
});
