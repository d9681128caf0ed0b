import type { RecordSnapshot } from "../contracts/record";
import { cancelledRun, failedRun, type RecordRef, type TriggerOutcome } from "../contracts/run";
import { buildBatchPayload } from "../payload/batchPayload";
import { runnerDeps, type RunnerHost } from "./createRunner";
import { FlowRunner, toUserMessage } from "./flowRunner";

/** One POST for several records (the command bar's batch mode). */
export interface BatchRunRequest {
    readonly records: readonly RecordRef[];
    readonly signal: AbortSignal;
}

/** Records read at once for a batch: the same bound as the command's per-row runs. */
const BATCH_READ_CONCURRENCY = 4;

/**
 * The runner with batch mode, for the command bar. A module of its own so the form control's bundle, which
 * never sends a batch, doesn't carry it.
 */
export class BatchFlowRunner extends FlowRunner {
    /**
     * Batch mode: every record read with the same reader, one payload with `records: [...]`, one POST through
     * the same token, URL policy and transport as run(). A record that can't be read fails the batch, unsent.
     */
    public runBatch(request: BatchRunRequest): Promise<TriggerOutcome> {
        const correlationId = this.deps.newCorrelationId();
        // As in run(): before any await.
        const firstToken = this.startToken();
        return this.continueBatch(request, correlationId, firstToken).catch((error: unknown): TriggerOutcome =>
            failedRun(toUserMessage(error), correlationId),
        );
    }

    private async continueBatch(
        request: BatchRunRequest,
        correlationId: string,
        firstToken: Promise<string> | undefined,
    ): Promise<TriggerOutcome> {
        const target = await this.resolveTarget();
        if (!target.ok) return failedRun(target.reason, correlationId);

        const snapshots: RecordSnapshot[] = [];
        for (let start = 0; start < request.records.length; start += BATCH_READ_CONCURRENCY) {
            if (request.signal.aborted) return cancelledRun(correlationId);
            const slice = request.records.slice(start, start + BATCH_READ_CONCURRENCY);
            const read = await Promise.all(slice.map((ref) => this.deps.readRecord(ref, this.deps.settings.fields)));
            for (const result of read) {
                if (!result.ok) return failedRun(result.reason, correlationId);
                snapshots.push(result.value);
            }
        }
        if (request.signal.aborted) return cancelledRun(correlationId);

        const payload = buildBatchPayload({
            correlationId,
            triggeredAt: this.deps.now(),
            records: snapshots,
            caller: this.deps.caller,
        });
        return this.send(target.value, JSON.stringify(payload), correlationId, firstToken, request.signal);
    }
}

/** createRunner, for a host that also sends batches. */
export function createBatchRunner(host: RunnerHost): BatchFlowRunner {
    return new BatchFlowRunner(runnerDeps(host));
}
