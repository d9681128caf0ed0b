import { hostGuid } from "../../../FlowTriggerControl/contracts/guid";
import { readHostSnapshot } from "../../../FlowTriggerControl/platform/hostContext";
import { createPcfServices } from "../../../FlowTriggerControl/platform/pcfServices";
import { createMockContext, type MockContextOptions } from "../../support/mockContext";

/** A mock context with some undocumented members changed the way real hosts vary them. */
function contextWith(
    options: MockContextOptions,
    change: (context: Record<string, unknown>) => void = () => undefined,
) {
    const context = createMockContext(options);
    change(context as unknown as Record<string, unknown>);
    return context;
}

describe("readHostSnapshot", () => {
    it("reads the record, the user and the bound field as plain values", () => {
        const snapshot = readHostSnapshot(
            createMockContext({ properties: { flowUrl: "ftc_FlowUrl", buttonLabel: "Go" }, maxLength: 40 }),
        );
        expect(snapshot.record).toEqual({ tableName: "account", id: "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b" });
        expect(snapshot.user).toEqual({
            userId: "0a1b2c3d-0000-4000-8000-000000000001",
            name: "Adele Vance",
            languageId: 1033,
        });
        expect(snapshot.boundField).toEqual({ editable: true, maxLength: 40 });
        expect(snapshot.isControlDisabled).toBe(false);
        expect(snapshot.origin).toBe(window.location.origin);
        expect(snapshot.orgTenantId).toBe("72f988bf-86f1-41af-91ab-2d7cd011db47");
        expect(snapshot.raw.flowUrl).toBe("ftc_FlowUrl");
        expect(snapshot.raw.buttonLabel).toBe("Go");
        expect(snapshot.raw.clientId).toBeNull();
    });

    it("has no record while the form's record is unsaved (no id, or the empty GUID)", () => {
        expect(readHostSnapshot(createMockContext({ record: null })).record).toBeUndefined();
        const emptyGuid = createMockContext({
            record: { id: "{00000000-0000-0000-0000-000000000000}", entityTypeName: "account" },
        });
        expect(readHostSnapshot(emptyGuid).record).toBeUndefined();
    });

    it("falls back to context.page when mode.contextInfo is missing", () => {
        const context = contextWith({ record: null }, (c) => {
            (c.mode as Record<string, unknown>).contextInfo = undefined;
            c.page = { entityId: "{B05EC7CE-5D51-DF11-97E0-00155DB232D0}", entityTypeName: "contact" };
        });
        expect(readHostSnapshot(context).record).toEqual({
            tableName: "contact",
            id: "b05ec7ce-5d51-df11-97e0-00155db232d0",
        });
    });

    it("reads a read-only form, a locked bound field and a missing max length", () => {
        const context = contextWith({ isControlDisabled: true, editable: false }, (c) => {
            const bound = (c.parameters as Record<string, { attributes?: Record<string, unknown> }>).boundField;
            bound.attributes = { MaxLength: 0 };
        });
        const snapshot = readHostSnapshot(context);
        expect(snapshot.isControlDisabled).toBe(true);
        expect(snapshot.boundField).toEqual({ editable: false, maxLength: undefined });
    });

    it("has no tenant when the host gives none or a malformed one, and passes the theme tokens through", () => {
        const noTenant = contextWith({}, (c) => {
            c.orgSettings = { tenantId: "not-a-guid" };
            c.fluentDesignLanguage = { tokenTheme: { colorBrandBackground: "#0f6cbd" } };
        });
        const snapshot = readHostSnapshot(noTenant);
        expect(snapshot.orgTenantId).toBeUndefined();
        expect(snapshot.themeTokens).toEqual({ colorBrandBackground: "#0f6cbd" });
    });
});

describe("hostGuid", () => {
    it.each<[unknown, string | undefined]>([
        ["{0A1B2C3D-0000-4000-8000-000000000001}", "0a1b2c3d-0000-4000-8000-000000000001"],
        ["0a1b2c3d-0000-4000-8000-000000000001", "0a1b2c3d-0000-4000-8000-000000000001"],
        ["00000000-0000-0000-0000-000000000000", undefined],
        ["", undefined],
        [42, undefined],
        [undefined, undefined],
    ])("%p → %p", (value, expected) => {
        expect(hostGuid(value)).toBe(expected);
    });
});

describe("createPcfServices.lookUpSignedInUser", () => {
    function servicesWith(retrieveRecord: jest.Mock) {
        return createPcfServices(createMockContext({ webAPI: { retrieveRecord } }));
    }

    it("reads the UPN and object id from the systemuser row", async () => {
        const retrieveRecord = jest.fn(() =>
            Promise.resolve({
                domainname: "adele@contoso.test",
                internalemailaddress: "adele.vance@contoso.test",
                azureactivedirectoryobjectid: "{0A1B2C3D-0000-4000-8000-0000000000AA}",
            }),
        );
        await expect(
            servicesWith(retrieveRecord).lookUpSignedInUser("0a1b2c3d-0000-4000-8000-000000000001"),
        ).resolves.toEqual({
            loginHint: "adele@contoso.test",
            objectId: "0a1b2c3d-0000-4000-8000-0000000000aa",
        });
        expect(retrieveRecord).toHaveBeenCalledWith(
            "systemuser",
            "0a1b2c3d-0000-4000-8000-000000000001",
            "?$select=domainname,internalemailaddress,azureactivedirectoryobjectid",
        );
    });

    it("uses the email when the domain name is not a UPN (on-premises style)", async () => {
        const retrieveRecord = jest.fn(() =>
            Promise.resolve({ domainname: "CONTOSO\\adele", internalemailaddress: "adele@contoso.test" }),
        );
        await expect(
            servicesWith(retrieveRecord).lookUpSignedInUser("0a1b2c3d-0000-4000-8000-000000000001"),
        ).resolves.toEqual({
            loginHint: "adele@contoso.test",
            objectId: undefined,
        });
    });

    it("gives no hint when the lookup fails or there is no user id", async () => {
        const failing = jest.fn(() => Promise.reject(new Error("privilege")));
        await expect(servicesWith(failing).lookUpSignedInUser("0a1b2c3d-0000-4000-8000-000000000001")).resolves.toEqual(
            {},
        );
        await expect(servicesWith(failing).lookUpSignedInUser("")).resolves.toEqual({});
        expect(failing).toHaveBeenCalledTimes(1);
    });
});
