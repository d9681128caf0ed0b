/** @jest-environment node */
import { createRecordReader } from "../../../FlowTriggerControl/payload/recordReader";
import { createBatchRunner } from "../../../FlowTriggerControl/run/batchFlowRunner";
import { parseSettings } from "../../../FlowTriggerControl/settings/settings";

/** BatchFlowRunner.runBatch: the command bar's batch mode through the same URL policy, token and transport. */
const WORKFLOW = "0123456789abcdef0123456789abcdef";
const ENTRA_URL = `https://prod-27.westus.logic.azure.com/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01`;
const CALLER = { userId: "0a1b2c3d-0000-4000-8000-000000000001", name: "Adele Vance", languageId: 1033 };
const ROWS = ["00000001-0000-4000-8000-000000000000", "00000002-0000-4000-8000-000000000000"];
const MISSING = "deadbeef-0000-4000-8000-000000000000";

function setup() {
    const parsed = parseSettings(
        {
            flowUrl: ENTRA_URL,
            clientId: "11111111-2222-4333-8444-555555555555",
            tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        },
        { origin: "https://contoso.crm4.dynamics.com", publisherPrefix: "ftc" },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const fetch = jest.fn((_url: string | URL | Request, _init?: RequestInit) =>
        Promise.resolve(new Response(JSON.stringify({ message: "ok" }), { status: 200 })),
    );
    const getToken = jest.fn(() => Promise.resolve("batch-token"));
    const retrieveRecord = jest.fn((_table: string, id: string) =>
        id === MISSING
            ? Promise.reject(Object.assign(new Error("Does Not Exist"), { errorCode: -2147220969 }))
            : Promise.resolve({ accountid: id, name: `Account ${id.slice(7, 8)}` }),
    );
    const runner = createBatchRunner({
        settings: parsed.settings,
        caller: CALLER,
        tokenProvider: { prepare: () => Promise.resolve(undefined), getToken },
        recordReader: createRecordReader({
            records: { retrieveRecord },
            metadata: {
                getEntityMetadata: () =>
                    Promise.resolve({ LogicalName: "account", PrimaryNameAttribute: "name", Attributes: [] }),
            },
            userTimeZoneOffsetMinutes: () => 0,
        }),
        environmentVariables: { retrieveMultipleRecords: jest.fn() },
        fetch,
        newCorrelationId: () => "0b7c9a52-3f1e-4d6a-9c8b-2e4f6a8b0c1d",
        now: () => new Date("2026-11-30T10:00:00.000Z"),
    });
    return { runner, fetch, getToken, retrieveRecord };
}

const refs = (ids: string[]) => ids.map((id) => ({ tableName: "account", id }));

describe("BatchFlowRunner.runBatch", () => {
    it("reads every record and sends them in one versioned POST with the token", async () => {
        const { runner, fetch, getToken } = setup();
        const pending = runner.runBatch({ records: refs(ROWS), signal: new AbortController().signal });
        // Started inside the caller's click, before any await.
        expect(getToken).toHaveBeenCalledTimes(1);
        const outcome = await pending;
        expect(outcome).toMatchObject({ kind: "succeeded", correlationId: "0b7c9a52-3f1e-4d6a-9c8b-2e4f6a8b0c1d" });
        expect(fetch).toHaveBeenCalledTimes(1);
        const [, init] = fetch.mock.calls[0];
        expect(new Headers(init?.headers).get("authorization")).toBe("Bearer batch-token");
        expect(JSON.parse(init?.body as string)).toEqual({
            schemaVersion: 1,
            correlationId: "0b7c9a52-3f1e-4d6a-9c8b-2e4f6a8b0c1d",
            triggeredAt: "2026-11-30T10:00:00.000Z",
            records: [
                { table: "account", id: ROWS[0], primaryName: "Account 1", fields: {} },
                { table: "account", id: ROWS[1], primaryName: "Account 2", fields: {} },
            ],
            caller: { ...CALLER, informational: true },
        });
    });

    it("sends nothing when a record can't be read", async () => {
        const { runner, fetch } = setup();
        const outcome = await runner.runBatch({
            records: refs([ROWS[0], MISSING]),
            signal: new AbortController().signal,
        });
        expect(outcome.kind).toBe("failed");
        expect(fetch).not.toHaveBeenCalled();
    });

    it("reads at most four records at a time", async () => {
        const { runner, retrieveRecord } = setup();
        const many = Array.from({ length: 9 }, (_, i) => `0000000${i}-0000-4000-8000-00000000000${i}`);
        let inFlight = 0;
        let most = 0;
        retrieveRecord.mockImplementation(async (_table: string, id: string) => {
            inFlight++;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setImmediate(resolve));
            inFlight--;
            return { accountid: id, name: "x" };
        });
        expect((await runner.runBatch({ records: refs(many), signal: new AbortController().signal })).kind).toBe(
            "succeeded",
        );
        expect(most).toBe(4);
    });

    it("stops when cancelled, before sending", async () => {
        const { runner, fetch } = setup();
        const controller = new AbortController();
        controller.abort();
        const outcome = await runner.runBatch({ records: refs(ROWS), signal: controller.signal });
        expect(outcome).toMatchObject({ kind: "failed", error: { key: "Error_Run_Cancelled" } });
        expect(fetch).not.toHaveBeenCalled();
    });
});
