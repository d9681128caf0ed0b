/* eslint-disable @microsoft/power-apps/use-cached-webresource -- a redirect URI is the stable /WebResources/ address registered in Entra, not a cached script reference. */
import { parseSettings, type HostDefaults } from "../../../FlowTriggerControl/settings/settings";
import type { PropertyName, RawProperties, Settings } from "../../../FlowTriggerControl/settings/settings.types";

const HOST: HostDefaults = {
    origin: "https://contoso.crm4.dynamics.com",
    orgTenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    publisherPrefix: "ftc",
};
const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const WORKFLOW = "0123456789abcdef0123456789abcdef";
const NEW_URL = `https://0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=1`;
const LEGACY_URL = `https://prod-12.westeurope.logic.azure.com:443/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01`;
const GCC_URL = `https://default0123456789abcdef0123456789abcde.f.environment.api.gov.powerplatform.microsoft.us/powerautomate/automations/direct/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=1`;
const GOV_LEGACY_URL = `https://prod-03.usgovtexas.logic.azure.us/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01`;
const CHINA_LEGACY_URL = `https://prod-01.chinaeast2.logic.azure.cn/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01`;
const SAS_URL = `${LEGACY_URL}&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbCdEf123_-xyz`;

const VALID: RawProperties = { flowUrl: NEW_URL, clientId: CLIENT_ID, tenantId: TENANT_ID };

function parse(overrides: RawProperties, host: HostDefaults = HOST) {
    return parseSettings({ ...VALID, ...overrides }, host);
}

function settingsOf(overrides: RawProperties, host?: HostDefaults): Settings {
    const result = parse(overrides, host);
    if (!result.ok) throw new Error(`expected valid settings, got ${JSON.stringify(result.errors)}`);
    return result.settings;
}

function errorsOf(overrides: RawProperties, host?: HostDefaults) {
    const result = parse(overrides, host);
    if (result.ok) throw new Error("expected configuration errors");
    return result.errors;
}

describe("parseSettings: defaults", () => {
    it("accepts the minimal Entra configuration and fills every default", () => {
        const s = settingsOf({});
        expect(s.target).toEqual({ kind: "url", url: NEW_URL });
        expect(s.urlPolicy).toEqual({ authMode: "EntraUser", cloud: "Public", trustedHosts: [] });
        expect(s.entra).toEqual({
            clientId: CLIENT_ID,
            tenantId: TENANT_ID,
            cloud: "Public",
            authority: `https://login.microsoftonline.com/${TENANT_ID}`,
            authorityIsCustom: false,
            scope: "https://service.flow.microsoft.com//.default",
            redirectUri: "https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
        });
        expect(s.fields).toEqual({ kind: "none" });
        expect(s.button).toEqual({
            label: "",
            icon: undefined,
            appearance: "primary",
            accessibleLabel: "",
            confirmationText: "",
            successMessage: "",
        });
        expect(s.timeoutMs).toBe(130_000);
        expect(s.enableOnReadOnlyForm).toBe(false);
        expect(s.writeResponseToField).toBe(false);
        expect(s.sendTrackingHeader).toBe(false);
    });

    it("never throws, whatever the values", () => {
        const weird: RawProperties = {
            flowUrl: 42,
            authMode: {} as unknown as string,
            timeoutSeconds: "NaN",
            payloadFields: null,
        };
        expect(() => parseSettings(weird, HOST)).not.toThrow();
        expect(() => parseSettings({}, { origin: "", publisherPrefix: "" })).not.toThrow();
    });
});

type Case = [description: string, overrides: RawProperties, check: (s: Settings) => void];
type BadCase = [
    description: string,
    overrides: RawProperties,
    property: PropertyName,
    key: string,
    host?: HostDefaults,
];

