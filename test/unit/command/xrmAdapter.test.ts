/** @jest-environment node */
import {
    asFormContext,
    asGridControl,
    readCaller,
    readXrm,
    userLanguageId,
    lookUpSignedInUser,
    xrmDialogs,
    xrmEnvironmentVariables,
    xrmRecordSources,
    xrmServices,
    type XrmApi,
} from "../../../FlowTriggerControl/command/xrmAdapter";
import type { EntraSettings } from "../../../FlowTriggerControl/auth/entraSettings";

function fakeXrm(overrides: { confirmed?: unknown; confirmRejects?: boolean; userSettings?: object } = {}) {
    const calls: unknown[][] = [];
    const record =
        (name: string, result: unknown = undefined) =>
        (...args: unknown[]) => {
            calls.push([name, ...args]);
            return result;
        };
    const xrm = {
        Navigation: {
            openConfirmDialog: (...args: unknown[]) => {
                calls.push(["openConfirmDialog", ...args]);
                return overrides.confirmRejects
                    ? Promise.reject(new Error("no dialog"))
                    : Promise.resolve({ confirmed: overrides.confirmed });
            },
            openAlertDialog: (...args: unknown[]) => {
                calls.push(["openAlertDialog", ...args]);
                return Promise.reject(new Error("closed badly"));
            },
        },
        Utility: {
            showProgressIndicator: record("showProgressIndicator"),
            closeProgressIndicator: () => {
                throw new Error("nothing to close");
            },
            getGlobalContext: () => ({
                userSettings: overrides.userSettings ?? {
                    languageId: 1031,
                    userId: "{B05EC7CE-5D51-DF11-97E0-00155DB232D0}",
                    userName: "Adele Vance",
                    getTimeZoneOffsetMinutes: () => 60,
                },
            }),
            getEntityMetadata: record("getEntityMetadata", Promise.resolve({ LogicalName: "account" })),
        },
        WebApi: {
            retrieveRecord: record("retrieveRecord", Promise.resolve({ name: "Contoso" })),
            retrieveMultipleRecords: record("retrieveMultipleRecords", Promise.resolve({ entities: [] })),
        },
    };
    return { xrm, calls };
}

describe("readXrm", () => {
    it("finds a complete Xrm and refuses a partial one", () => {
        const { xrm } = fakeXrm();
        expect(readXrm({ Xrm: xrm })).toBe(xrm);
        expect(readXrm({})).toBeUndefined();
        expect(readXrm(undefined)).toBeUndefined();
        expect(readXrm({ Xrm: { ...xrm, WebApi: {} } })).toBeUndefined();
        expect(readXrm({ Xrm: { ...xrm, Navigation: { openAlertDialog: () => undefined } } })).toBeUndefined();
    });
});

describe("command parameters", () => {
    it("recognises a grid by its refresh()", () => {
        const grid = { refresh: () => undefined };
        expect(asGridControl(grid)).toBe(grid);
        expect(asGridControl({})).toBeUndefined();
        expect(asGridControl("SelectedControl")).toBeUndefined();
    });

    it("recognises a form context by its data API", () => {
        const form = {
            data: {
                entity: { getId: () => "", getEntityName: () => "account", getIsDirty: () => false },
                save: () => Promise.resolve(),
                refresh: () => Promise.resolve(),
            },
        };
        expect(asFormContext(form)).toBe(form);
        expect(asFormContext({ data: { entity: {} } })).toBeUndefined();
        expect(asFormContext(null)).toBeUndefined();
    });
});

describe("xrmDialogs", () => {
    it("passes the documented confirm strings and reads {confirmed}", async () => {
        const { xrm, calls } = fakeXrm({ confirmed: true });
        expect(await xrmDialogs(xrm as unknown as XrmApi).confirm("Run 3?", "Confirm", "Run", "Cancel")).toBe(true);
        expect(calls).toEqual([
            [
                "openConfirmDialog",
                { text: "Run 3?", title: "Confirm", confirmButtonLabel: "Run", cancelButtonLabel: "Cancel" },
            ],
        ]);
    });

    it("counts a cancelled, closed or failed confirmation as no", async () => {
        for (const options of [{ confirmed: false }, { confirmed: undefined }, { confirmRejects: true }]) {
            const { xrm } = fakeXrm(options);
            expect(await xrmDialogs(xrm as unknown as XrmApi).confirm("Run?")).toBe(false);
        }
    });

    it("never throws from alert or progress", async () => {
        const { xrm, calls } = fakeXrm();
        const dialogs = xrmDialogs(xrm as unknown as XrmApi);
        await expect(dialogs.alert("text", "title")).resolves.toBeUndefined();
        dialogs.showProgress("Running flow: 1 of 2");
        expect(() => dialogs.closeProgress()).not.toThrow();
        expect(calls).toEqual([
            ["openAlertDialog", { text: "text", title: "title" }],
            ["showProgressIndicator", "Running flow: 1 of 2"],
        ]);
    });
});

