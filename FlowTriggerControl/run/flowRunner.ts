import type { TokenProvider } from "../auth/tokenProvider";
import type { Caller, RecordSnapshot } from "../contracts/record";
import type { Result } from "../contracts/result";
import type { FlowTrigger, RecordRef, RunRequest, TriggerOutcome } from "../contracts/run";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import type { FlowCall } from "../flow/transport";
import { checkFlowUrl } from "../flow/urlPolicy";
import type { FieldSelection } from "../payload/payload.types";
import { buildBatchPayload } from "../payload/batchPayload";
import { buildPayload } from "../payload/payloadBuilder";
import type { Settings } from "../settings/settings.types";

/** One POST for several records (the command bar's batch mode). */
export interface BatchRunRequest {
    readonly records: readonly RecordRef[];
    readonly signal: AbortSignal;
}

/** Records read at once for a batch: the same bound as the command's per-row runs. */
const BATCH_READ_CONCURRENCY = 4;

/** Everything one run needs, injected so the runner is testable without PCF, MSAL or a network. */
export interface FlowRunnerDeps {
    readonly settings: Settings;
    readonly caller: Caller;
    /** EntraUser mode only. */
    readonly tokenProvider?: TokenProvider;
    readonly resolveEnvironmentVariable: (schemaName: string) => Promise<Result<string>>;
    readonly readRecord: (record: RecordRef, selection: FieldSelection) => Promise<Result<RecordSnapshot>>;
    readonly callFlow: (call: FlowCall) => Promise<TriggerOutcome>;
    readonly newCorrelationId: () => string;
    readonly now: () => Date;
}

/**
 * One click, end to end: token (started first, inside the click), flow URL, record, payload, transport.
 * Every path ends in one TriggerOutcome; nothing throws out of run().
 */
export class FlowRunner implements FlowTrigger {
    private readonly deps: FlowRunnerDeps;
    private targetUrl?: Promise<Result<URL>>;

    constructor(deps: FlowRunnerDeps) {
        this.deps = deps;
    }

    /** Work that can happen on load: resolve and check the flow URL, warm the token cache silently. */
    public async prepare(): Promise<UserMessage | undefined> {
        // Not awaited: a silent sign-in must not delay (or fail) the URL check.
        void this.deps.tokenProvider?.prepare().catch(() => undefined);
        const target = await this.resolveTarget();
        return target.ok ? undefined : target.reason;
    }

    public run(request: RunRequest): Promise<TriggerOutcome> {
        const correlationId = this.deps.newCorrelationId();
        // Started before any await: an interactive sign-in popup must open inside the click.
        const firstToken = this.deps.tokenProvider?.getToken();
        // Handled below; this only keeps an early rejection from being reported as unhandled.
        firstToken?.catch(() => undefined);
        return this.continueRun(request, correlationId, firstToken).catch((error: unknown): TriggerOutcome => ({
            kind: "failed",
            error: toUserMessage(error),
            correlationId,
        }));
    }

    private resolveTarget(): Promise<Result<URL>> {
        this.targetUrl ??= this.loadTarget().then((result) => {
            // A failed lookup (network, privilege) may succeed later: don't keep it.
            if (!result.ok) this.targetUrl = undefined;
            return result;
        });
        return this.targetUrl;
    }

    private async loadTarget(): Promise<Result<URL>> {
        const { target, urlPolicy } = this.deps.settings;
        let raw: string;
        if (target.kind === "url") raw = target.url;
        else {
            const resolved = await this.deps.resolveEnvironmentVariable(target.schemaName);
            if (!resolved.ok) return resolved;
            raw = resolved.value.trim();
        }
        const check = checkFlowUrl(raw, urlPolicy);
        return check.ok ? { ok: true, value: check.value.url } : check;
    }

