/** @jest-environment node */
import {
    DEFAULT_MAX_ROWS,
    parseCommandSettings,
    SETTINGS_KEYS,
    settingsVariableName,
} from "../../../FlowTriggerControl/settings/settingsJson";
import { parseSettings, type HostDefaults } from "../../../FlowTriggerControl/settings/settings";
import type { RawProperties } from "../../../FlowTriggerControl/settings/settings.types";

const HOST: HostDefaults = { origin: "https://contoso.crm4.dynamics.com", publisherPrefix: "ftc" };
const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const WORKFLOW = "0123456789abcdef0123456789abcdef";
const FLOW_URL = `https://prod-12.westeurope.logic.azure.com:443/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=2016-06-01`;
const VALID = { flowUrl: FLOW_URL, clientId: CLIENT_ID, tenantId: TENANT_ID };

const json = (value: unknown): string => JSON.stringify(value);

function problemsOf(settings: Record<string, unknown> | string) {
    const result = parseCommandSettings(typeof settings === "string" ? settings : json(settings), HOST);
    if (result.ok) throw new Error("expected problems");
    return result.problems;
}

describe("parseCommandSettings: valid settings", () => {
    it("builds exactly what the control's parser builds, plus the command's defaults", () => {
        const result = parseCommandSettings(json(VALID), HOST);
        const control = parseSettings(VALID, HOST);
        if (!result.ok || !control.ok) throw new Error("expected valid settings");
        expect(result.settings).toEqual({
            run: control.settings,
            maxRows: DEFAULT_MAX_ROWS,
            mode: "perRow",
        });
    });

    it("passes every control key through, with the command's own keys", () => {
        const settings = {
            ...VALID,
            authMode: "EntraUser",
            cloud: "Public",
            authority: "https://login.microsoftonline.com",
            redirectUri: "https://contoso.crm4.dynamics.com/signin.html",
            payloadFields: "name, revenue",
            trustedHosts: "",
            confirmationText: "Send {count} accounts?",
            successMessage: "Sent.",
            timeoutSeconds: 30,
            sendTrackingHeader: true,
            unsavedChanges: "Block",
            refreshAfterRun: true,
            maxRows: 250,
            mode: "BATCH",
        };
        const result = parseCommandSettings(json(settings), HOST);
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        const { maxRows: _m, mode: _o, ...controlKeys } = settings;
        const control = parseSettings(controlKeys, HOST);
        if (!control.ok) throw new Error("expected valid control settings");
        expect(result.settings.run).toEqual(control.settings);
        expect(result.settings).toMatchObject({ maxRows: 250, mode: "batch" });
        expect(result.settings.run.sendTrackingHeader).toBe(true);
        expect(result.settings.run).toMatchObject({ unsavedChanges: "Block", refreshAfterRun: true });
        expect(Object.keys(settings).sort()).toEqual([...SETTINGS_KEYS].sort());
    });

    it("unsavedChanges and refreshAfterRun: the control's defaults (SaveThenRun, No) and its values", () => {
        const defaults = parseCommandSettings(json(VALID), HOST);
        expect(defaults.ok && defaults.settings.run).toMatchObject({
            unsavedChanges: "SaveThenRun",
            refreshAfterRun: false,
        });
        const set = parseCommandSettings(
            json({ ...VALID, unsavedChanges: "runwithsavedvalues", refreshAfterRun: true }),
            HOST,
        );
        expect(set.ok && set.settings.run).toMatchObject({
            unsavedChanges: "RunWithSavedValues",
            refreshAfterRun: true,
        });
        expect(problemsOf({ ...VALID, unsavedChanges: "Later" })).toEqual([
            { property: "unsavedChanges", reason: { key: "Error_Config_UnknownOption", args: ["Later"] } },
        ]);
        expect(problemsOf({ ...VALID, refreshAfterRun: "yes" })).toEqual([
            { property: "refreshAfterRun", reason: { key: "Command_Config_ExpectsBoolean" } },
        ]);
    });

    it("treats null as not set", () => {
        const result = parseCommandSettings(json({ ...VALID, cloud: null, maxRows: null, mode: null }), HOST);
        expect(result.ok && result.settings).toMatchObject({ maxRows: 100, mode: "perRow" });
    });

    it("accepts maxRows at both ends of its range", () => {
        for (const maxRows of [1, 250]) {
            const result = parseCommandSettings(json({ ...VALID, maxRows }), HOST);
            expect(result.ok && result.settings.maxRows).toBe(maxRows);
        }
    });
});

