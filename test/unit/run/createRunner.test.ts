import type { RecordSnapshot } from "../../../FlowTriggerControl/contracts/record";
import { createRecordReader } from "../../../FlowTriggerControl/payload/recordReader";
import { abortableSleep, createRunner } from "../../../FlowTriggerControl/run/createRunner";
import { parseSettings } from "../../../FlowTriggerControl/settings/settings";

/**
 * A second host (the command-bar library) builds the runner from plain values: raw property values,
 * a record reader over its own Web API, a token provider and fetch. Nothing here is a PCF type.
 */
const WORKFLOW = "0123456789abcdef0123456789abcdef";
const SAS_URL = `https://prod-27.westus.logic.azure.com/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t`;
const ENTRA_URL = `https://prod-27.westus.logic.azure.com/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01`;
const ACCOUNT_ID = "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b";
const CALLER = { userId: "0a1b2c3d-0000-4000-8000-000000000001", name: "Adele Vance", languageId: 1033 };

function plainSettings(raw: Parameters<typeof parseSettings>[0]) {
    const parsed = parseSettings(raw, { origin: "https://contoso.crm4.dynamics.com", publisherPrefix: "ftc" });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.settings;
}

/** The record source a command-bar host would wrap around Xrm.WebApi and Xrm.Utility.getEntityMetadata. */
function plainReader() {
    return createRecordReader({
        records: {
            retrieveRecord: () => Promise.resolve({ accountid: ACCOUNT_ID, name: "Contoso Ltd" }),
        },
        metadata: {
            getEntityMetadata: () =>
                Promise.resolve({ LogicalName: "account", PrimaryNameAttribute: "name", Attributes: [] }),
        },
        userTimeZoneOffsetMinutes: () => 0,
    });
}

function okFetch() {
    return jest.fn((_url: string | URL | Request, _init?: RequestInit) =>
        Promise.resolve(new Response(JSON.stringify({ message: "Order 42 sent" }), { status: 200 })),
    );
}

describe("createRunner (no PCF)", () => {
    it("runs a SAS flow from plain settings, a record reader and an injected fetch", async () => {
        const fetch = okFetch();
        const runner = createRunner({
            settings: plainSettings({ flowUrl: SAS_URL, authMode: "SharedAccessSignature" }),
            caller: CALLER,
            recordReader: plainReader(),
            environmentVariables: { retrieveMultipleRecords: jest.fn() },
            fetch,
            newCorrelationId: () => "0b7c9a52-3f1e-4d6a-9c8b-2e4f6a8b0c1d",
        });
        const outcome = await runner.run({
            record: { tableName: "account", id: ACCOUNT_ID },
            signal: new AbortController().signal,
        });
        expect(outcome).toEqual({
            kind: "succeeded",
            correlationId: "0b7c9a52-3f1e-4d6a-9c8b-2e4f6a8b0c1d",
            status: 200,
            responseText: "Order 42 sent",
        });
        expect(fetch).toHaveBeenCalledTimes(1);
        const [url, init] = fetch.mock.calls[0];
        expect(url instanceof URL ? url.href : url).toBe(SAS_URL);
        expect(new Headers(init?.headers).get("authorization")).toBeNull();
        const body = JSON.parse(init?.body as string) as { record: RecordSnapshot };
        expect(body.record).toEqual({ table: "account", id: ACCOUNT_ID, primaryName: "Contoso Ltd", fields: {} });
    });

    it("sends the host's token in Entra mode", async () => {
        const fetch = okFetch();
        const getToken = jest.fn(() => Promise.resolve("token-from-the-host"));
        const runner = createRunner({
            settings: plainSettings({
                flowUrl: ENTRA_URL,
                clientId: "11111111-2222-4333-8444-555555555555",
                tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
            }),
            caller: CALLER,
            tokenProvider: { prepare: () => Promise.resolve(undefined), getToken },
            recordReader: plainReader(),
            environmentVariables: { retrieveMultipleRecords: jest.fn() },
            fetch,
        });
        const outcome = await runner.run({
            record: { tableName: "account", id: ACCOUNT_ID },
            signal: new AbortController().signal,
        });
        expect(outcome.kind).toBe("succeeded");
        expect(new Headers(fetch.mock.calls[0][1]?.headers).get("authorization")).toBe("Bearer token-from-the-host");
    });

    it("resolves an environment variable through the host's query service", async () => {
        const retrieveMultipleRecords = jest.fn(() =>
            Promise.resolve({ entities: [{ schemaname: "ftc_FlowUrl", defaultvalue: SAS_URL }], nextLink: "" }),
        );
        const runner = createRunner({
            settings: plainSettings({ flowUrl: "ftc_FlowUrl", authMode: "SharedAccessSignature" }),
            caller: CALLER,
            recordReader: plainReader(),
            environmentVariables: { retrieveMultipleRecords },
            fetch: okFetch(),
        });
        await expect(runner.prepare()).resolves.toBeUndefined();
        expect(retrieveMultipleRecords).toHaveBeenCalledWith("environmentvariabledefinition", expect.any(String));
    });
});

describe("abortableSleep", () => {
    it("resolves after the wait", async () => {
        await expect(abortableSleep(0, new AbortController().signal)).resolves.toBeUndefined();
    });

    it("rejects at once when already aborted, and as soon as the signal aborts", async () => {
        const done = new AbortController();
        done.abort();
        await expect(abortableSleep(60_000, done.signal)).rejects.toBeDefined();

        const later = new AbortController();
        const sleeping = abortableSleep(60_000, later.signal);
        later.abort();
        await expect(sleeping).rejects.toBeDefined();
    });
});
