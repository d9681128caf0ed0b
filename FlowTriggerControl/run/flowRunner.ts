import type { TokenProvider } from "../auth/tokenProvider";
import type { Caller, RecordSnapshot } from "../contracts/record";
import { failure, type Result } from "../contracts/result";
import {
    cancelledRun,
    failedRun,
    type FlowTrigger,
    type RecordRef,
    type RunRequest,
    type TriggerOutcome,
} from "../contracts/run";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import { environmentKeyOfHost, isOtherEnvironmentHost } from "../flow/environmentHost";
import type { FlowCall } from "../flow/transport";
import { checkFlowUrl } from "../flow/urlPolicy";
import type { FieldSelection } from "../payload/payload.types";
import { buildPayload } from "../payload/payloadBuilder";
import type { Settings } from "../settings/settings.types";

/**
 * How long the work started by the button's press (pointer or key down) may wait for its click. A mouse press
 * lasts about 0.1 s; older work is dropped and the click starts again.
 */
const PRESS_MAX_AGE_MS = 1_000;

/** What a press started for the click that follows it: the record read, and a silently acquired token. */
interface PressWork {
    readonly key: string;
    readonly startedAt: number;
    readonly record: Promise<Result<RecordSnapshot>>;
    /** Set when the silent sign-in succeeded before the click. */
    token?: string;
}

/** Everything one run needs, injected so the runner is testable without PCF, MSAL or a network. */
export interface FlowRunnerDeps {
    readonly settings: Settings;
    readonly caller: Caller;
    /** EntraUser mode only. */
    readonly tokenProvider?: TokenProvider;
    readonly resolveEnvironmentVariable: (schemaName: string) => Promise<Result<string>>;
    /** The Power Platform environment the form runs in (undefined when unknown); without it no environment check. */
    readonly currentEnvironmentId?: () => Promise<string | undefined>;
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
    protected readonly deps: FlowRunnerDeps;
    private targetUrl?: Promise<Result<URL>>;
    private pressed?: PressWork;

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

    /**
     * The user started pressing the button (pointer or key down) on a form with no unsaved changes: read the
     * record and get the token silently now, so the click that follows finds both ready. Still the saved record
     * as of the user's action; a click without a fresh press, or after a save, reads again, and a sign-in
     * window only ever opens from the click. Repeated presses (key repeat) start the work once.
     */
    public prepareClick(record: RecordRef): void {
        const key = recordKey(record);
        if (this.freshPress(key)) return;
        const work: PressWork = {
            key,
            startedAt: this.deps.now().getTime(),
            record: this.deps.readRecord(record, this.deps.settings.fields),
        };
        // Taken by the click, or dropped; this only keeps an early rejection from being reported as unhandled.
        work.record.catch(() => undefined);
        this.deps.tokenProvider
            ?.prepare()
            .then((token) => (work.token = token))
            .catch(() => undefined);
        this.pressed = work;
    }

    public run(request: RunRequest): Promise<TriggerOutcome> {
        const correlationId = this.deps.newCorrelationId();
        // One press, one click: the press's work is used by this click or dropped.
        const pressed = this.freshPress(recordKey(request.record));
        this.pressed = undefined;
        // Started before any await (unless the press already has it): an interactive sign-in popup must open
        // inside the click.
        const firstToken = pressed?.token !== undefined ? Promise.resolve(pressed.token) : this.startToken();
        // A save before the run changes the record: what the press read is then out of date.
        const readAhead = request.beforeRun ? undefined : pressed?.record;
        return this.continueRun(request, correlationId, firstToken, readAhead).catch((error: unknown): TriggerOutcome =>
            failedRun(toUserMessage(error), correlationId),
        );
    }

    /** The click's token request, before any await; undefined without sign-in (SAS mode). */
    protected startToken(): Promise<string> | undefined {
        const token = this.deps.tokenProvider?.getToken();
        // Awaited by send(); this only keeps an early rejection from being reported as unhandled.
        token?.catch(() => undefined);
        return token;
    }

    private freshPress(key: string): PressWork | undefined {
        const pressed = this.pressed;
        return pressed?.key === key && this.deps.now().getTime() - pressed.startedAt <= PRESS_MAX_AGE_MS
            ? pressed
            : undefined;
    }

    protected resolveTarget(): Promise<Result<URL>> {
        this.targetUrl ??= loadTarget(this.deps).then((result) => {
            // A failed lookup (network, privilege) may succeed later: don't keep it.
            if (!result.ok) this.targetUrl = undefined;
            return result;
        });
        return this.targetUrl;
    }

    private async continueRun(
        request: RunRequest,
        correlationId: string,
        firstToken: Promise<string> | undefined,
        readAhead: Promise<Result<RecordSnapshot>> | undefined,
    ): Promise<TriggerOutcome> {
        if (request.beforeRun) {
            // After the token request started (in run()), before anything is read or sent.
            const before = await request.beforeRun();
            if (!before.proceed) return { kind: "failed", error: before.error };
            if (request.signal.aborted) return cancelledRun(correlationId);
        }
        const target = await this.resolveTarget();
        if (!target.ok) return failedRun(target.reason, correlationId);
        if (request.signal.aborted) return cancelledRun(correlationId);

        const record = await (readAhead ?? this.deps.readRecord(request.record, this.deps.settings.fields));
        if (!record.ok) return failedRun(record.reason, correlationId);
        if (request.signal.aborted) return cancelledRun(correlationId);

        const payload = buildPayload({
            correlationId,
            triggeredAt: this.deps.now(),
            record: record.value,
            caller: this.deps.caller,
        });
        return this.send(target.value, JSON.stringify(payload), correlationId, firstToken, request.signal);
    }

    /** The token (started by the caller, before its first await) and the transport: shared by run() and BatchFlowRunner.runBatch(). */
    protected async send(
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

/** The flow URL from the settings or their environment variable, checked by the URL policy and environment. */
async function loadTarget(deps: FlowRunnerDeps): Promise<Result<URL>> {
    const { target, urlPolicy } = deps.settings;
    let raw: string;
    if (target.kind === "url") raw = target.url;
    else {
        const resolved = await deps.resolveEnvironmentVariable(target.schemaName);
        if (!resolved.ok) return resolved;
        raw = resolved.value.trim();
    }
    const check = checkFlowUrl(raw, urlPolicy);
    if (!check.ok) return check;
    const { url } = check.value;
    // A solution exported with the development value sends every environment's clicks to one flow. Only a host
    // that names its environment costs the lookup; here it runs on load (a config problem) and before a click.
    if (environmentKeyOfHost(url.hostname) && deps.currentEnvironmentId) {
        const current = await deps.currentEnvironmentId();
        if (current !== undefined && isOtherEnvironmentHost(url.hostname, current)) {
            return failure("Error_Url_OtherEnvironment", url.hostname, current);
        }
    }
    return { ok: true, value: url };
}

function recordKey(record: RecordRef): string {
    return `${record.tableName}|${record.id.toLowerCase()}`;
}

export function toUserMessage(error: unknown): UserMessage {
    return error instanceof UserFacingError ? error.userMessage : message("Error_Run_Unexpected");
}
