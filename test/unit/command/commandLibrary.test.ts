/** @jest-environment node */
import { createCommandLibrary, type CommandHost } from "../../../FlowTriggerControl/command/commandLibrary";
import type { EntraSettings } from "../../../FlowTriggerControl/auth/entraSettings";
import type { TokenProvider } from "../../../FlowTriggerControl/auth/tokenProvider";
import { UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import { resxStringTable } from "./stringTable";

const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const FLOW_URL =
    "https://prod-12.westeurope.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01";
const BASE = { flowUrl: FLOW_URL, clientId: CLIENT_ID, tenantId: TENANT_ID };
const SETTINGS = JSON.stringify({ ...BASE, maxRows: 3 });
const ROW = "b05ec7ce-5d51-df11-97e0-00155db232d0";
const ids = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => `{0000000${i}-0000-4000-8000-000000000000}`.toUpperCase());
const plainId = (id: string): string => id.slice(1, -1).toLowerCase();
const strings = resxStringTable;

interface SentBody {
    correlationId: string;
    record?: { id: string; primaryName: string };
    records?: { id: string }[];
}

/**
 * A page as the platform hands it to a command: dialogs that answer at once, a Web API that knows every
 * asked row ("Account <first 8 digits>"), a token provider that counts its calls and a fetch that records
 * each POST (answering 500 for the rows in `failing`).
 */
function fakeHost(
    options: {
        languageId?: number;
        confirm?: boolean;
        failing?: string[];
        signInFails?: boolean;
        /** The answer to RetrieveCurrentOrganization; default: 404. */
        organization?: () => Promise<Response>;
    } = {},
) {
    const organizationCalls: string[] = [];
    const entras: EntraSettings[] = [];
    const alerts: { text: string; title?: string }[] = [];
    const events: string[] = [];
    const progress: string[] = [];
    const sent: SentBody[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const getToken = jest.fn((): Promise<string> => {
        events.push("getToken");
        return options.signInFails
            ? Promise.reject(new UserFacingError({ key: "Auth_SignInNeeded" }, "popup_window_error"))
            : Promise.resolve("token");
    });
    const tokenProvider: TokenProvider = { prepare: () => Promise.resolve(undefined), getToken };
    const fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
        // The library asks with a path relative to the page.
        if (typeof url === "string" && url.includes("RetrieveCurrentOrganization")) {
            organizationCalls.push(url);
            return options.organization ? options.organization() : new Response("{}", { status: 404 });
        }
        const body = JSON.parse(init?.body as string) as SentBody;
        sent.push(body);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Let the other rows start before this one answers.
        for (let i = 0; i < 5; i++) await Promise.resolve();
        inFlight--;
        const failed = body.record && (options.failing ?? []).includes(body.record.id);
        return failed
            ? new Response(JSON.stringify({ error: { code: "InternalServerError", message: "boom" } }), {
                  status: 500,
                  headers: { "Content-Type": "application/json" },
              })
            : new Response(JSON.stringify({ message: "done" }), { status: 200 });
    });
    const retrieveRecord = jest.fn((table: string, id: string) =>
        id === "deadbeef-0000-4000-8000-000000000000"
            ? Promise.reject(Object.assign(new Error("Does Not Exist"), { errorCode: -2147220969 }))
            : Promise.resolve({ accountid: id, name: `Account ${id.slice(0, 8)}` }),
    );
    const host: CommandHost = {
        languageId: options.languageId ?? 1033,
        hostDefaults: { origin: "https://contoso.crm4.dynamics.com", publisherPrefix: "ftc" },
        dialogs: {
            alert: (text, title) => {
                alerts.push(title === undefined ? { text } : { text, title });
                return Promise.resolve();
            },
            confirm: jest.fn((text: string) => {
                events.push(`confirm: ${text}`);
                return Promise.resolve(options.confirm ?? true);
            }),
            showProgress: jest.fn((text: string) => progress.push(text)),
            closeProgress: jest.fn(() => events.push("closeProgress")),
        },
        services: {
            caller: { userId: "0a1b2c3d-0000-4000-8000-000000000001", name: "Adele Vance", languageId: 1033 },
            recordSources: {
                records: { retrieveRecord },
                metadata: {
                    getEntityMetadata: () =>
                        Promise.resolve({ LogicalName: "account", PrimaryNameAttribute: "name", Attributes: [] }),
                },
                userTimeZoneOffsetMinutes: () => 0,
            },
            environmentVariables: { retrieveMultipleRecords: jest.fn() },
            tokenProviderFor: (entra) => {
                entras.push(entra);
                return tokenProvider;
            },
            fetch,
        },
    };
    return {
        host,
        alerts,
        events,
        progress,
        sent,
        fetch,
        getToken,
        retrieveRecord,
        organizationCalls,
        entras,
        maxInFlight: () => maxInFlight,
    };
}