const goodCases: Case[] = [
    ["flowUrl: new trigger URL", { flowUrl: NEW_URL }, (s) => expect(s.target).toEqual({ kind: "url", url: NEW_URL })],
    ["flowUrl: legacy trigger URL", { flowUrl: LEGACY_URL }, (s) => expect(s.target.kind).toBe("url")],
    [
        "flowUrl: surrounding spaces trimmed",
        { flowUrl: `  ${NEW_URL}  ` },
        (s) => expect(s.target).toEqual({ kind: "url", url: NEW_URL }),
    ],
    [
        "flowUrl: environment variable schema name",
        { flowUrl: "ftc_OrderFlowUrl" },
        (s) => expect(s.target).toEqual({ kind: "environmentVariable", schemaName: "ftc_OrderFlowUrl" }),
    ],
    ["authMode: EntraUser", { authMode: "EntraUser" }, (s) => expect(s.urlPolicy.authMode).toBe("EntraUser")],
    [
        "authMode: SharedAccessSignature needs no client id and carries no Entra settings",
        { authMode: "SharedAccessSignature", flowUrl: SAS_URL, clientId: "", tenantId: "" },
        (s) => {
            expect(s.urlPolicy.authMode).toBe("SharedAccessSignature");
            expect(s.entra).toBeUndefined();
        },
    ],
    ["authMode: case-insensitive", { authMode: "entrauser" }, (s) => expect(s.urlPolicy.authMode).toBe("EntraUser")],
    [
        "clientId: braces and upper case normalized",
        { clientId: `{${CLIENT_ID.toUpperCase()}}` },
        (s) => expect(s.entra?.clientId).toBe(CLIENT_ID),
    ],
    [
        "tenantId: empty falls back to the environment's tenant",
        { tenantId: "" },
        (s) => expect(s.entra?.tenantId).toBe(HOST.orgTenantId),
    ],
    [
        "cloud: UsGovHigh sets sign-in host and flow scope",
        { cloud: "UsGovHigh", flowUrl: GOV_LEGACY_URL },
        (s) => {
            expect(s.entra?.authority).toBe(`https://login.microsoftonline.us/${TENANT_ID}`);
            expect(s.entra?.scope).toBe("https://high.service.flow.microsoft.us//.default");
        },
    ],
    [
        "cloud: UsGov (GCC signs in on the commercial endpoint)",
        { cloud: "UsGov", flowUrl: GCC_URL },
        (s) => {
            expect(s.entra?.authority).toBe(`https://login.microsoftonline.com/${TENANT_ID}`);
            expect(s.entra?.scope).toBe("https://gov.service.flow.microsoft.us//.default");
        },
    ],
    [
        "cloud: UsGovDoD",
        { cloud: "UsGovDoD", flowUrl: GOV_LEGACY_URL },
        (s) => expect(s.entra?.scope).toBe("https://service.flow.appsplatform.us//.default"),
    ],
    [
        "cloud: China",
        { cloud: "China", flowUrl: CHINA_LEGACY_URL },
        (s) => {
            expect(s.entra?.authority).toBe(`https://login.partner.microsoftonline.cn/${TENANT_ID}`);
            expect(s.entra?.scope).toBe("https://service.powerautomate.cn//.default");
        },
    ],
    [
        "authority: Microsoft host override is not custom",
        { authority: "https://login.microsoftonline.com/" },
        (s) => {
            expect(s.entra?.authority).toBe(`https://login.microsoftonline.com/${TENANT_ID}`);
            expect(s.entra?.authorityIsCustom).toBe(false);
        },
    ],
    [
        "authority: another host is a custom (known) authority",
        { authority: "https://127.0.0.1:8443" },
        (s) => {
            expect(s.entra?.authority).toBe(`https://127.0.0.1:8443/${TENANT_ID}`);
            expect(s.entra?.authorityIsCustom).toBe(true);
        },
    ],
    [
        "redirectUri: same-origin page",
        { redirectUri: "https://contoso.crm4.dynamics.com/WebResources/new_/signin.html" },
        (s) => expect(s.entra?.redirectUri).toBe("https://contoso.crm4.dynamics.com/WebResources/new_/signin.html"),
    ],
    ["payloadFields: empty sends no columns", { payloadFields: "" }, (s) => expect(s.fields).toEqual({ kind: "none" })],
    ["payloadFields: *", { payloadFields: " * " }, (s) => expect(s.fields).toEqual({ kind: "all" })],
    [
        "payloadFields: list, trimmed, lower-cased, de-duplicated",
        { payloadFields: "name, Telephone1,primarycontactid,name" },
        (s) => expect(s.fields).toEqual({ kind: "list", names: ["name", "telephone1", "primarycontactid"] }),
    ],
    [
        "trustedHosts: loopback with port",
        { trustedHosts: "127.0.0.1:7071" },
        (s) => expect(s.urlPolicy.trustedHosts).toEqual([{ hostname: "127.0.0.1", port: 7071, allowHttp: true }]),
    ],
    ["buttonLabel", { buttonLabel: " Send to ERP " }, (s) => expect(s.button.label).toBe("Send to ERP")],
    ["buttonIcon", { buttonIcon: "Send" }, (s) => expect(s.button.icon).toBe("Send")],
    ["buttonAppearance: default", { buttonAppearance: "default" }, (s) => expect(s.button.appearance).toBe("default")],
    ["accessibleLabel", { accessibleLabel: "Send order" }, (s) => expect(s.button.accessibleLabel).toBe("Send order")],
    ["confirmationText", { confirmationText: "Send it?" }, (s) => expect(s.button.confirmationText).toBe("Send it?")],
    ["successMessage", { successMessage: "Sent." }, (s) => expect(s.button.successMessage).toBe("Sent.")],
    ["timeoutSeconds: number", { timeoutSeconds: 30 }, (s) => expect(s.timeoutMs).toBe(30_000)],
    ["timeoutSeconds: lower bound", { timeoutSeconds: 5 }, (s) => expect(s.timeoutMs).toBe(5_000)],
    ["timeoutSeconds: upper bound", { timeoutSeconds: 600 }, (s) => expect(s.timeoutMs).toBe(600_000)],
    ["timeoutSeconds: numeric text", { timeoutSeconds: "45" }, (s) => expect(s.timeoutMs).toBe(45_000)],
    ["enableOnReadOnlyForm: true", { enableOnReadOnlyForm: true }, (s) => expect(s.enableOnReadOnlyForm).toBe(true)],
    [
        "writeResponseToField: 'true'",
        { writeResponseToField: "true" },
        (s) => expect(s.writeResponseToField).toBe(true),
    ],
    ["sendTrackingHeader: true", { sendTrackingHeader: true }, (s) => expect(s.sendTrackingHeader).toBe(true)],
    ["sendTrackingHeader: false", { sendTrackingHeader: false }, (s) => expect(s.sendTrackingHeader).toBe(false)],
];

