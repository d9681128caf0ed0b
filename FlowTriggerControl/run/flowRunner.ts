import type { TokenProvider } from "../auth/tokenProvider";
import type { Caller, RecordSnapshot } from "../contracts/record";
import type { Result } from "../contracts/result";
import type { FlowTrigger, RecordRef, RunRequest, TriggerOutcome } from "../contracts/run";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import type { FlowCall } from "../flow/transport";
import { checkFlowUrl } from "../flow/urlPolicy";
import type { FieldSelection } from "../payload/payload.types";
import { buildPayload } from "../payload/payloadBuilder";
import type { Settings } from "../settings/settings.types";

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
        const { settings, tokenProvider } = this.deps;
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

        let getToken: FlowCall["getToken"];
        if (tokenProvider && firstToken) {
            getToken = (forceRefresh: boolean) =>
                forceRefresh ? tokenProvider.getToken({ forceRefresh: true }) : firstToken;
            // Fail before sending anything when sign-in failed.
            await firstToken;
        }

        return this.deps.callFlow({
            url: target.value,
            body: JSON.stringify(payload),
            correlationId,
            policy: settings.urlPolicy,
            getToken,
            timeoutMs: settings.timeoutMs,
            signal: request.signal,
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