function gridControl() {
    return { refresh: jest.fn() };
}
/** A form's context; a save clears the dirty flag, unless it fails or an OnSave handler cancels it (`saveCancelled`). */
function form(id: string, options: { dirty?: boolean; saveFails?: boolean; saveCancelled?: boolean } = {}) {
    let dirty = options.dirty === true;
    return {
        data: {
            entity: { getId: () => id, getEntityName: () => "account", getIsDirty: () => dirty },
            save: jest.fn(() => {
                if (options.saveFails) return Promise.reject(new Error("Required field missing"));
                if (!options.saveCancelled) dirty = false;
                return Promise.resolve();
            }),
            refresh: jest.fn(() => Promise.resolve()),
        },
    };
}

describe("runForRows: per-row runs", () => {
    it("runs each selected row once with its own payload, one token for all, and reports", async () => {
        const page = fakeHost();
        const grid = gridControl();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const rows = ids(10);
        const settings = JSON.stringify({
            ...BASE,
            confirmationText: "Send {count} accounts for approval?",
            refreshAfterRun: true,
        });
        const result = await library.runForRows(grid, rows, "account", settings);

        expect(result).toMatchObject({ kind: "finished", summary: { total: 10, succeeded: 10, failed: 0 } });
        expect(page.sent.map((body) => body.record?.id).sort()).toEqual(rows.map(plainId).sort());
        expect(new Set(page.sent.map((body) => body.correlationId)).size).toBe(10);
        const authorizations = page.fetch.mock.calls.map(([, init]) => new Headers(init?.headers).get("authorization"));
        expect(authorizations).toEqual(Array(10).fill("Bearer token"));
        // The token is asked for once, inside the click, before the confirmation opens.
        expect(page.getToken).toHaveBeenCalledTimes(1);
        expect(page.events.slice(0, 2)).toEqual(["getToken", "confirm: Send 10 accounts for approval?"]);
        expect(page.maxInFlight()).toBeLessThanOrEqual(4);
        expect(page.progress[0]).toBe("Running flow: 0 of 10");
        expect(page.progress.at(-1)).toBe("Running flow: 10 of 10");
        expect(page.events.at(-1)).toBe("closeProgress");
        expect(grid.refresh).toHaveBeenCalledTimes(1);
        expect(page.alerts).toEqual([{ title: "Flow runs finished", text: "Succeeded: 10\nFailed: 0" }]);
    });

    it("names a failed row in the summary with its reason and reference", async () => {
        const rows = ids(3);
        const page = fakeHost({ failing: [plainId(rows[1])] });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const result = await library.runForRows(gridControl(), rows, "account", SETTINGS);

        expect(result).toMatchObject({ kind: "finished", summary: { succeeded: 2, failed: 1 } });
        const failedBody = page.sent.find((body) => body.record?.id === plainId(rows[1]));
        const lines = page.alerts[0].text.split("\n");
        expect(lines.slice(0, 2)).toEqual(["Succeeded: 2", "Failed: 1"]);
        expect(lines[2]).toMatch(/^Account 00000001: /);
        expect(lines[2]).toContain(failedBody?.correlationId);
    });

    it("sends nothing when the user cancels the confirmation", async () => {
        const page = fakeHost({ confirm: false });
        const grid = gridControl();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        expect(await library.runForRows(grid, ids(2), "account", SETTINGS)).toEqual({ kind: "cancelled" });
        expect(page.fetch).not.toHaveBeenCalled();
        expect(page.retrieveRecord).not.toHaveBeenCalled();
        expect(page.progress).toEqual([]);
        expect(grid.refresh).not.toHaveBeenCalled();
    });

    it("uses the default confirmation when the maker gave none", async () => {
        const page = fakeHost({ confirm: false, languageId: 1031 });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        await library.runForRows(gridControl(), ids(2), "account", SETTINGS);
        expect(page.events).toContain("confirm: Den Flow für 2 ausgewählte Zeilen ausführen?");
    });

    it("tells a failed sign-in once and sends nothing", async () => {
        const page = fakeHost({ signInFails: true });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const result = await library.runForRows(gridControl(), ids(3), "account", SETTINGS);
        expect(result).toEqual({ kind: "refused", reason: { key: "Auth_SignInNeeded" } });
        expect(page.alerts).toHaveLength(1);
        expect(page.fetch).not.toHaveBeenCalled();
    });

    it("refuses more rows than maxRows before asking for a token or a confirmation", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const result = await library.runForRows(gridControl(), ids(4), "account", SETTINGS);
        expect(result).toEqual({ kind: "refused", reason: { key: "Command_Error_TooManyRows", args: ["4", "3"] } });
        expect(page.alerts).toEqual([
            { text: "4 rows are selected, but this command runs for at most 3. Select fewer rows. Nothing was sent." },
        ]);
        expect(page.getToken).not.toHaveBeenCalled();
        expect(page.events).toEqual([]);
        expect(page.fetch).not.toHaveBeenCalled();
    });
});