const badCases: BadCase[] = [
    ["flowUrl: missing", { flowUrl: "" }, "flowUrl", "Error_Config_Required"],
    [
        "flowUrl: neither URL nor variable name",
        { flowUrl: "run my flow" },
        "flowUrl",
        "Error_Config_FlowUrlNotUrlOrVariable",
    ],
    ["flowUrl: http", { flowUrl: NEW_URL.replace("https:", "http:") }, "flowUrl", "Error_Url_NotHttps"],
    [
        "flowUrl: unknown host",
        { flowUrl: `https://flows.example.com/workflows/${WORKFLOW}/triggers/manual/paths/invoke` },
        "flowUrl",
        "Error_Url_UnknownHost",
    ],
    ["flowUrl: sig= in EntraUser mode", { flowUrl: SAS_URL }, "flowUrl", "Error_Url_HasSignatureInEntraMode"],
    [
        "flowUrl: no sig= in SharedAccessSignature mode",
        { authMode: "SharedAccessSignature", flowUrl: LEGACY_URL },
        "flowUrl",
        "Error_Url_MissingSignature",
    ],
    [
        "flowUrl: user info",
        { flowUrl: NEW_URL.replace("https://", "https://user@") },
        "flowUrl",
        "Error_Url_HasCredentials",
    ],
    ["authMode: unknown", { authMode: "Basic" }, "authMode", "Error_Config_UnknownOption"],
    ["clientId: missing in Entra mode", { clientId: "" }, "clientId", "Error_Config_RequiredForEntra"],
    ["clientId: not a GUID", { clientId: "my-app" }, "clientId", "Error_Config_NotGuid"],
    ["tenantId: not a GUID", { tenantId: "contoso.onmicrosoft.com" }, "tenantId", "Error_Config_NotGuid"],
    [
        "tenantId: empty and the host doesn't know it",
        { tenantId: "" },
        "tenantId",
        "Error_Config_TenantUnknown",
        { ...HOST, orgTenantId: undefined },
    ],
    ["cloud: unknown", { cloud: "Mars" }, "cloud", "Error_Config_UnknownOption"],
    ["cloud: the trigger URL belongs to another cloud", { cloud: "UsGovHigh" }, "flowUrl", "Error_Url_OtherCloud"],
    ["authority: not a URL", { authority: "login.microsoftonline.com" }, "authority", "Error_Config_NotUrl"],
    [
        "authority: http",
        { authority: "http://login.microsoftonline.com" },
        "authority",
        "Error_Config_AuthorityNotHttps",
    ],
    [
        "authority: query",
        { authority: "https://login.microsoftonline.com/?x=1" },
        "authority",
        "Error_Config_AuthorityExtraParts",
    ],
    [
        "authority: user info",
        { authority: "https://me@login.microsoftonline.com" },
        "authority",
        "Error_Config_AuthorityExtraParts",
    ],
    ["redirectUri: not a URL", { redirectUri: "/WebResources/x.html" }, "redirectUri", "Error_Config_NotUrl"],
    [
        "redirectUri: another origin",
        { redirectUri: "https://evil.example.com/x.html" },
        "redirectUri",
        "Error_Config_RedirectOtherOrigin",
    ],
    [
        "redirectUri: fragment",
        { redirectUri: "https://contoso.crm4.dynamics.com/x.html#a" },
        "redirectUri",
        "Error_Config_RedirectHasFragment",
    ],
    [
        "payloadFields: empty item",
        { payloadFields: "name,,telephone1" },
        "payloadFields",
        "Error_Config_FieldListEmptyItem",
    ],
    ["payloadFields: trailing comma", { payloadFields: "name," }, "payloadFields", "Error_Config_FieldListEmptyItem"],
    [
        "payloadFields: * mixed with names",
        { payloadFields: "*,name" },
        "payloadFields",
        "Error_Config_FieldListStarMixed",
    ],
    [
        "payloadFields: display name instead of logical name",
        { payloadFields: "Account Name" },
        "payloadFields",
        "Error_Config_FieldListBadName",
    ],
    [
        "payloadFields: OData injection",
        { payloadFields: "name&$expand=x" },
        "payloadFields",
        "Error_Config_FieldListBadName",
    ],
    [
        "trustedHosts: URL instead of host",
        { trustedHosts: "https://flows.contoso.com/" },
        "trustedHosts",
        "Error_TrustedHosts_HasScheme",
    ],
    ["buttonLabel: too long", { buttonLabel: "x".repeat(101) }, "buttonLabel", "Error_Config_TooLong"],
    ["buttonIcon: not an icon name", { buttonIcon: "<svg>" }, "buttonIcon", "Error_Config_BadIconName"],
    ["buttonAppearance: unknown", { buttonAppearance: "danger" }, "buttonAppearance", "Error_Config_UnknownOption"],
    ["accessibleLabel: too long", { accessibleLabel: "x".repeat(101) }, "accessibleLabel", "Error_Config_TooLong"],
    ["confirmationText: too long", { confirmationText: "x".repeat(1001) }, "confirmationText", "Error_Config_TooLong"],
    ["successMessage: too long", { successMessage: "x".repeat(501) }, "successMessage", "Error_Config_TooLong"],
    ["timeoutSeconds: below range", { timeoutSeconds: 4 }, "timeoutSeconds", "Error_Config_TimeoutRange"],
    ["timeoutSeconds: above range", { timeoutSeconds: 601 }, "timeoutSeconds", "Error_Config_TimeoutRange"],
    ["timeoutSeconds: fraction", { timeoutSeconds: 10.5 }, "timeoutSeconds", "Error_Config_TimeoutRange"],
    ["timeoutSeconds: text", { timeoutSeconds: "soon" }, "timeoutSeconds", "Error_Config_TimeoutRange"],
];

