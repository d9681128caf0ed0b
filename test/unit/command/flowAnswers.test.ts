/** @jest-environment node */
/**
 * The command library runs through the control's transport, so the same rule holds per row and per batch:
 * a flow's own 401/403/429/503 is one POST and its message; only the platform's own refusal is sent again.
 */
import { createCommandLibrary, type CommandHost } from "../../../FlowTriggerControl/command/commandLibrary";
import type { TokenProvider } from "../../../FlowTriggerControl/auth/tokenProvider";
import { resxStringTable } from "./stringTable";

const FLOW_URL =
    "https://prod-12.westeurope.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01";
const BASE = {
    flowUrl: FLOW_URL,
    clientId: "11111111-2222-3333-4444-555555555555",
    tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
};
const ROWS = ["{00000000-0000-4000-8000-000000000001}", "{00000000-0000-4000-8000-000000000002}"];
const FLOW_MESSAGE = "You may not approve this order.";

interface Answer {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
}

/** A page whose fetch answers each POST with `answer(n)` (n counts POSTs from 0) and records who asked. */
function page(answer: (postIndex: number) => Answer) {
    const alerts: string[] = [];
    const posts: { authorization: string | null }[] = [];
    const getToken = jest.fn((options?: { forceRefresh?: boolean }) =>
        Promise.resolve(options?.forceRefresh === true ? "fresh-token" : "token"),
    );
    const tokenProvider: TokenProvider = { prepare: () => Promise.resolve(undefined), getToken };
    const fetch = jest.fn((_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const index = posts.length;
        posts.push({ authorization: new Headers(init?.headers).get("authorization") });
        const { status, body, headers } = answer(index);
        return Promise.resolve(
            new Response(JSON.stringify(body), {
                status,
                headers: { "Content-Type": "application/json", ...(headers ?? {}) },
            }),
        );
    });
    const host: CommandHost = {
        languageId: 1033,
        hostDefaults: { origin: "https://contoso.crm4.dynamics.com", publisherPrefix: "ftc" },
        dialogs: {
            alert: (text) => {
                alerts.push(text);
                return Promise.resolve();
            },
            confirm: () => Promise.resolve(true),
            showProgress: () => undefined,
            closeProgress: () => undefined,
        },
        services: {
            caller: { userId: "0a1b2c3d-0000-4000-8000-000000000001", name: "Adele Vance", languageId: 1033 },
            recordSources: {
                records: {
                    retrieveRecord: (_table: string, id: string) =>
                        Promise.resolve({ accountid: id, name: `Account ${id.slice(-1)}` }),
                },
                metadata: {
                    getEntityMetadata: () =>
                        Promise.resolve({ LogicalName: "account", PrimaryNameAttribute: "name", Attributes: [] }),
                },
                userTimeZoneOffsetMinutes: () => 0,
            },
            environmentVariables: { retrieveMultipleRecords: jest.fn() },
            tokenProviderFor: () => tokenProvider,
            fetch,
        },
    };
    const library = createCommandLibrary({ strings: resxStringTable(), host: () => host });
    return { library, alerts, posts, getToken };
}

const grid = () => ({ refresh: jest.fn() });
const form = (id: string) => ({
    data: {
        entity: { getId: () => id, getEntityName: () => "account", getIsDirty: () => false },
        save: jest.fn(() => Promise.resolve()),
        refresh: jest.fn(() => Promise.resolve()),
    },
});

describe("command library: a flow's own 401/403/429/503 runs once", () => {
    it.each([401, 403, 429, 503])("per row: the flow answers %i with a message, one POST per row", async (status) => {
        const p = page(() => ({ status, body: { message: FLOW_MESSAGE }, headers: { "Retry-After": "1" } }));
        const result = await p.library.runForRows(grid(), ROWS, "account", JSON.stringify(BASE));

        expect(result).toMatchObject({ kind: "finished", summary: { total: 2, succeeded: 0, failed: 2 } });
        expect(p.posts).toHaveLength(ROWS.length);
        expect(p.getToken.mock.calls.some(([options]) => options?.forceRefresh === true)).toBe(false);
        expect(p.alerts[0]).toContain(`The flow reported an error: ${FLOW_MESSAGE} (HTTP ${status}`);
    });

    it.each([401, 403, 429, 503])("batch: the flow answers %i with a message, one POST", async (status) => {
        const p = page(() => ({ status, body: { message: FLOW_MESSAGE }, headers: { "Retry-After": "1" } }));
        const result = await p.library.runForRows(grid(), ROWS, "account", JSON.stringify({ ...BASE, mode: "batch" }));

        expect(result).toMatchObject({ kind: "finished", summary: { failed: 2 } });
        expect(p.posts).toHaveLength(1);
        expect(p.alerts[0]).toContain(FLOW_MESSAGE);
    });

    it.each([401, 403])("form: the flow answers %i with a message, one POST, its message shown", async (status) => {
        const p = page(() => ({ status, body: { message: FLOW_MESSAGE } }));
        const result = await p.library.runForForm(form(ROWS[0]), JSON.stringify(BASE));

        expect(result).toMatchObject({ kind: "ran", outcome: { kind: "failed" } });
        expect(p.posts).toHaveLength(1);
        expect(p.alerts[0]).toContain(FLOW_MESSAGE);
    });
});

describe("command library: the platform's own refusal still gets its one retry", () => {
    it("per row: the platform refuses an expired token, the row is sent again with a fresh token", async () => {
        // The platform refuses the first POST of the page; every later POST carries the refreshed token.
        const p = page((index) =>
            index === 0
                ? { status: 401, body: { error: { code: "ExpiredAuthenticationToken", message: "expired" } } }
                : { status: 200, body: { message: "done" } },
        );
        const result = await p.library.runForRows(grid(), ROWS.slice(0, 1), "account", JSON.stringify(BASE));

        expect(result).toMatchObject({ kind: "finished", summary: { succeeded: 1, failed: 0 } });
        expect(p.posts.map((post) => post.authorization)).toEqual(["Bearer token", "Bearer fresh-token"]);
    });

    it("batch: a claims mismatch is a setup error, not sent again", async () => {
        const p = page(() => ({ status: 403, body: { error: { code: "MisMatchingOAuthClaims", message: "…" } } }));
        await p.library.runForRows(grid(), ROWS, "account", JSON.stringify({ ...BASE, mode: "batch" }));
        expect(p.posts).toHaveLength(1);
    });
});