describe("runForRows: batch mode", () => {
    it("sends one POST carrying every row, in selection order", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const rows = ids(3);
        const result = await library.runForRows(
            gridControl(),
            rows,
            "account",
            JSON.stringify({ ...BASE, mode: "batch" }),
        );
        expect(result).toMatchObject({ kind: "finished", summary: { total: 3, succeeded: 3, failed: 0 } });
        expect(page.fetch).toHaveBeenCalledTimes(1);
        expect(page.sent[0].records?.map((record) => record.id)).toEqual(rows.map(plainId));
        expect(page.getToken).toHaveBeenCalledTimes(1);
        expect(page.alerts[0].text).toBe("Succeeded: 3\nFailed: 0");
    });

    it("sends nothing when a row can't be read, and names that row", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const rows = [ids(1)[0], "{DEADBEEF-0000-4000-8000-000000000000}"];
        const result = await library.runForRows(
            gridControl(),
            rows,
            "account",
            JSON.stringify({ ...BASE, mode: "batch" }),
        );
        expect(result).toMatchObject({ kind: "finished", summary: { failed: 2 } });
        expect(page.fetch).not.toHaveBeenCalled();
        expect(page.alerts[0].text.split("\n")[2]).toMatch(/^Row deadbeef-0000-4000-8000-000000000000: /);
    });
});

describe("runForRows: checks before anything is sent", () => {
    it("names each wrong parameter and settings key in one alert", async () => {
        const { host, alerts, getToken } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        const result = await library.runForRows({}, "not a list", "", JSON.stringify({ clientId: "x", maxRow: 5 }));
        expect(result.kind).toBe("misconfigured");
        expect(getToken).not.toHaveBeenCalled();
        expect(alerts).toHaveLength(1);
        expect(alerts[0].title).toBe("The command is not set up correctly");
        const lines = alerts[0].text.split("\n");
        for (const name of [
            "SelectedControl",
            "SelectedControlSelectedItemIds",
            "SelectedEntityTypeName",
            "maxRow",
            "flowUrl",
            "clientId",
            "tenantId",
        ]) {
            expect(lines.some((line) => line.startsWith(`${name}: `))).toBe(true);
        }
    });

    it("shows the alert in the user's language", async () => {
        const { host, alerts } = fakeHost({ languageId: 1036 });
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        await library.runForRows(gridControl(), ids(1), "account", "[]");
        expect(alerts[0]).toEqual({
            title: "La commande n’est pas configurée correctement",
            text: expect.stringContaining("settingsJson : Les paramètres doivent être un objet JSON") as string,
        });
    });

    it("asks for a selection when none is made", async () => {
        const { host, alerts, fetch } = fakeHost({ languageId: 1031 });
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        expect((await library.runForRows(gridControl(), [], "account", SETTINGS)).kind).toBe("refused");
        expect(alerts).toEqual([{ text: "Wählen Sie zuerst mindestens eine Zeile aus." }]);
        expect(fetch).not.toHaveBeenCalled();
    });

    it("fails loudly only when there is no platform to show a dialog", async () => {
        const library = createCommandLibrary({ strings: strings(), host: () => undefined });
        await expect(library.runForRows(gridControl(), ids(1), "account", SETTINGS)).rejects.toThrow(
            /model-driven app/,
        );
    });
});

