/** @jest-environment node */
import { createCommandLibrary, type CommandHost } from "../../../FlowTriggerControl/command/commandLibrary";
import type { StringTable } from "../../../FlowTriggerControl/command/commandStrings";
import pending from "../../../FlowTriggerControl/command/newStrings.json";
import { loadResx } from "../../support/resx";

const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const FLOW_URL =
    "https://prod-12.westeurope.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01";
const SETTINGS = JSON.stringify({ flowUrl: FLOW_URL, clientId: CLIENT_ID, tenantId: TENANT_ID, maxRows: 3 });
const ROW = "b05ec7ce-5d51-df11-97e0-00155db232d0";
const ids = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => `{0000000${i}-0000-4000-8000-000000000000}`.toUpperCase());

function strings(): StringTable {
    const result: Record<string, Record<string, string>> = {};
    for (const lcid of ["1033", "1031", "1036"]) {
        const texts = Object.fromEntries(loadResx(Number(lcid)));
        for (const [key, value] of Object.entries(pending as Record<string, Record<string, string>>)) {
            texts[key] ??= value[lcid];
        }
        result[lcid] = texts;
    }
    return result;
}

function fakeHost(languageId = 1033) {
    const alerts: { text: string; title?: string }[] = [];
    const confirm = jest.fn(() => Promise.resolve(true));
    const host: CommandHost = {
        languageId,
        hostDefaults: { origin: "https://contoso.crm4.dynamics.com", publisherPrefix: "ftc" },
        dialogs: {
            alert: (text, title) => {
                alerts.push(title === undefined ? { text } : { text, title });
                return Promise.resolve();
            },
            confirm,
            showProgress: jest.fn(),
            closeProgress: jest.fn(),
        },
    };
    return { host, alerts, confirm };
}

const grid = { refresh: jest.fn() };
function form(id: string, dirty = false) {
    return {
        data: {
            entity: { getId: () => id, getEntityName: () => "account", getIsDirty: () => dirty },
            save: jest.fn(() => Promise.resolve()),
            refresh: jest.fn(() => Promise.resolve()),
        },
    };
}

describe("runForRows (phase A: checks, nothing sent)", () => {
    it("accepts the platform's parameters and normalises the selection", async () => {
        const { host, alerts, confirm } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        const result = await library.runForRows(grid, ids(3), "Account", SETTINGS);
        expect(result).toMatchObject({
            kind: "ready",
            table: "account",
            rowIds: ids(3).map((id) => id.slice(1, -1).toLowerCase()),
            grid,
        });
        expect(alerts).toEqual([]);
        expect(confirm).not.toHaveBeenCalled();
    });

    it("names each wrong parameter and settings key in one alert", async () => {
        const { host, alerts } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        const result = await library.runForRows({}, "not a list", "", JSON.stringify({ clientId: "x", maxRow: 5 }));
        expect(result.kind).toBe("misconfigured");
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
        const { host, alerts } = fakeHost(1036);
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        await library.runForRows(grid, ids(1), "account", "[]");
        expect(alerts[0]).toEqual({
            title: "La commande n’est pas configurée correctement",
            text: expect.stringContaining("settingsJson : Les paramètres doivent être un objet JSON") as string,
        });
    });

    it("refuses more rows than maxRows with a clear message and sends nothing", async () => {
        const { host, alerts } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        const result = await library.runForRows(grid, ids(4), "account", SETTINGS);
        expect(result).toEqual({ kind: "refused", reason: { key: "Command_Error_TooManyRows", args: ["4", "3"] } });
        expect(alerts).toEqual([
            { text: "4 rows are selected, but this command runs for at most 3. Select fewer rows. Nothing was sent." },
        ]);
    });

    it("asks for a selection when none is made", async () => {
        const { host, alerts } = fakeHost(1031);
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        expect((await library.runForRows(grid, [], "account", SETTINGS)).kind).toBe("refused");
        expect(alerts).toEqual([{ text: "Wählen Sie zuerst mindestens eine Zeile aus." }]);
    });

    it("fails loudly only when there is no platform to show a dialog", async () => {
        const library = createCommandLibrary({ strings: strings(), host: () => undefined });
        await expect(library.runForRows(grid, ids(1), "account", SETTINGS)).rejects.toThrow(/model-driven app/);
    });
});

describe("runForForm (phase A: checks, nothing sent)", () => {
    it("takes the form's record", async () => {
        const { host, alerts } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        const primary = form(`{${ROW.toUpperCase()}}`);
        expect(await library.runForForm(primary, SETTINGS)).toMatchObject({
            kind: "ready",
            table: "account",
            rowIds: [ROW],
            form: primary,
        });
        expect(alerts).toEqual([]);
    });

    it("asks to save a new record first", async () => {
        const { host, alerts } = fakeHost();
        const library = createCommandLibrary({ strings: strings(), host: () => host });
        expect(await library.runForForm(form(""), SETTINGS)).toEqual({
            kind: "refused",
            reason: { key: "Error_Payload_RecordNotSaved" },
        });
        expect(alerts).toEqual([{ text: "Save the record first, then run the flow." }]);
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
