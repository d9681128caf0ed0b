import { createTokenProvider } from "./auth/tokenProvider";
import type { ConfigProblem } from "./components/FlowTriggerButton.types";
import { resolveEnvironmentVariable } from "./flow/environmentVariable";
import { callFlow, type TransportDeps } from "./flow/transport";
import { createRecordReader } from "./payload/recordReader";
import type { HostSnapshot } from "./platform/hostContext";
import type { PcfServices } from "./platform/pcfServices";
import { parseSettings } from "./settings/settings";
import type { SettingsResult } from "./settings/settings.types";
import { message, type UserMessage } from "./strings/messages";
import { DeferredTokenProvider } from "./run/deferredTokenProvider";
import { FlowRunner } from "./run/flowRunner";

/** The settings and runner built from one set of property values; rebuilt only when they change. */
export interface ControlSession {
    readonly key: string;
    readonly settings: SettingsResult;
    readonly runner?: FlowRunner;
    /** Problems found after load (an environment variable that doesn't exist, or holds a bad URL). */
    readonly preparation?: Promise<readonly ConfigProblem[]>;
}

export interface SessionEnvironment {
    readonly fetch: typeof fetch;
    readonly publisherPrefix: string;
    readonly newCorrelationId: () => string;
}

export function sessionKey(host: HostSnapshot): string {
    return JSON.stringify([host.raw, host.origin, host.orgTenantId]);
}

export function createSession(host: HostSnapshot, services: PcfServices, env: SessionEnvironment): ControlSession {
    const key = sessionKey(host);
    const settings = parseSettings(host.raw, {
        origin: host.origin,
        orgTenantId: host.orgTenantId,
        publisherPrefix: env.publisherPrefix,
    });
    if (!settings.ok) return { key, settings };

    const entra = settings.settings.entra;
    const tokenProvider = entra
        ? new DeferredTokenProvider(async () =>
              createTokenProvider(entra, await services.lookUpSignedInUser(host.user.userId)),
          )
        : undefined;

    // One reader per session keeps its table-metadata cache across clicks.
    const reader = createRecordReader({
        records: services.records,
        metadata: services.metadata,
        userTimeZoneOffsetMinutes: services.userTimeZoneOffsetMinutes,
    });
    const transportDeps: TransportDeps = { fetch: env.fetch, sleep: abortableSleep, now: () => Date.now() };
    const runner = new FlowRunner({
        settings: settings.settings,
        caller: host.user,
        tokenProvider,
        resolveEnvironmentVariable: (schemaName) =>
            resolveEnvironmentVariable(schemaName, services.queries).then((r) =>
                r.ok ? { ok: true as const, value: r.value } : r,
            ),
        readRecord: (record, selection) =>
            reader
                .read(record.tableName, record.id, selection)
                .then((r) => (r.ok ? { ok: true as const, value: r.record } : r)),
        callFlow: (call) => callFlow(call, transportDeps),
        newCorrelationId: env.newCorrelationId,
        now: () => new Date(),
    });
    const preparation = runner
        .prepare()
        .then((problem): readonly ConfigProblem[] => (problem ? [{ property: "flowUrl", reason: problem }] : []))
        .catch((): readonly ConfigProblem[] => []);
    return { key, settings, runner, preparation };
}

/** Why the button can't run now, most important first; undefined when it can. */
export function disabledReasonFor(host: HostSnapshot, settings: SettingsResult): UserMessage | undefined {
    if (!settings.ok) return message("Disabled_Misconfigured");
    if (host.isControlDisabled && !settings.settings.enableOnReadOnlyForm) return message("Disabled_ReadOnly");
    if (!host.record) return message("Disabled_Unsaved");
    return undefined;
}

/** Configuration errors are already problems as the view shows them (property + reason). */
export function configProblemsOf(settings: SettingsResult): readonly ConfigProblem[] {
    return settings.ok ? [] : settings.errors;
}

/** The text written back to the bound column, cut to its length. */
export function textForBoundField(text: string, maxLength: number | undefined): string {
    return maxLength !== undefined && text.length > maxLength ? text.slice(0, maxLength) : text;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal.aborted) {
            reject(signal.reason as Error);
            return;
        }
        const timer = setTimeout(() => {
            signal.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        const onAbort = (): void => {
            clearTimeout(timer);
            reject(signal.reason as Error);
        };
        signal.addEventListener("abort", onAbort, { once: true });
    });
}