describe("runForForm", () => {
    it("inside another site, offers to open the record in its own tab instead of a sign-in window", async () => {
        const page = fakeHost();
        const href = `https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${ROW}`;
        page.getToken.mockImplementation(() =>
            Promise.reject(
                new UserFacingError(
                    { key: "Auth_EmbeddedApp", link: { key: "Auth_OpenInOwnTab", href } },
                    "embedded_app",
                ),
            ),
        );
        const openUrl = jest.fn();
        const host: CommandHost = { ...page.host, dialogs: { ...page.host.dialogs, openUrl } };
        const library = createCommandLibrary({ strings: strings(), host: () => host });

        const result = await library.runForForm(form(ROW), JSON.stringify(BASE));

        expect(result).toMatchObject({ kind: "refused", reason: { key: "Auth_EmbeddedApp" } });
        expect(page.host.dialogs.confirm).toHaveBeenCalledWith(
            expect.stringContaining("Open this record in its own browser tab"),
            undefined,
            "Open in a new tab",
            "Cancel",
        );
        expect(openUrl).toHaveBeenCalledWith(href);
        expect(page.fetch).not.toHaveBeenCalled();
    });

    it("runs the form's record, without a confirmation when the maker set none, and refreshes the form when asked", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(`{${ROW.toUpperCase()}}`);
        const result = await library.runForForm(
            primary,
            JSON.stringify({ ...BASE, successMessage: "Sent.", refreshAfterRun: true }),
        );
        expect(result).toMatchObject({ kind: "ran", outcome: { kind: "succeeded" } });
        expect(page.sent.map((body) => body.record?.id)).toEqual([ROW]);
        expect(page.host.dialogs.confirm).not.toHaveBeenCalled();
        expect(primary.data.save).not.toHaveBeenCalled();
        expect(primary.data.refresh).toHaveBeenCalledWith(false);
        expect(page.alerts).toEqual([{ text: "Sent." }]);
    });

    it("saves unsaved changes first, then runs", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW, { dirty: true });
        const save = primary.data.save.getMockImplementation()!;
        primary.data.save.mockImplementation(() => {
            expect(page.fetch).not.toHaveBeenCalled();
            return save();
        });
        expect((await library.runForForm(primary, SETTINGS)).kind).toBe("ran");
        expect(primary.data.save).toHaveBeenCalledTimes(1);
        expect(page.fetch).toHaveBeenCalledTimes(1);
    });

    it("runs nothing when the save fails", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW, { dirty: true, saveFails: true });
        expect(await library.runForForm(primary, SETTINGS)).toEqual({ kind: "saveFailed" });
        expect(page.fetch).not.toHaveBeenCalled();
        expect(primary.data.refresh).not.toHaveBeenCalled();
        expect(page.alerts).toEqual([
            {
                text: "The record could not be saved, so the flow was not run. Fix the problems on the form and try again.",
            },
        ]);
    });

    it("asks for the maker's confirmation when set, and a cancel sends nothing", async () => {
        const page = fakeHost({ confirm: false });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW, { dirty: true });
        const settings = JSON.stringify({ ...BASE, confirmationText: "Send this account?" });
        expect(await library.runForForm(primary, settings)).toEqual({ kind: "cancelled" });
        expect(page.events).toEqual(["getToken", "confirm: Send this account?"]);
        expect(primary.data.save).not.toHaveBeenCalled();
        expect(page.fetch).not.toHaveBeenCalled();
    });

    it("shows a failure with its reference and does not refresh", async () => {
        const page = fakeHost({ failing: [ROW] });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW);
        expect(await library.runForForm(primary, SETTINGS)).toMatchObject({ outcome: { kind: "failed" } });
        expect(primary.data.refresh).not.toHaveBeenCalled();
        expect(page.alerts[0].text).toContain(page.sent[0].correlationId);
    });

    it("asks to save a new record first", async () => {
        const { host, alerts, getToken } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        expect(await library.runForForm(form(""), SETTINGS)).toEqual({
            kind: "refused",
            reason: { key: "Error_Payload_RecordNotSaved" },
        });
        expect(alerts).toEqual([{ text: "Save the record first, then run the flow." }]);
        expect(getToken).not.toHaveBeenCalled();
    });

    it("names a missing form and bad settings", async () => {
        const { host, alerts } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        expect((await library.runForForm(undefined, "{oops")).kind).toBe("misconfigured");
        expect(alerts[0].text.split("\n").map((line) => line.split(":")[0])).toEqual([
            "PrimaryControl",
            "settingsJson",
        ]);
    });
});