describe("parseCommandSettings: the control's rules, word for word", () => {
    // Each bad value must be refused with the control's own error for the same property value.
    const cases: RawProperties[] = [
        { flowUrl: "" },
        { flowUrl: "not a url" },
        { flowUrl: `${FLOW_URL}&sig=abc` },
        { flowUrl: FLOW_URL.replace("https:", "http:") },
        { clientId: "nope" },
        { clientId: "" },
        { tenantId: "" },
        { cloud: "Mars" },
        { authMode: "Basic" },
        { authority: "http://login.example.com" },
        { redirectUri: "https://evil.example.com/page.html" },
        { payloadFields: "name,,revenue" },
        { payloadFields: "*,name" },
        { trustedHosts: "https://host.example.com" },
        { timeoutSeconds: 3 },
        { timeoutSeconds: 601 },
        { confirmationText: "x".repeat(1001) },
    ];
    const named = cases.map((c): [string, RawProperties] => [JSON.stringify(c).slice(0, 80), c]);
    it.each(named)("%s", (_name, override) => {
        const raw = { ...VALID, ...override };
        const control = parseSettings(raw, HOST);
        expect(control.ok).toBe(false);
        expect(problemsOf(raw)).toEqual(control.ok ? [] : control.errors);
    });
});

describe("parseCommandSettings: problems with the JSON itself", () => {
    it.each([undefined, null, "", "   ", 42, {}])("missing settings (%j)", (value) => {
        expect(parseCommandSettings(value, HOST)).toEqual({
            ok: false,
            problems: [{ property: "settingsJson", reason: { key: "Command_Config_SettingsMissing" } }],
        });
    });

    it.each(["{flowUrl: 1}", "{'flowUrl':'x'}", '{"flowUrl": "x",}'])("not JSON: %s", (text) => {
        expect(problemsOf(text)).toEqual([
            { property: "settingsJson", reason: { key: "Command_Config_SettingsNotJson" } },
        ]);
    });

    it.each(["[]", "null", "5", '"text"', "true"])("not an object: %s", (text) => {
        expect(problemsOf(text)).toEqual([
            { property: "settingsJson", reason: { key: "Command_Config_SettingsNotObject" } },
        ]);
    });
});

describe("parseCommandSettings: settings cut by the command designer's column", () => {
    // A field list of about 3,700 characters: valid settings, near the designer's column.
    const fields = Array.from({ length: 300 }, (_, i) => `ftc_field${String(i).padStart(3, "0")}`).join(",");
    const long = json({ ...VALID, payloadFields: fields });

    it("a long value cut off (an object that never closes) names the 4,000-character limit and the variable way", () => {
        expect(problemsOf(long.slice(0, 3990))).toEqual([
            { property: "settingsJson", reason: { key: "Command_Config_SettingsCut", args: ["4000"] } },
        ]);
        expect(problemsOf('{"flowUrl": "ftc_Flow", "clientId": "11')).toEqual([
            { property: "settingsJson", reason: { key: "Command_Config_SettingsCut", args: ["4000"] } },
        ]);
    });

    it("invalid JSON near the limit counts as cut; short invalid JSON is just not JSON", () => {
        expect(problemsOf(`${long.slice(0, -1)},}`)[0].reason.key).toBe("Command_Config_SettingsCut");
        expect(problemsOf('{"flowUrl": "x",}')[0].reason.key).toBe("Command_Config_SettingsNotJson");
    });

    it("a complete long value is still read", () => {
        expect(parseCommandSettings(long, HOST).ok).toBe(true);
    });
});

