/** @jest-environment node */
import fc from "fast-check";
import {
    BATCH_CONCURRENCY,
    checkSelection,
    runBatch,
    summarizeBatch,
    type RowResult,
} from "../../../FlowTriggerControl/command/batchRun";
import type { TriggerOutcome } from "../../../FlowTriggerControl/contracts/run";

const ids = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

const succeeded = (id: string): TriggerOutcome => ({ kind: "succeeded", correlationId: `c-${id}`, status: 200 });

/**
 * A runRow whose calls stay pending until the test settles them, so in-flight counts are measured,
 * not timed. `started(n)` resolves once n rows have been started.
 */
function controlledRunner() {
    const pending = new Map<string, (outcome: TriggerOutcome) => void>();
    const startedIds: string[] = [];
    const signals: AbortSignal[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let waiters: { count: number; resolve: () => void }[] = [];

    const runRow = (rowId: string, signal: AbortSignal): Promise<TriggerOutcome> => {
        startedIds.push(rowId);
        signals.push(signal);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        waiters = waiters.filter((w) => (startedIds.length >= w.count ? (w.resolve(), false) : true));
        return new Promise<TriggerOutcome>((resolve) => {
            pending.set(rowId, (outcome) => {
                inFlight--;
                pending.delete(rowId);
                resolve(outcome);
            });
        });
    };
    return {
        runRow,
        startedIds,
        signals,
        pendingIds: () => [...pending.keys()],
        settle: (rowId: string, outcome: TriggerOutcome = succeeded(rowId)) => {
            const settle = pending.get(rowId);
            if (!settle) throw new Error(`${rowId} is not in flight`);
            settle(outcome);
        },
        started: (count: number) =>
            new Promise<void>((resolve) => {
                if (startedIds.length >= count) resolve();
                else waiters.push({ count, resolve });
            }),
        get maxInFlight() {
            return maxInFlight;
        },
        get inFlight() {
            return inFlight;
        },
    };
}

describe("runBatch: concurrency", () => {
    it("starts four rows at once and never more than four, whatever order they finish in", async () => {
        const rows = ids(10);
        const runner = controlledRunner();
        const batch = runBatch({ rowIds: rows, runRow: runner.runRow, signal: new AbortController().signal });
        expect(runner.startedIds).toEqual(rows.slice(0, BATCH_CONCURRENCY));

        // Finish the newest row in flight each time: starts stay in input order, finishing does not.
        for (let finished = 0; finished < rows.length; finished++) {
            const inFlight = runner.pendingIds();
            runner.settle(inFlight[inFlight.length - 1]);
            await runner.started(Math.min(rows.length, BATCH_CONCURRENCY + finished + 1));
        }
        const results = await batch;
        expect(runner.maxInFlight).toBe(BATCH_CONCURRENCY);
        expect(runner.startedIds).toEqual(rows);
        expect(results.map((r) => r.rowId)).toEqual(rows);
        expect(results.every((r) => r.outcome.kind === "succeeded")).toBe(true);
    });

    it("keeps the bound and the input order for any limit, row count and finishing order", async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.integer({ min: 1, max: 30 }),
                fc.integer({ min: 1, max: 6 }),
                fc.infiniteStream(fc.nat()),
                async (count, limit, picks) => {
                    const rows = ids(count);
                    const runner = controlledRunner();
                    const batch = runBatch({
                        rowIds: rows,
                        runRow: runner.runRow,
                        signal: new AbortController().signal,
                        concurrency: limit,
                    });
                    const choices = picks[Symbol.iterator]();
                    for (let finished = 0; finished < count; finished++) {
                        const inFlight = runner.pendingIds();
                        const rowId = inFlight[(choices.next().value as number) % inFlight.length];
                        runner.settle(rowId, { kind: "started", correlationId: `c-${rowId}` });
                        await runner.started(Math.min(count, limit + finished + 1));
                    }
                    const results = await batch;
                    expect(runner.maxInFlight).toBe(Math.min(limit, count));
                    expect(results.map((r) => r.rowId)).toEqual(rows);
                    expect(results.map((r) => r.outcome)).toEqual(
                        rows.map((rowId) => ({ kind: "started", correlationId: `c-${rowId}` })),
                    );
                },
            ),
            { numRuns: 60 },
        );
    });

    it("treats a limit below one as one", async () => {
        const runner = controlledRunner();
        const rows = ids(3);
        const batch = runBatch({
            rowIds: rows,
            runRow: runner.runRow,
            signal: new AbortController().signal,
            concurrency: 0,
        });
        for (let i = 0; i < rows.length; i++) {
            expect(runner.pendingIds()).toEqual([rows[i]]);
            runner.settle(rows[i]);
            await runner.started(Math.min(rows.length, i + 2));
        }
        await batch;
        expect(runner.maxInFlight).toBe(1);
    });
});