describe("runForForm: the control's unsavedChanges and refreshAfterRun", () => {
    it("a save an OnSave handler cancelled (resolved, form still dirty) runs nothing", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW, { dirty: true, saveCancelled: true });
        expect(await library.runForForm(primary, SETTINGS)).toEqual({ kind: "saveFailed" });
        expect(primary.data.save).toHaveBeenCalledTimes(1);
        expect(page.fetch).not.toHaveBeenCalled();
        expect(primary.data.refresh).not.toHaveBeenCalled();
    });

    it("Block: a dirty form is refused with the control's message, unsaved and unsent", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW, { dirty: true });
        const result = await library.runForForm(primary, JSON.stringify({ ...BASE, unsavedChanges: "Block" }));
        expect(result).toEqual({ kind: "refused", reason: { key: "Error_Form_SaveFirst" } });
        expect(primary.data.save).not.toHaveBeenCalled();
        expect(page.fetch).not.toHaveBeenCalled();
        expect(page.alerts).toEqual([{ text: "Save the record first: this flow runs only on saved values." }]);
    });

    it("RunWithSavedValues: no save, the run gets the saved values and the user is told", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW, { dirty: true });
        const settings = JSON.stringify({ ...BASE, unsavedChanges: "RunWithSavedValues", successMessage: "Sent." });
        expect((await library.runForForm(primary, settings)).kind).toBe("ran");
        expect(primary.data.save).not.toHaveBeenCalled();
        expect(page.fetch).toHaveBeenCalledTimes(1);
        expect(page.alerts).toEqual([
            { text: "Sent.\nYour unsaved changes were not sent: the flow got the values last saved." },
        ]);
    });

    it("refreshAfterRun No (the control's default): the form is not reloaded after a run", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW);
        expect(await library.runForForm(primary, SETTINGS)).toMatchObject({ outcome: { kind: "succeeded" } });
        expect(primary.data.refresh).not.toHaveBeenCalled();
    });

    it("refreshAfterRun No: nor is the grid", async () => {
        const page = fakeHost();
        const grid = gridControl();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        expect((await library.runForRows(grid, ids(2), "account", SETTINGS)).kind).toBe("finished");
        expect(grid.refresh).not.toHaveBeenCalled();
    });
});

describe("one run per command and page", () => {
    it("a second click on a form command while it runs is ignored: one POST", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const primary = form(ROW);
        const first = library.runForForm(primary, SETTINGS);
        const second = library.runForForm(primary, SETTINGS);
        expect(await second).toEqual({ kind: "ignored" });
        expect(await first).toMatchObject({ kind: "ran" });
        expect(page.fetch).toHaveBeenCalledTimes(1);
        expect(page.getToken).toHaveBeenCalledTimes(1);
        // Once it has ended, the command runs again.
        expect(await library.runForForm(primary, SETTINGS)).toMatchObject({ kind: "ran" });
        expect(page.fetch).toHaveBeenCalledTimes(2);
    });

    it("a second click on a grid command while its rows run is ignored: one set of row runs", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const rows = ids(3);
        const first = library.runForRows(gridControl(), rows, "account", SETTINGS);
        expect(await library.runForRows(gridControl(), rows, "account", SETTINGS)).toEqual({ kind: "ignored" });
        expect(await first).toMatchObject({ kind: "finished", summary: { total: 3 } });
        expect(page.fetch).toHaveBeenCalledTimes(3);
        expect(page.events.filter((event) => event.startsWith("confirm")).length).toBe(1);
    });

    it("another command (other settings) is not held up", async () => {
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const first = library.runForForm(form(ROW), SETTINGS);
        const other = library.runForForm(form(ROW), JSON.stringify({ ...BASE, successMessage: "Other." }));
        expect(await other).toMatchObject({ kind: "ran" });
        expect(await first).toMatchObject({ kind: "ran" });
        expect(page.fetch).toHaveBeenCalledTimes(2);
    });

    it("a call that throws (no platform) does not hold the command", async () => {
        const current: { host?: CommandHost } = {};
        const page = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => current.host });
        await expect(library.runForForm(form(ROW), SETTINGS)).rejects.toThrow(/model-driven app/);
        current.host = page.host;
        expect(await library.runForForm(form(ROW), SETTINGS)).toMatchObject({ kind: "ran" });
    });
});

