/**
 * Builds FlowTriggerCommand.js into a temporary folder and checks what a page gets: one minified script
 * defining the global FlowTriggerCommand, with the texts of every message key in the three languages.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import vm from "node:vm";
import { buildCommandLibrary, FILE_NAME, GLOBAL_NAME } from "../../scripts/build-command.mjs";

let outDir;
let result;

before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "ftc-command-"));
    result = await buildCommandLibrary({ outDir });
});

after(() => fs.rmSync(outDir, { recursive: true, force: true }));

function load() {
    const alerts = [];
    const page = {
        location: { origin: "https://contoso.crm4.dynamics.com" },
        Xrm: {
            Navigation: {
                openAlertDialog: (strings) => {
                    alerts.push(strings);
                    return Promise.resolve();
                },
                openConfirmDialog: () => Promise.resolve({ confirmed: false }),
            },
            Utility: {
                showProgressIndicator: () => undefined,
                closeProgressIndicator: () => undefined,
                getGlobalContext: () => ({ userSettings: { languageId: 1031 } }),
                getEntityMetadata: () => Promise.resolve({}),
            },
            WebApi: {
                retrieveRecord: () => Promise.resolve({}),
                retrieveMultipleRecords: () => Promise.resolve({ entities: [] }),
            },
        },
    };
    page.self = page;
    page.window = page;
    page.globalThis = page;
    vm.runInNewContext(fs.readFileSync(result.file, "utf8"), page, { filename: FILE_NAME });
    return { api: page[GLOBAL_NAME], alerts };
}

test("one minified script that defines only the global FlowTriggerCommand", () => {
    const text = fs.readFileSync(result.file, "utf8");
    assert.equal(fs.readdirSync(outDir).join(","), FILE_NAME);
    assert.ok(text.split("\n").length <= 3, "minified");
    assert.match(
        text.split("\n")[0],
        /^\/\*! @azure\/msal-browser v[\d.]+ /,
        "msal-browser's notice travels in the file",
    );
    const { api } = load();
    assert.deepEqual(Object.keys(api).sort(), ["runForForm", "runForRows"]);
});

test("embeds the text of every message key it names in 1033, 1031 and 1036, and only those", () => {
    const { keys, table } = result.strings;
    assert.ok(keys.includes("Command_Error_TooManyRows") && keys.includes("Error_Config_NotGuid"));
    // viewModel.ts names the control's Disabled_* texts; the library bundles that module but not that code.
    assert.ok(!keys.some((key) => key.startsWith("Disabled_")), keys.join(", "));
    const text = fs.readFileSync(result.file, "utf8");
    for (const lcid of ["1033", "1031", "1036"]) {
        assert.deepEqual(Object.keys(table[lcid]).sort(), keys);
        assert.ok(text.includes(JSON.stringify(table[lcid].Command_Progress).slice(1, -1)), `${lcid} texts embedded`);
    }
});

test("speaks the user's language through the platform's alert dialog", async () => {
    const { api, alerts } = load();
    const outcome = await api.runForRows({ refresh: () => undefined }, [], "account", "{");
    assert.equal(outcome.kind, "misconfigured");
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].title, "Der Befehl ist nicht richtig eingerichtet");
    assert.match(alerts[0].text, /^settingsJson: Die Einstellungen sind kein gültiges JSON/);
});
