import { normalizeGuid } from "../contracts/guid";
import { message, type UserMessage } from "../contracts/userMessage";
import type { Result } from "../contracts/result";
import type { TriggerOutcome } from "../contracts/run";
import { CommandMessageKeys } from "./commandMessages";

/**
 * Runs one flow call per selected row, a few at a time. Pure orchestration: the per-row run (token, record,
 * payload, transport) is injected. It never retries a row: the transport already retries the answers
 * that prove no run exists (429, 503 with Retry-After), and anything else may have started a run.
 */

/** At most this many rows are in flight at once: enough to finish 100 rows quickly, gentle on the trigger. */
export const BATCH_CONCURRENCY = 4;

/** A row that was never started because the batch was cancelled first. */
export interface NotRun {
    readonly kind: "notRun";
}

export type RowOutcome = TriggerOutcome | NotRun;

export interface RowResult {
    /** Lower-case GUID, as checkSelection returned it. */
    readonly rowId: string;
    readonly outcome: RowOutcome;
}

export interface BatchRequest {
    readonly rowIds: readonly string[];
    /** One row, end to end. Should not throw; if it does, the row is reported as failed. */
    readonly runRow: (rowId: string, signal: AbortSignal) => Promise<TriggerOutcome>;
    /** Aborting stops new rows from starting; rows in flight get the same signal. */
    readonly signal: AbortSignal;
    /** Defaults to BATCH_CONCURRENCY; values below 1 count as 1. */
    readonly concurrency?: number;
    /** Told (done, total) at the start and after every finished row. */
    readonly onProgress?: (done: number, total: number) => void;
}

/** Resolves with one result per row, in input order. Never rejects. */
export async function runBatch(request: BatchRequest): Promise<readonly RowResult[]> {
    const { rowIds, signal } = request;
    const total = rowIds.length;
    const outcomes: (RowOutcome | undefined)[] = rowIds.map(() => undefined);
    const limit = Math.max(1, Math.floor(request.concurrency ?? BATCH_CONCURRENCY));
    let next = 0;
    let done = 0;

    const report = (): void => {
        try {
            request.onProgress?.(done, total);
        } catch {
            // A failing progress display must not stop or fail the runs.
        }
    };

    const worker = async (): Promise<void> => {
        while (next < total && !signal.aborted) {
            const index = next++;
            outcomes[index] = await runOne(request, rowIds[index]);
            done++;
            report();
        }
    };

    report();
    await Promise.all(Array.from({ length: Math.min(limit, total) }, worker));
    return rowIds.map((rowId, index) => ({ rowId, outcome: outcomes[index] ?? { kind: "notRun" } }));
}

async function runOne(request: BatchRequest, rowId: string): Promise<TriggerOutcome> {
    try {
        const outcome = await request.runRow(rowId, request.signal);
        if (isTriggerOutcome(outcome)) return outcome;
    } catch {
        // Reported below like any other unexpected end.
    }
    return { kind: "failed", error: message("Error_Run_Unexpected") };
}

function isTriggerOutcome(value: unknown): value is TriggerOutcome {
    if (typeof value !== "object" || value === null) return false;
    const kind = (value as { kind?: unknown }).kind;
    return kind === "succeeded" || kind === "started" || kind === "failed";
}

// ---- selection ----

/**
 * The ids a grid hands over, checked before anything is sent: each a GUID (braces and case as the
 * platform gives them), duplicates dropped, at least one, at most maxRows.
 */
export function checkSelection(ids: readonly unknown[], maxRows: number): Result<readonly string[]> {
    const unique: string[] = [];
    for (const id of ids) {
        const guid = normalizeGuid(id);
        if (guid === undefined) {
            return { ok: false, reason: message(CommandMessageKeys.badRowId, shortText(id)) };
        }
        if (!unique.includes(guid)) unique.push(guid);
    }
    if (unique.length === 0) return { ok: false, reason: message(CommandMessageKeys.noRows) };
    if (unique.length > maxRows) {
        return {
            ok: false,
            reason: message(CommandMessageKeys.tooManyRows, String(unique.length), String(maxRows)),
        };
    }
    return { ok: true, value: unique };
}

function shortText(value: unknown): string {
    const text = typeof value === "string" ? value : typeof value;
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

// ---- summary ----

export interface RowFailure {
    readonly rowId: string;
    /** The row's primary name when it could be read; null otherwise (the view shows the id). */
    readonly primaryName: string | null;
    readonly reason: UserMessage;
    /** The correlation id the user can quote, when the row got one. */
    readonly reference?: string;
}

export interface BatchSummary {
    readonly total: number;
    readonly succeeded: number;
    readonly started: number;
    readonly failed: number;
    readonly notRun: number;
    /** In input order. */
    readonly failures: readonly RowFailure[];
}

/** Counts and failures of a finished batch. `primaryNames` maps row ids to names where they are known. */
export function summarizeBatch(
    results: readonly RowResult[],
    primaryNames: ReadonlyMap<string, string | null> = new Map(),
): BatchSummary {
    let succeeded = 0;
    let started = 0;
    let notRun = 0;
    const failures: RowFailure[] = [];
    for (const { rowId, outcome } of results) {
        switch (outcome.kind) {
            case "succeeded":
                succeeded++;
                break;
            case "started":
                started++;
                break;
            case "notRun":
                notRun++;
                break;
            case "failed":
                failures.push({
                    rowId,
                    primaryName: primaryNames.get(rowId) ?? null,
                    reason: outcome.error,
                    ...(outcome.correlationId !== undefined ? { reference: outcome.correlationId } : {}),
                });
                break;
        }
    }
    return { total: results.length, succeeded, started, failed: failures.length, notRun, failures };
}

/**
 * Batch mode's summary: one request for `rowCount` rows, so every row shares its outcome, and a failure is
 * one line under `label` (the unreadable row, or the whole request).
 */
export function summarizeSingleRequest(
    outcome: TriggerOutcome,
    rowCount: number,
    label: { readonly rowId: string; readonly primaryName: string | null },
): BatchSummary {
    const count = (kind: TriggerOutcome["kind"]): number => (outcome.kind === kind ? rowCount : 0);
    const failures: RowFailure[] =
        outcome.kind === "failed"
            ? [
                  {
                      ...label,
                      reason: outcome.error,
                      ...(outcome.correlationId !== undefined ? { reference: outcome.correlationId } : {}),
                  },
              ]
            : [];
    return {
        total: rowCount,
        succeeded: count("succeeded"),
        started: count("started"),
        failed: count("failed"),
        notRun: 0,
        failures,
    };
}