describe("settingsJson naming an environment variable", () => {
    const VARIABLE = "ftc_ApprovalCommandSettings";

    function withVariable(page: ReturnType<typeof fakeHost>, value: string | undefined) {
        const lookUp = jest.fn(() =>
            Promise.resolve({
                entities:
                    value === undefined
                        ? []
                        : [
                              {
                                  schemaname: VARIABLE,
                                  defaultvalue: null,
                                  environmentvariabledefinition_environmentvariablevalue: [{ value }],
                              },
                          ],
            }),
        );
        (page.host.services.environmentVariables as { retrieveMultipleRecords: unknown }).retrieveMultipleRecords =
            lookUp;
        return lookUp;
    }

    it("reads the settings from the variable once per page, then runs as with the JSON itself", async () => {
        const page = fakeHost();
        const lookUp = withVariable(page, JSON.stringify({ ...BASE, successMessage: "From the variable." }));
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        expect(await library.runForForm(form(ROW), VARIABLE)).toMatchObject({ kind: "ran" });
        expect(page.alerts).toEqual([{ text: "From the variable." }]);
        expect(await library.runForForm(form(ROW), VARIABLE)).toMatchObject({ kind: "ran" });
        expect(lookUp).toHaveBeenCalledTimes(1);
        expect(page.fetch).toHaveBeenCalledTimes(2);
    });

    it("a missing variable is named, and nothing is sent", async () => {
        const page = fakeHost();
        withVariable(page, undefined);
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const result = await library.runForRows(gridControl(), ids(1), "account", VARIABLE);
        expect(result).toEqual({
            kind: "misconfigured",
            problems: [{ property: "settingsJson", reason: { key: "Error_EnvVar_NotFound", args: [VARIABLE] } }],
        });
        expect(page.getToken).not.toHaveBeenCalled();
        expect(page.fetch).not.toHaveBeenCalled();
    });

    it("a variable whose value is not JSON is named in the problem", async () => {
        const page = fakeHost();
        withVariable(page, "{oops");
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const result = await library.runForForm(form(ROW), VARIABLE);
        expect(result).toMatchObject({
            kind: "misconfigured",
            problems: [{ property: `settingsJson (${VARIABLE})` }],
        });
    });
});