describe("runBatch: outcomes", () => {
    it("reports each row's own outcome in input order, including throttled rows, and runs each row once", async () => {
        const rows = ids(5);
        const throttled: TriggerOutcome = {
            kind: "failed",
            error: { key: "Error_Flow_Throttled", args: ["c-2"] },
            correlationId: "c-2",
        };
        const outcomes: Record<string, TriggerOutcome> = {
            [rows[0]]: succeeded(rows[0]),
            [rows[1]]: { kind: "started", correlationId: "c-1" },
            [rows[2]]: throttled,
            [rows[3]]: { kind: "failed", error: { key: "Error_Flow_NotFound" }, correlationId: "c-3" },
            [rows[4]]: succeeded(rows[4]),
        };
        const calls: string[] = [];
        const results = await runBatch({
            rowIds: rows,
            runRow: (rowId) => {
                calls.push(rowId);
                return Promise.resolve(outcomes[rowId]);
            },
            signal: new AbortController().signal,
        });
        expect(results).toEqual(rows.map((rowId) => ({ rowId, outcome: outcomes[rowId] })));
        expect(calls.sort()).toEqual([...rows].sort());
    });

    it("never rejects: a row that throws, rejects or answers nonsense is a failed row", async () => {
        const rows = ids(4);
        const results = await runBatch({
            rowIds: rows,
            runRow: (rowId) => {
                if (rowId === rows[0]) throw new Error("sync");
                if (rowId === rows[1]) return Promise.reject(new Error("async"));
                if (rowId === rows[2]) return Promise.resolve({ nonsense: true } as unknown as TriggerOutcome);
                return Promise.resolve(succeeded(rowId));
            },
            signal: new AbortController().signal,
        });
        const unexpected = { kind: "failed", error: { key: "Error_Run_Unexpected" } };
        expect(results.map((r) => r.outcome)).toEqual([unexpected, unexpected, unexpected, succeeded(rows[3])]);
    });

    it("reports progress from 0 to the total, and a failing progress display changes nothing", async () => {
        const rows = ids(6);
        const seen: [number, number][] = [];
        const results = await runBatch({
            rowIds: rows,
            runRow: (rowId) => Promise.resolve(succeeded(rowId)),
            signal: new AbortController().signal,
            onProgress: (done, total) => {
                seen.push([done, total]);
                throw new Error("display broke");
            },
        });
        expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((done) => [done, 6]));
        expect(results).toHaveLength(6);
    });

    it("handles an empty list", async () => {
        const progress = jest.fn();
        const runRow = jest.fn();
        await expect(
            runBatch({ rowIds: [], runRow, signal: new AbortController().signal, onProgress: progress }),
        ).resolves.toEqual([]);
        expect(runRow).not.toHaveBeenCalled();
        expect(progress).toHaveBeenCalledWith(0, 0);
    });
});

