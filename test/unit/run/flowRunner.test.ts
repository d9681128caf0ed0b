import type { TokenProvider } from "../../../FlowTriggerControl/auth/tokenProvider";
import type { RecordSnapshot } from "../../../FlowTriggerControl/contracts/record";
import type { Result } from "../../../FlowTriggerControl/contracts/result";
import type { TriggerOutcome } from "../../../FlowTriggerControl/contracts/run";
import { message, UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import type { FlowCall } from "../../../FlowTriggerControl/flow/transport";
import { FlowRunner, type FlowRunnerDeps } from "../../../FlowTriggerControl/run/flowRunner";
import type { Settings } from "../../../FlowTriggerControl/settings/settings.types";
import { deferred } from "../../support/deferred";

const WORKFLOW = "0123456789abcdef0123456789abcdef";
const TRIGGER_URL = `https://0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=1`;
const RECORD_ID = "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b";
const CORRELATION_ID = "0b7c9a52-3f1e-4d6a-9c8b-2e4f6a8b0c1d";
const RECORD = { tableName: "account", id: RECORD_ID };

const SETTINGS: Settings = {
    target: { kind: "environmentVariable", schemaName: "ftc_FlowUrl" },
    urlPolicy: { authMode: "EntraUser", cloud: "Public", trustedHosts: [] },
    fields: { kind: "none" },
    button: {
        label: "Run",
        appearance: "primary",
        accessibleLabel: "",
        confirmationText: "",
        successMessage: "",
    },
    timeoutMs: 30_000,
    enableOnReadOnlyForm: false,
    writeResponseToField: false,
    sendTrackingHeader: false,
    unsavedChanges: "SaveThenRun",
    refreshAfterRun: false,
};

const SNAPSHOT: RecordSnapshot = { table: "account", id: RECORD_ID, primaryName: "Contoso Ltd", fields: {} };

function tokenProvider(overrides: Partial<TokenProvider> = {}): jest.Mocked<TokenProvider> {
    return {
        prepare: jest.fn(() => Promise.resolve(undefined)),
        getToken: jest.fn(() => Promise.resolve("token-1")),
        ...overrides,
    } as jest.Mocked<TokenProvider>;
}

function runnerWith(overrides: Partial<FlowRunnerDeps> = {}) {
    const callFlow = jest.fn((call: FlowCall): Promise<TriggerOutcome> =>
        Promise.resolve({ kind: "succeeded", correlationId: call.correlationId, status: 200 }),
    );
    const deps = {
        settings: SETTINGS,
        caller: { userId: "0a1b2c3d-0000-4000-8000-000000000001", name: "Adele Vance", languageId: 1033 },
        tokenProvider: tokenProvider(),
        resolveEnvironmentVariable: jest.fn((): Promise<Result<string>> =>
            Promise.resolve({ ok: true, value: ` ${TRIGGER_URL} ` }),
        ),
        readRecord: jest.fn((): Promise<Result<RecordSnapshot>> => Promise.resolve({ ok: true, value: SNAPSHOT })),
        callFlow,
        newCorrelationId: () => CORRELATION_ID,
        now: () => new Date("2026-11-26T10:15:30.000Z"),
        ...overrides,
    };
    return { runner: new FlowRunner(deps), deps: { ...deps, callFlow } };
}

describe("FlowRunner", () => {
    it("starts the token request synchronously, before its first await", () => {
        const { runner, deps } = runnerWith();
        const pending = runner.run({ record: RECORD, signal: new AbortController().signal });
        // Nothing has been awaited yet: a sign-in window opened here still counts as opened by the click.
        expect(deps.tokenProvider.getToken).toHaveBeenCalledTimes(1);
        expect(deps.callFlow).not.toHaveBeenCalled();
        return pending;
    });

    it("beforeRun (the form's save) is awaited after the token request started, before anything is read", async () => {
        const { runner, deps } = runnerWith();
        let release: (value: { proceed: true }) => void = () => undefined;
        const beforeRun = jest.fn(() => new Promise<{ proceed: true }>((resolve) => (release = resolve)));
        const pending = runner.run({ record: RECORD, signal: new AbortController().signal, beforeRun });
        expect(deps.tokenProvider.getToken).toHaveBeenCalledTimes(1);
        await Promise.resolve();
        expect(beforeRun).toHaveBeenCalledTimes(1);
        expect(deps.readRecord).not.toHaveBeenCalled();
        release({ proceed: true });
        expect((await pending).kind).toBe("succeeded");
        expect(deps.readRecord).toHaveBeenCalledTimes(1);
    });

    it("beforeRun refusing ends the run unsent, with its message and no reference", async () => {
        const { runner, deps } = runnerWith();
        const error = { key: "Error_Form_SaveFailed" };
        const outcome = await runner.run({
            record: RECORD,
            signal: new AbortController().signal,
            beforeRun: () => Promise.resolve({ proceed: false, error }),
        });
        expect(outcome).toEqual({ kind: "failed", error });
        expect(deps.readRecord).not.toHaveBeenCalled();
        expect(deps.callFlow).not.toHaveBeenCalled();
    });

    it("runs token → URL → record → payload → transport and returns the transport's outcome", async () => {
        const { runner, deps } = runnerWith();
        const outcome = await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(outcome).toEqual({ kind: "succeeded", correlationId: CORRELATION_ID, status: 200 });
        expect(deps.readRecord).toHaveBeenCalledWith(RECORD, SETTINGS.fields);
        const call = deps.callFlow.mock.calls[0][0];
        expect(call.url.href).toBe(TRIGGER_URL);
        expect(call.correlationId).toBe(CORRELATION_ID);
        expect(call.timeoutMs).toBe(30_000);
        expect(JSON.parse(call.body)).toMatchObject({
            correlationId: CORRELATION_ID,
            triggeredAt: "2026-11-26T10:15:30.000Z",
            record: SNAPSHOT,
            caller: { name: "Adele Vance", informational: true },
        });
        // The first token is the one started in the click; a refresh asks the provider again.
        await expect(call.getToken?.(false)).resolves.toBe("token-1");
        await call.getToken?.(true);
        expect(deps.tokenProvider.getToken).toHaveBeenLastCalledWith({ forceRefresh: true });
    });

    it("sends nothing when sign-in fails, and says why", async () => {
        const refused = new UserFacingError(message("Auth_PopupBlocked"), "popup_window_error");
        const { runner, deps } = runnerWith({
            tokenProvider: tokenProvider({ getToken: jest.fn(() => Promise.reject(refused)) }),
        });
        const outcome = await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(outcome).toEqual({ kind: "failed", error: { key: "Auth_PopupBlocked" }, correlationId: CORRELATION_ID });
        expect(deps.callFlow).not.toHaveBeenCalled();
    });

    it("asks for no token in SAS mode", async () => {
        const { runner, deps } = runnerWith({ tokenProvider: undefined });
        await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(deps.callFlow.mock.calls[0][0].getToken).toBeUndefined();
    });

    it("stops between steps once cancelled: after the URL lookup", async () => {
        const controller = new AbortController();
        const { runner, deps } = runnerWith({
            resolveEnvironmentVariable: jest.fn(() => {
                controller.abort();
                return Promise.resolve<Result<string>>({ ok: true, value: TRIGGER_URL });
            }),
        });
        const outcome = await runner.run({ record: RECORD, signal: controller.signal });
        expect(outcome).toEqual({
            kind: "failed",
            error: { key: "Error_Run_Cancelled" },
            correlationId: CORRELATION_ID,
        });
        expect(deps.readRecord).not.toHaveBeenCalled();
        expect(deps.callFlow).not.toHaveBeenCalled();
    });

    it("stops between steps once cancelled: after reading the record", async () => {
        const controller = new AbortController();
        const { runner, deps } = runnerWith({
            readRecord: jest.fn(() => {
                controller.abort();
                return Promise.resolve<Result<RecordSnapshot>>({ ok: true, value: SNAPSHOT });
            }),
        });
        const outcome = await runner.run({ record: RECORD, signal: controller.signal });
        expect(outcome).toEqual({
            kind: "failed",
            error: { key: "Error_Run_Cancelled" },
            correlationId: CORRELATION_ID,
        });
        expect(deps.callFlow).not.toHaveBeenCalled();
    });

    it("keeps a resolved URL, but not a failed lookup: the next attempt asks again", async () => {
        const lookups: Result<string>[] = [
            { ok: false, reason: message("Error_EnvVar_LoadFailed", "ftc_FlowUrl") },
            { ok: true, value: TRIGGER_URL },
        ];
        const resolveEnvironmentVariable = jest.fn(() => Promise.resolve(lookups.shift()!));
        const { runner, deps } = runnerWith({ resolveEnvironmentVariable });

        expect(await runner.prepare()).toEqual({ key: "Error_EnvVar_LoadFailed", args: ["ftc_FlowUrl"] });
        const first = await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(first.kind).toBe("succeeded");
        await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(resolveEnvironmentVariable).toHaveBeenCalledTimes(2);
        expect(deps.callFlow).toHaveBeenCalledTimes(2);
    });

    it("reports a URL the policy refuses as the run's failure, without reading the record", async () => {
        const { runner, deps } = runnerWith({
            resolveEnvironmentVariable: jest.fn(() =>
                Promise.resolve<Result<string>>({ ok: true, value: "https://example.com/flow" }),
            ),
        });
        const outcome = await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(outcome).toMatchObject({ kind: "failed", error: { key: "Error_Url_UnknownHost" } });
        expect(deps.readRecord).not.toHaveBeenCalled();
    });

    it("prepare() checks the URL without waiting for the silent sign-in", async () => {
        const silent = deferred<string | undefined>();
        const provider = tokenProvider({ prepare: jest.fn(() => silent.promise) });
        const { runner } = runnerWith({ tokenProvider: provider });
        await expect(runner.prepare()).resolves.toBeUndefined();
        expect(provider.prepare).toHaveBeenCalledTimes(1);
        // A silent sign-in that fails later is not an unhandled rejection and not a config problem.
        silent.reject(new Error("iframe timed out"));
        await expect(runner.prepare()).resolves.toBeUndefined();
    });

    it("turns a record that cannot be read into the run's failure", async () => {
        const { runner, deps } = runnerWith({
            readRecord: jest.fn(() =>
                Promise.resolve<Result<RecordSnapshot>>({ ok: false, reason: message("Error_Payload_RecordNotFound") }),
            ),
        });
        const outcome = await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(outcome).toEqual({
            kind: "failed",
            error: { key: "Error_Payload_RecordNotFound" },
            correlationId: CORRELATION_ID,
        });
        expect(deps.callFlow).not.toHaveBeenCalled();
    });

    it("never throws: an unexpected error becomes one failed outcome", async () => {
        const { runner } = runnerWith({ readRecord: jest.fn(() => Promise.reject(new Error("boom"))) });
        const outcome = await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(outcome).toEqual({
            kind: "failed",
            error: { key: "Error_Run_Unexpected" },
            correlationId: CORRELATION_ID,
        });
    });
});

describe("FlowRunner.prepareClick: the press before a click", () => {
    const START = new Date("2026-11-26T10:15:30.000Z").getTime();
    /** A clock the test moves: the press and the click happen at chosen times. */
    function clockAt(ms: number) {
        const clock = { now: START + ms };
        return { clock, now: () => new Date(clock.now) };
    }
    const signal = () => new AbortController().signal;
    /** Lets the press's silent sign-in settle (it resolves on the next microtasks). */
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

    it("reads the record and gets the token silently at the press; the click uses both", async () => {
        const { clock, now } = clockAt(0);
        const provider = tokenProvider({ prepare: jest.fn(() => Promise.resolve("press-token")) });
        const { runner, deps } = runnerWith({ tokenProvider: provider, now });
        runner.prepareClick(RECORD);
        expect(deps.readRecord).toHaveBeenCalledTimes(1);
        expect(provider.prepare).toHaveBeenCalledTimes(1);
        await settle();
        clock.now += 100;
        const outcome = await runner.run({ record: RECORD, signal: signal() });
        expect(outcome.kind).toBe("succeeded");
        expect(deps.readRecord).toHaveBeenCalledTimes(1);
        expect(provider.getToken).not.toHaveBeenCalled();
        await expect(deps.callFlow.mock.calls[0][0].getToken?.(false)).resolves.toBe("press-token");
        // A 401 still forces a fresh token from the provider.
        await deps.callFlow.mock.calls[0][0].getToken?.(true);
        expect(provider.getToken).toHaveBeenCalledWith({ forceRefresh: true });
    });

    it("asks for the token inside the click when the press's silent sign-in hasn't answered or failed", async () => {
        const silent = deferred<string | undefined>();
        const provider = tokenProvider({ prepare: jest.fn(() => silent.promise) });
        const { runner } = runnerWith({ tokenProvider: provider });
        runner.prepareClick(RECORD);
        const pending = runner.run({ record: RECORD, signal: signal() });
        // Synchronously, so a sign-in window may still open inside the click.
        expect(provider.getToken).toHaveBeenCalledTimes(1);
        silent.resolve("late-token");
        await pending;

        const failing = tokenProvider({ prepare: jest.fn(() => Promise.resolve(undefined)) });
        const second = runnerWith({ tokenProvider: failing });
        second.runner.prepareClick(RECORD);
        await settle();
        const run = second.runner.run({ record: RECORD, signal: signal() });
        expect(failing.getToken).toHaveBeenCalledTimes(1);
        await run;
    });

    it("reads again when the form is saved before the run, or when the press is older than a second", async () => {
        const { clock, now } = clockAt(0);
        const { runner, deps } = runnerWith({ now });
        runner.prepareClick(RECORD);
        await runner.run({ record: RECORD, signal: signal(), beforeRun: () => Promise.resolve({ proceed: true }) });
        expect(deps.readRecord).toHaveBeenCalledTimes(2);

        runner.prepareClick(RECORD);
        clock.now += 1_001;
        await runner.run({ record: RECORD, signal: signal() });
        expect(deps.readRecord).toHaveBeenCalledTimes(4);
    });

    it("one press serves one click: the next click without a press reads again", async () => {
        const { runner, deps } = runnerWith();
        runner.prepareClick(RECORD);
        await runner.run({ record: RECORD, signal: signal() });
        await runner.run({ record: RECORD, signal: signal() });
        expect(deps.readRecord).toHaveBeenCalledTimes(2);
    });

    it("repeated presses (key repeat) read once; a press on another record is not used", async () => {
        const { runner, deps } = runnerWith();
        runner.prepareClick(RECORD);
        runner.prepareClick({ ...RECORD, id: RECORD_ID.toUpperCase() });
        expect(deps.readRecord).toHaveBeenCalledTimes(1);
        runner.prepareClick({ tableName: "contact", id: RECORD_ID });
        expect(deps.readRecord).toHaveBeenCalledTimes(2);
        await runner.run({ record: RECORD, signal: signal() });
        expect(deps.readRecord).toHaveBeenCalledTimes(3);
        expect(deps.readRecord).toHaveBeenLastCalledWith(RECORD, SETTINGS.fields);
    });

    it("a read the press started and that failed is the click's failure, not read twice", async () => {
        const readRecord = jest.fn((): Promise<Result<RecordSnapshot>> =>
            Promise.resolve({ ok: false, reason: message("Error_Payload_ReadFailed", "-") }),
        );
        const { runner, deps } = runnerWith({ readRecord });
        runner.prepareClick(RECORD);
        const outcome = await runner.run({ record: RECORD, signal: signal() });
        expect(outcome).toMatchObject({ kind: "failed", error: { key: "Error_Payload_ReadFailed" } });
        expect(readRecord).toHaveBeenCalledTimes(1);
        expect(deps.callFlow).not.toHaveBeenCalled();
    });
});

describe("FlowRunner: a trigger URL of another environment", () => {
    /** The environment TRIGGER_URL's host names. */
    const THIS_ENVIRONMENT = "01234567-89ab-cdef-0123-456789abcdef";
    const OTHER_ENVIRONMENT = "Default-72f988bf-86f1-41af-91ab-2d7cd011db47";
    const HOST = new URL(TRIGGER_URL).hostname;

    it("is a configuration problem on load and the click's failure; nothing is read or sent", async () => {
        const currentEnvironmentId = jest.fn(() => Promise.resolve<string | undefined>(OTHER_ENVIRONMENT));
        const { runner, deps } = runnerWith({ currentEnvironmentId });
        expect(await runner.prepare()).toEqual({
            key: "Error_Url_OtherEnvironment",
            args: [HOST, OTHER_ENVIRONMENT],
        });
        const outcome = await runner.run({ record: RECORD, signal: new AbortController().signal });
        expect(outcome).toEqual({
            kind: "failed",
            error: { key: "Error_Url_OtherEnvironment", args: [HOST, OTHER_ENVIRONMENT] },
            correlationId: CORRELATION_ID,
        });
        expect(deps.readRecord).not.toHaveBeenCalled();
        expect(deps.callFlow).not.toHaveBeenCalled();
    });

    it("the environment's own URL runs, and the environment is looked up once for load and clicks", async () => {
        const currentEnvironmentId = jest.fn(() => Promise.resolve<string | undefined>(THIS_ENVIRONMENT.toUpperCase()));
        const { runner, deps } = runnerWith({ currentEnvironmentId });
        await expect(runner.prepare()).resolves.toBeUndefined();
        expect((await runner.run({ record: RECORD, signal: new AbortController().signal })).kind).toBe("succeeded");
        expect((await runner.run({ record: RECORD, signal: new AbortController().signal })).kind).toBe("succeeded");
        expect(currentEnvironmentId).toHaveBeenCalledTimes(1);
        expect(deps.callFlow).toHaveBeenCalledTimes(2);
    });

    it("an environment that can't be learned checks nothing: the run goes ahead", async () => {
        const { runner, deps } = runnerWith({ currentEnvironmentId: () => Promise.resolve(undefined) });
        await expect(runner.prepare()).resolves.toBeUndefined();
        expect((await runner.run({ record: RECORD, signal: new AbortController().signal })).kind).toBe("succeeded");
        expect(deps.callFlow).toHaveBeenCalledTimes(1);
    });

    it("a host that names no environment costs no lookup", async () => {
        const currentEnvironmentId = jest.fn(() => Promise.resolve<string | undefined>(OTHER_ENVIRONMENT));
        const legacy = `https://prod-27.westeurope.logic.azure.com/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01`;
        const { runner } = runnerWith({
            currentEnvironmentId,
            resolveEnvironmentVariable: jest.fn(() => Promise.resolve<Result<string>>({ ok: true, value: legacy })),
        });
        await expect(runner.prepare()).resolves.toBeUndefined();
        expect(currentEnvironmentId).not.toHaveBeenCalled();
    });
});