describe("parseSettings: good values", () => {
    it.each(goodCases)("%s", (_description, overrides, check) => {
        check(settingsOf(overrides));
    });
});

describe("parseSettings: bad values name the property and a localized reason", () => {
    // A rest parameter keeps jest from reading a fifth argument as a `done` callback.
    it.each(badCases)("%s", (...[, overrides, property, key, host]: BadCase) => {
        const errors = errorsOf(overrides, host);
        expect(errors.filter((e) => e.property === property).map((e) => e.reason.key)).toContain(key);
    });

    it("reports every problem at once and still returns displayable button settings", () => {
        const result = parseSettings(
            { flowUrl: "", clientId: "x", timeoutSeconds: 1, buttonLabel: "Send", buttonIcon: "bad icon" },
            HOST,
        );
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.errors.map((e) => e.property).sort()).toEqual([
            "buttonIcon",
            "clientId",
            "flowUrl",
            "timeoutSeconds",
        ]);
        expect(result.button.label).toBe("Send");
        expect(result.button.icon).toBeUndefined();
    });

    it("never puts the SAS signature into a message", () => {
        const errors = errorsOf({ flowUrl: SAS_URL });
        expect(JSON.stringify(errors)).not.toContain("AbCdEf123_-xyz");
    });
});

describe("the property table covers every manifest property", () => {
    it("has good or bad cases for each input property", () => {
        const covered = new Set<string>();
        for (const [, overrides] of goodCases) Object.keys(overrides).forEach((k) => covered.add(k));
        for (const [, , property] of badCases) covered.add(property);
        const { PropertyNames } = jest.requireActual<
            typeof import("../../../FlowTriggerControl/settings/settings.types")
        >("../../../FlowTriggerControl/settings/settings.types");
        expect(PropertyNames.filter((p) => !covered.has(p))).toEqual([]);
    });
});