describe("runBatch: cancellation", () => {
    it("starts no row after cancel, lets rows in flight end with the signal, and marks the rest not run", async () => {
        const rows = ids(10);
        const runner = controlledRunner();
        const controller = new AbortController();
        const batch = runBatch({ rowIds: rows, runRow: runner.runRow, signal: controller.signal });

        runner.settle(rows[0]);
        await runner.started(5);
        runner.settle(rows[1]);
        await runner.started(6);
        controller.abort();

        expect(runner.signals.every((signal) => signal === controller.signal)).toBe(true);
        const cancelled: TriggerOutcome = { kind: "failed", error: { key: "Error_Run_Cancelled" } };
        for (const rowId of runner.pendingIds()) runner.settle(rowId, cancelled);
        const results = await batch;

        expect(runner.startedIds).toEqual(rows.slice(0, 6));
        expect(results.map((r) => r.outcome.kind)).toEqual([
            "succeeded",
            "succeeded",
            "failed",
            "failed",
            "failed",
            "failed",
            "notRun",
            "notRun",
            "notRun",
            "notRun",
        ]);
        expect(summarizeBatch(results)).toMatchObject({ succeeded: 2, failed: 4, notRun: 4, total: 10 });
    });

    it("runs nothing when cancelled before it starts", async () => {
        const controller = new AbortController();
        controller.abort();
        const runRow = jest.fn();
        const results = await runBatch({ rowIds: ids(3), runRow, signal: controller.signal });
        expect(runRow).not.toHaveBeenCalled();
        expect(results.map((r) => r.outcome)).toEqual([{ kind: "notRun" }, { kind: "notRun" }, { kind: "notRun" }]);
    });
});

describe("checkSelection", () => {
    it("normalises the platform's braced upper-case ids and drops duplicates", () => {
        const id = "B05EC7CE-5D51-DF11-97E0-00155DB232D0";
        expect(checkSelection([`{${id}}`, id.toLowerCase(), ids(1)[0]], 100)).toEqual({
            ok: true,
            value: [id.toLowerCase(), ids(1)[0]],
        });
    });

    it("refuses an empty selection", () => {
        expect(checkSelection([], 100)).toEqual({ ok: false, reason: { key: "Command_Error_NoRows" } });
    });

    it("refuses more rows than maxRows, naming both numbers, and accepts exactly maxRows", () => {
        expect(checkSelection(ids(11), 10)).toEqual({
            ok: false,
            reason: { key: "Command_Error_TooManyRows", args: ["11", "10"] },
        });
        expect(checkSelection(ids(10), 10)).toEqual({ ok: true, value: ids(10) });
    });

    it("refuses an id that is not a GUID, quoting it shortened", () => {
        expect(checkSelection([ids(1)[0], "x".repeat(100)], 10)).toEqual({
            ok: false,
            reason: { key: "Command_Error_BadRowId", args: [`${"x".repeat(40)}…`] },
        });
        expect(checkSelection([42], 10)).toEqual({
            ok: false,
            reason: { key: "Command_Error_BadRowId", args: ["number"] },
        });
    });
});

describe("summarizeBatch", () => {
    it("counts outcomes and lists failures in order with name, reason and reference", () => {
        const rows = ids(5);
        const results: RowResult[] = [
            { rowId: rows[0], outcome: succeeded(rows[0]) },
            {
                rowId: rows[1],
                outcome: { kind: "failed", error: { key: "Error_Flow_NotFound" }, correlationId: "c-1" },
            },
            { rowId: rows[2], outcome: { kind: "started", correlationId: "c-2" } },
            { rowId: rows[3], outcome: { kind: "failed", error: { key: "Error_Auth_TokenFailed" } } },
            { rowId: rows[4], outcome: { kind: "notRun" } },
        ];
        expect(summarizeBatch(results, new Map([[rows[1], "Contoso"]]))).toEqual({
            total: 5,
            succeeded: 1,
            started: 1,
            failed: 2,
            notRun: 1,
            failures: [
                { rowId: rows[1], primaryName: "Contoso", reason: { key: "Error_Flow_NotFound" }, reference: "c-1" },
                { rowId: rows[3], primaryName: null, reason: { key: "Error_Auth_TokenFailed" } },
            ],
        });
    });
});