describe("settingsVariableName", () => {
    it("a schema name instead of JSON names the environment variable holding the settings", () => {
        expect(settingsVariableName(" ftc_ApprovalCommandSettings ")).toBe("ftc_ApprovalCommandSettings");
        for (const value of [json(VALID), "settings", "", undefined, 5, "ftc_"]) {
            expect(settingsVariableName(value)).toBeUndefined();
        }
    });
});

describe("parseCommandSettings: keys and types", () => {
    it("refuses each control property that has no meaning on a command bar, by name", () => {
        for (const key of [
            "buttonLabel",
            "buttonIcon",
            "buttonAppearance",
            "accessibleLabel",
            "enableOnReadOnlyForm",
            "writeResponseToField",
        ]) {
            expect(problemsOf({ ...VALID, [key]: "x" })).toEqual([
                { property: key, reason: { key: "Command_Config_KeyNotForCommand" } },
            ]);
        }
    });

    it("names an unknown key and lists the allowed ones", () => {
        expect(problemsOf({ ...VALID, flowURL: FLOW_URL })).toEqual([
            {
                property: "flowURL",
                reason: { key: "Command_Config_UnknownKey", args: [SETTINGS_KEYS.join(", ")] },
            },
        ]);
    });

    it("does not take keys from the prototype chain or the control's form-only properties", () => {
        for (const key of ["__proto__", "constructor", "toString", "buttonLabel", "writeResponseToField"]) {
            const problems = problemsOf(
                `{"flowUrl": ${json(FLOW_URL)}, "clientId": "${CLIENT_ID}", "tenantId": "${TENANT_ID}", ${json(key)}: "x"}`,
            );
            expect(problems).toEqual([expect.objectContaining({ property: key })]);
        }
    });

    it("shortens a very long unknown key", () => {
        const [problem] = problemsOf({ ...VALID, ["k".repeat(500)]: 1 });
        expect(problem.property).toBe(`${"k".repeat(60)}…`);
    });

    it("names each value of the wrong JSON type once, with the expected type", () => {
        expect(
            problemsOf({
                ...VALID,
                flowUrl: 5,
                timeoutSeconds: "30",
                sendTrackingHeader: "true",
                maxRows: "10",
                mode: 1,
            }),
        ).toEqual([
            { property: "flowUrl", reason: { key: "Command_Config_ExpectsText" } },
            { property: "timeoutSeconds", reason: { key: "Command_Config_ExpectsNumber" } },
            { property: "sendTrackingHeader", reason: { key: "Command_Config_ExpectsBoolean" } },
            { property: "maxRows", reason: { key: "Command_Config_ExpectsNumber" } },
            { property: "mode", reason: { key: "Command_Config_ExpectsText" } },
        ]);
    });

    it.each([0, 251, 2.5, -1])("refuses maxRows %p with the allowed range", (maxRows) => {
        expect(problemsOf({ ...VALID, maxRows })).toEqual([
            { property: "maxRows", reason: { key: "Command_Config_MaxRowsRange", args: ["1", "250"] } },
        ]);
    });

    it("refuses an unknown mode with the control's unknown-option message", () => {
        expect(problemsOf({ ...VALID, mode: "all" })).toEqual([
            { property: "mode", reason: { key: "Error_Config_UnknownOption", args: ["all"] } },
        ]);
    });

    it("reports every problem at once, each naming its key", () => {
        const properties = problemsOf({ flowUrl: "", clientId: "x", tenantId: "", maxRows: 0, extra: 1 }).map(
            (p) => p.property,
        );
        expect(properties.sort()).toEqual(["clientId", "extra", "flowUrl", "maxRows", "tenantId"]);
    });
});