describe("user settings", () => {
    it("reads the caller and language, normalising the id", () => {
        const { xrm } = fakeXrm();
        expect(readCaller(xrm as unknown as XrmApi)).toEqual({
            userId: "b05ec7ce-5d51-df11-97e0-00155db232d0",
            name: "Adele Vance",
            languageId: 1031,
        });
        expect(userLanguageId(xrm as unknown as XrmApi)).toBe(1031);
    });

    it("falls back to English and empty values when the settings are missing", () => {
        const { xrm } = fakeXrm({ userSettings: {} });
        expect(readCaller(xrm as unknown as XrmApi)).toEqual({ userId: "", name: "", languageId: 1033 });
        expect(userLanguageId(xrm as unknown as XrmApi)).toBeUndefined();
    });

    it("gives the record reader Xrm's Web API and metadata, and the offsets of the user's time zone", async () => {
        const { xrm, calls } = fakeXrm();
        const prepared: Date[] = [];
        const timeZone = {
            prepare: (instants: readonly Date[]) => {
                prepared.push(...instants);
                return Promise.resolve();
            },
            offsetMinutes: () => 120,
        };
        const sources = xrmRecordSources(xrm as unknown as XrmApi, timeZone);
        await expect(sources.records.retrieveRecord("account", "id", "?$select=name")).resolves.toEqual({
            name: "Contoso",
        });
        await expect(sources.metadata.getEntityMetadata("account", ["name"])).resolves.toEqual({
            LogicalName: "account",
        });
        // Not Xrm's getTimeZoneOffsetMinutes() (60, today's): the instant's own offset.
        await sources.prepareTimeZoneOffsets?.([new Date("2026-07-14T22:00:00Z")]);
        expect(prepared).toEqual([new Date("2026-07-14T22:00:00Z")]);
        expect(sources.userTimeZoneOffsetMinutes?.(new Date("2026-07-14T22:00:00Z"))).toBe(120);
        expect(calls).toEqual([
            ["retrieveRecord", "account", "id", "?$select=name"],
            ["getEntityMetadata", "account", ["name"]],
        ]);
    });
});

describe("xrmServices", () => {
    const entra = (clientId: string) =>
        ({
            clientId,
            tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
            authority: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47",
            scope: "https://service.flow.microsoft.com//.default",
            redirectUri: "https://contoso.crm4.dynamics.com/signin.html",
        }) as unknown as EntraSettings;
    const page = () =>
        ({
            fetch: jest.fn(() => Promise.resolve(new Response("{}"))),
            addEventListener: jest.fn(),
            removeEventListener: jest.fn(),
        }) as unknown as Window;

    it("keeps one token provider per user and Entra settings for the page, so a second click reuses the sign-in", () => {
        const { xrm } = fakeXrm();
        const first = xrmServices(xrm as unknown as XrmApi, page());
        const second = xrmServices(xrm as unknown as XrmApi, page());
        const a = first.tokenProviderFor(entra("11111111-2222-4333-8444-555555555555"));
        expect(second.tokenProviderFor(entra("11111111-2222-4333-8444-555555555555"))).toBe(a);
        expect(first.tokenProviderFor(entra("99999999-2222-4333-8444-555555555555"))).not.toBe(a);
    });

    it("reads the caller from the user settings and aborts on pagehide until told to stop", () => {
        const { xrm } = fakeXrm();
        const window = page();
        const services = xrmServices(xrm as unknown as XrmApi, window);
        expect(services.caller).toEqual({
            userId: "b05ec7ce-5d51-df11-97e0-00155db232d0",
            name: "Adele Vance",
            languageId: 1031,
        });
        const abort = jest.fn();
        const stop = services.onPageHide?.(abort);
        expect(window.addEventListener).toHaveBeenCalledWith("pagehide", abort);
        stop?.();
        expect(window.removeEventListener).toHaveBeenCalledWith("pagehide", abort);
    });

    it("looks environment variables up through Xrm.WebApi.retrieveMultipleRecords as is", async () => {
        const { xrm, calls } = fakeXrm();
        await xrmEnvironmentVariables(xrm as unknown as XrmApi).retrieveMultipleRecords(
            "environmentvariabledefinition",
            "?x",
            5,
        );
        expect(calls).toContainEqual(["retrieveMultipleRecords", "environmentvariabledefinition", "?x", 5]);
    });

    it("reads the signed-in user's UPN and object id from their systemuser row, and nothing on failure", async () => {
        const { xrm } = fakeXrm();
        xrm.WebApi.retrieveRecord = () =>
            Promise.resolve({
                domainname: "adele@contoso.test",
                azureactivedirectoryobjectid: "3B8C2A6E-4F1D-4E9A-B7C5-0D2E1F3A4B51",
            });
        await expect(
            lookUpSignedInUser(xrm as unknown as XrmApi, "b05ec7ce-5d51-df11-97e0-00155db232d0"),
        ).resolves.toEqual({
            loginHint: "adele@contoso.test",
            objectId: "3b8c2a6e-4f1d-4e9a-b7c5-0d2e1f3a4b51",
        });
        xrm.WebApi.retrieveRecord = () => Promise.reject(new Error("no privilege"));
        await expect(
            lookUpSignedInUser(xrm as unknown as XrmApi, "b05ec7ce-5d51-df11-97e0-00155db232d0"),
        ).resolves.toEqual({});
        await expect(lookUpSignedInUser(xrm as unknown as XrmApi, "")).resolves.toEqual({});
    });
});
