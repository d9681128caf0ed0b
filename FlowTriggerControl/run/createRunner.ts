import type { TokenProvider } from "../auth/tokenProvider";
import type { Caller } from "../contracts/record";
import { resolveEnvironmentVariable, type EnvironmentVariableWebApi } from "../flow/environmentVariable";
import { callFlow, type TransportDeps } from "../flow/transport";
import type { RecordReader } from "../payload/recordReader";
import type { Settings } from "../settings/settings.types";
import { newCorrelationId } from "./correlationId";
import { FlowRunner, type FlowRunnerDeps } from "./flowRunner";

/**
 * What any host hands the run: typed settings, the user who clicks, and its ways to read Dataverse
 * and to sign in. Plain values and small interfaces only, so the PCF control and a command-bar
 * library build the same runner.
 */
export interface RunnerHost {
    readonly settings: Settings;
    readonly caller: Caller;
    /** EntraUser mode only: without it the run sends no token (SAS mode). */
    readonly tokenProvider?: TokenProvider;
    /** Reads the record behind the button; keep one per host instance so its metadata cache lasts. */
    readonly recordReader: RecordReader;
    /** Resolves the trigger URL when `flowUrl` names an environment variable. */
    readonly environmentVariables: EnvironmentVariableWebApi;
    /** The Power Platform environment the host runs in; given, a trigger URL of another environment is refused. */
    readonly currentEnvironmentId?: () => Promise<string | undefined>;
    /** Default: the page's fetch. */
    readonly fetch?: typeof fetch;
    /** Default: a random UUID v4. */
    readonly newCorrelationId?: () => string;
    /** Default: the system clock. */
    readonly now?: () => Date;
}

/** The page's fetch, read from window at each call. */
export const pageFetch: typeof fetch = (input, init) => window.fetch(input, init);

/** One runner for one set of settings: call prepare() on load, run() on every click. */
export function createRunner(host: RunnerHost): FlowRunner {
    return new FlowRunner(runnerDeps(host));
}

/** The runner's dependencies from a host's plain values (shared with createBatchRunner). */
export function runnerDeps(host: RunnerHost): FlowRunnerDeps {
    const fetchImpl = host.fetch ?? pageFetch;
    const now = host.now ?? (() => new Date());
    const transport: TransportDeps = { fetch: fetchImpl, sleep: abortableSleep, now: () => now().getTime() };
    return {
        // settings, caller, tokenProvider and currentEnvironmentId as the host gives them.
        ...host,
        resolveEnvironmentVariable: (schemaName) => resolveEnvironmentVariable(schemaName, host.environmentVariables),
        readRecord: (record, selection) => host.recordReader.read(record.tableName, record.id, selection),
        callFlow: (call) => callFlow(call, transport),
        newCorrelationId: host.newCorrelationId ?? newCorrelationId,
        now,
    };
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
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