describe("the environment's own tenant when settingsJson names no tenantId", () => {
    const ORG_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const NO_TENANT = JSON.stringify({ flowUrl: FLOW_URL, clientId: CLIENT_ID });
    const organizationAnswering = (detail: Record<string, unknown>) => () =>
        Promise.resolve(Response.json({ Detail: { EnvironmentId: `Default-${ORG_TENANT}`, ...detail } }));

    it("signs in to the tenant RetrieveCurrentOrganization names, and runs", async () => {
        const page = fakeHost({ organization: organizationAnswering({ TenantId: ORG_TENANT.toUpperCase() }) });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        expect(await library.runForRows(gridControl(), ids(2), "account", NO_TENANT)).toMatchObject({
            kind: "finished",
            summary: { succeeded: 2 },
        });
        expect(page.entras.map((entra) => entra.tenantId)).toEqual([ORG_TENANT]);
        expect(page.entras[0].authority).toBe(`https://login.microsoftonline.com/${ORG_TENANT}`);
        expect(page.organizationCalls).toHaveLength(1);
        expect(page.sent).toHaveLength(2);
    });

    it("a tenantId in the settings wins, and is not looked up", async () => {
        const page = fakeHost({ organization: organizationAnswering({ TenantId: ORG_TENANT }) });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        expect(await library.runForForm(form(ROW), JSON.stringify(BASE))).toMatchObject({ kind: "ran" });
        expect(page.organizationCalls).toEqual([]);
        expect(await library.runForForm(form(ROW), NO_TENANT)).toMatchObject({ kind: "ran" });
        expect(page.entras.map((entra) => entra.tenantId)).toEqual([TENANT_ID, ORG_TENANT]);
        expect(page.organizationCalls).toHaveLength(1);
    });

    it("asks once per page: every later click and command reuses the answer", async () => {
        let answer: (response: Response) => void = () => undefined;
        const page = fakeHost({
            organization: () => new Promise<Response>((resolve) => (answer = resolve)),
        });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        // Two commands clicked while the lookup is still out: one request.
        const rows = library.runForRows(gridControl(), ids(1), "account", NO_TENANT);
        const onForm = library.runForForm(form(ROW), NO_TENANT);
        expect(page.organizationCalls).toHaveLength(1);
        answer(Response.json({ Detail: { TenantId: ORG_TENANT } }));
        expect(await rows).toMatchObject({ kind: "finished" });
        expect(await onForm).toMatchObject({ kind: "ran" });
        // A later click reaches the token request synchronously, as with a tenantId in the settings.
        const later = library.runForForm(form(ROW), NO_TENANT);
        expect(page.getToken).toHaveBeenCalledTimes(3);
        expect(await later).toMatchObject({ kind: "ran" });
        expect(page.organizationCalls).toHaveLength(1);
        // A Shared Access Signature command needs no tenant: nothing more is asked.
        const sas = JSON.stringify({
            flowUrl: `${FLOW_URL}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abc`,
            authMode: "SharedAccessSignature",
        });
        expect(await library.runForForm(form(ROW), sas)).toMatchObject({ kind: "ran" });
        expect(page.organizationCalls).toHaveLength(1);
    });

    it.each<[string, () => Promise<Response>]>([
        ["an answer without TenantId", organizationAnswering({})],
        ["a TenantId that is not a GUID", organizationAnswering({ TenantId: "contoso.onmicrosoft.com" })],
        ["an error answer", () => Promise.resolve(new Response('{"error":{"code":"0x80040220"}}', { status: 403 }))],
        ["a network fault", () => Promise.reject(new TypeError("Failed to fetch"))],
    ])("%s: one clear alert that names tenantId, nothing sent, and no second lookup", async (_name, organization) => {
        const page = fakeHost({ organization });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        for (let click = 0; click < 2; click++) {
            const result = await library.runForRows(gridControl(), ids(1), "account", NO_TENANT);
            expect(result).toEqual({
                kind: "misconfigured",
                problems: [{ property: "tenantId", reason: { key: "Error_Config_TenantUnknown" } }],
            });
        }
        expect(page.alerts).toHaveLength(2);
        expect(page.alerts[0].text).toContain("tenantId: ");
        expect(page.alerts[0].text).toContain("tenantId");
        expect(page.getToken).not.toHaveBeenCalled();
        expect(page.sent).toEqual([]);
        expect(page.organizationCalls).toHaveLength(1);
    });
});

describe("a trigger URL of another environment", () => {
    // An environment host names its environment: the id without dashes, its last two characters after a dot.
    const ENVIRONMENT = "0123456789abcdef0123456789abcdef";
    const OTHER = "fedcba9876543210fedcba9876543210";
    const hostOf = (id: string) => `${id.slice(0, 30)}.${id.slice(30)}.environment.api.powerplatform.com`;
    const settingsFor = (id: string) =>
        JSON.stringify({
            ...BASE,
            flowUrl: `https://${hostOf(id)}/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1`,
        });
    const environment = () =>
        Promise.resolve(
            Response.json({ Detail: { EnvironmentId: "01234567-89ab-cdef-0123-456789abcdef", TenantId: TENANT_ID } }),
        );

    it("is refused on every row before anything is sent, as on the control; asked once per page", async () => {
        const page = fakeHost({ organization: environment });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const result = await library.runForRows(gridControl(), ids(2), "account", settingsFor(OTHER));
        expect(result).toMatchObject({ kind: "finished", summary: { succeeded: 0, failed: 2 } });
        expect(page.sent).toEqual([]);
        expect(page.alerts[0].text).toContain(hostOf(OTHER));
        expect(await library.runForForm(form(ROW), settingsFor(OTHER))).toMatchObject({
            kind: "ran",
            outcome: { kind: "failed", error: { key: "Error_Url_OtherEnvironment" } },
        });
        expect(page.sent).toEqual([]);
        expect(page.organizationCalls).toHaveLength(1);
    });

    it("this environment's own trigger URL runs", async () => {
        const page = fakeHost({ organization: environment });
        const library = createCommandLibrary({ strings: strings(), host: () => page.host });
        const result = await library.runForRows(gridControl(), ids(2), "account", settingsFor(ENVIRONMENT));
        expect(result).toMatchObject({ kind: "finished", summary: { succeeded: 2 } });
        expect(page.sent).toHaveLength(2);
    });
});