    private async continueRun(
        request: RunRequest,
        correlationId: string,
        firstToken: Promise<string> | undefined,
    ): Promise<TriggerOutcome> {
        const { settings } = this.deps;
        if (request.beforeRun) {
            // After the token request started (in run()), before anything is read or sent.
            const before = await request.beforeRun();
            if (!before.proceed) return { kind: "failed", error: before.error };
            if (request.signal.aborted) return cancelled(correlationId);
        }
        const target = await this.resolveTarget();
        if (!target.ok) return { kind: "failed", error: target.reason, correlationId };
        if (request.signal.aborted) return cancelled(correlationId);

        const record = await this.deps.readRecord(request.record, settings.fields);
        if (!record.ok) return { kind: "failed", error: record.reason, correlationId };
        if (request.signal.aborted) return cancelled(correlationId);

        const payload = buildPayload({
            correlationId,
            triggeredAt: this.deps.now(),
            record: record.value,
            caller: this.deps.caller,
        });
        return this.send(target.value, JSON.stringify(payload), correlationId, firstToken, request.signal);
    }

    /**
     * Batch mode: every record read with the same reader, one payload with `records: [...]`, one POST through
     * the same token, URL policy and transport as run(). A record that can't be read fails the batch, unsent.
     */
    public runBatch(request: BatchRunRequest): Promise<TriggerOutcome> {
        const correlationId = this.deps.newCorrelationId();
        // As in run(): before any await.
        const firstToken = this.deps.tokenProvider?.getToken();
        firstToken?.catch(() => undefined);
        return this.continueBatch(request, correlationId, firstToken).catch((error: unknown): TriggerOutcome => ({
            kind: "failed",
            error: toUserMessage(error),
            correlationId,
        }));
    }

    private async continueBatch(
        request: BatchRunRequest,
        correlationId: string,
        firstToken: Promise<string> | undefined,
    ): Promise<TriggerOutcome> {
        const target = await this.resolveTarget();
        if (!target.ok) return { kind: "failed", error: target.reason, correlationId };

        const snapshots: RecordSnapshot[] = [];
        for (let start = 0; start < request.records.length; start += BATCH_READ_CONCURRENCY) {
            if (request.signal.aborted) return cancelled(correlationId);
            const slice = request.records.slice(start, start + BATCH_READ_CONCURRENCY);
            const read = await Promise.all(slice.map((ref) => this.deps.readRecord(ref, this.deps.settings.fields)));
            for (const result of read) {
                if (!result.ok) return { kind: "failed", error: result.reason, correlationId };
                snapshots.push(result.value);
            }
        }
        if (request.signal.aborted) return cancelled(correlationId);

        const payload = buildBatchPayload({
            correlationId,
            triggeredAt: this.deps.now(),
            records: snapshots,
            caller: this.deps.caller,
        });
        return this.send(target.value, JSON.stringify(payload), correlationId, firstToken, request.signal);
    }

    /** The token (started by the caller, before its first await) and the transport: shared by run() and runBatch(). */
    private async send(
        url: URL,
        body: string,
        correlationId: string,
        firstToken: Promise<string> | undefined,
        signal: AbortSignal,
    ): Promise<TriggerOutcome> {
        const { settings, tokenProvider } = this.deps;
        let getToken: FlowCall["getToken"];
        if (tokenProvider && firstToken) {
            getToken = (forceRefresh: boolean) =>
                forceRefresh ? tokenProvider.getToken({ forceRefresh: true }) : firstToken;
            // Fail before sending anything when sign-in failed.
            await firstToken;
        }

        return this.deps.callFlow({
            url,
            body,
            correlationId,
            policy: settings.urlPolicy,
            getToken,
            timeoutMs: settings.timeoutMs,
            signal,
            sendTrackingHeader: settings.sendTrackingHeader,
        });
    }
}

function cancelled(correlationId: string): TriggerOutcome {
    return { kind: "failed", error: message("Error_Run_Cancelled"), correlationId };
}

function toUserMessage(error: unknown): UserMessage {
    return error instanceof UserFacingError ? error.userMessage : message("Error_Run_Unexpected");
}
