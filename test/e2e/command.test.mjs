// End to end, in headless Chromium: the built command library (out/command/FlowTriggerCommand.js) on the
// local grid page (tools/local-stack/grid-host), which hands it what a model-driven app hands a command:
// the grid's context, the selected ids, the table name, the Xrm dialogs, progress indicator and Web API.
// Signing in through the Entra ID emulator, running flows on the Power Automate emulator; nothing leaves
// 127.0.0.1. Each test starts from a fresh browser context (empty MSAL cache).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { batchSchemaForFieldList } from "../../scripts/payload-schema.mjs";
import { RESULTS_DIR } from "../../tools/local-stack/browser.mjs";
import { addSampleAccounts, sampleAccountId, sampleAccountName } from "../../tools/local-stack/grid-host/accounts.mjs";
import { TABLES } from "../../tools/local-stack/form-host/dataset.mjs";
import { localBrowserStack } from "./support/localBrowserStack.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// The README's screenshots: written to docs/images with UPDATE_DOC_IMAGES=1, else to test-results/ (the tree stays clean).
const SCREENSHOTS = process.env.UPDATE_DOC_IMAGES === "1" ? path.join(root, "docs", "images") : RESULTS_DIR;
const FIELDS = "name:string,accountnumber:string";
const ADELE = "adele@contoso.test";

/** Rows whose run the flow answers with 500 (a failed run). */
const failing = new Set();
const FLOWS = {
    approve: {
        mode: "Tenant",
        behavior: {
            kind: "respond",
            status: (run) => (failing.has(run.payload?.record?.id) ? 500 : 200),
            body: (run) => ({ message: `Approval requested for ${run.payload?.record?.primaryName}.` }),
        },
    },
    batch: {
        mode: "Tenant",
        // The trigger's schema is the one `npm run payload-schema -- --batch` prints: a body that does not fit is refused.
        schema: batchSchemaForFieldList(FIELDS).schema,
        behavior: { kind: "respond", status: 200, body: { message: "Batch received." } },
    },
    slow: {
        mode: "Tenant",
        behavior: {
            kind: "respond",
            delayMs: 700,
            status: (run) => (failing.has(run.payload?.record?.id) ? 500 : 200),
            body: (run) =>
                failing.has(run.payload?.record?.id)
                    ? { message: "No approver is set for this account." }
                    : { message: "Approval requested." },
        },
    },
};

const local = localBrowserStack({
    stack: { flows: FLOWS, syncTimeoutMs: 20_000 },
    beforeEachTest: (stack) => {
        failing.clear();
        addSampleAccounts(stack.host, 12);
    },
});
const { run } = local;

const settingsFor = (flow, extra = {}) =>
    local.stack.entraProperties(flow, { payloadFields: "name,accountnumber", ...extra });

async function openGrid(spec) {
    local.stack.host.setScenario(local.stack.scenario(spec));
    const page = await local.context.newPage();
    await page.goto(local.stack.host.gridUrl);
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#host-status"));
    return page;
}

async function selectAccounts(page, numbers) {
    for (const n of numbers) await page.getByRole("checkbox", { name: `Select ${sampleAccountName(n)}` }).check();
}

const range = (count, from = 1) => Array.from({ length: count }, (_, i) => from + i);
const dialog = (page, kind) => page.locator(`.xrm-dialog[data-kind="${kind}"]`);
const hostState = (page) => page.evaluate(() => JSON.parse(JSON.stringify(window.gridHost)));

/** Waits until the command's promise has settled (the page records its result). */
async function waitForResult(page, count = 1) {
    await page.waitForFunction((n) => window.gridHost.results.length >= n, count, { timeout: 30_000 });
    return (await hostState(page)).results[count - 1];
}

run("10 rows: 10 runs with each row's payload, one sign-in, a summary and a refreshed grid", async () => {
    local.stack.entra.requireInteraction(ADELE);
    const page = await openGrid({
        commands: [
            {
                label: "Request approval",
                function: "runForRows",
                settings: settingsFor("approve", {
                    confirmationText: "Send {count} accounts for approval?",
                    refreshAfterRun: true,
                }),
            },
        ],
    });
    await selectAccounts(page, range(10));
    // As on the platform, the library is not loaded with the page: the first click loads it, then signs in.
    assert.equal(await page.evaluate(() => typeof window.FlowTriggerCommand), "undefined");
    let popups = 0;
    local.context.on("page", () => popups++);
    const popupPromise = local.context.waitForEvent("page");
    await page.getByRole("button", { name: "Request approval" }).click();
    // The sign-in window opens from the click (the token is requested before the confirmation).
    const popup = await popupPromise;
    await popup.getByRole("button", { name: /Sign in as Adele Vance/ }).click();
    const confirm = dialog(page, "confirm");
    await confirm.getByText("Send 10 accounts for approval?").waitFor();
    await confirm.getByRole("button", { name: "Run" }).click();
    const summary = dialog(page, "alert");
    await summary.waitFor({ timeout: 30_000 });
    assert.equal(await summary.locator("h2").innerText(), "Flow runs finished");
    assert.equal(await summary.locator("p").innerText(), "Succeeded: 10\nFailed: 0");

    const runs = local.stack.flows.runs;
    assert.equal(runs.length, 10);
    assert.deepEqual(runs.map((r) => r.payload.record.id).sort(), range(10).map(sampleAccountId).sort());
    for (const flowRun of runs) {
        const n = range(10).find((i) => sampleAccountId(i) === flowRun.payload.record.id);
        assert.equal(flowRun.payload.schemaVersion, 1);
        assert.equal(flowRun.payload.record.table, "account");
        assert.equal(flowRun.payload.record.primaryName, sampleAccountName(n));
        assert.deepEqual(Object.keys(flowRun.payload.record.fields).sort(), ["accountnumber", "name"]);
        assert.equal(flowRun.payload.record.fields.name, sampleAccountName(n));
        assert.equal(flowRun.caller.upn, ADELE);
    }
    assert.equal(new Set(runs.map((r) => r.payload.correlationId)).size, 10, "one correlation id per row");
    assert.equal(popups, 1, "one sign-in window");
    assert.equal(local.stack.entra.events.filter((e) => e.type === "sign-in" && e.outcome === "code").length, 1);
    const state = await hostState(page);
    assert.equal(state.progressTexts[0], "Running flow: 0 of 10");
    assert.equal(state.progressTexts.at(-1), "Running flow: 10 of 10");
    assert.equal(await page.locator("#xrm-progress").isHidden(), true);
    assert.equal(state.gridRefreshes, 1);
    assert.equal(state.libraryLoads, 1, "FlowTriggerCommand.js loaded by the first click");
    await summary.getByRole("button", { name: "OK" }).click();
    assert.equal((await waitForResult(page)).kind, "finished");
});

run(
    "no tenantId in the settings: the environment's own tenant (RetrieveCurrentOrganization), asked once per page",
    async () => {
        local.stack.entra.requireInteraction(ADELE);
        const { tenantId, ...settings } = settingsFor("approve");
        assert.equal(tenantId, local.stack.entra.homeTenantId);
        const page = await openGrid({
            commands: [{ label: "Request approval", function: "runForRows", settings }],
        });
        const lookups = [];
        page.on("request", (request) => {
            if (request.url().includes("/api/data/v9.2/RetrieveCurrentOrganization(")) lookups.push(request.url());
        });
        for (const [click, rows] of [
            [1, [1, 2]],
            [2, [3, 4]],
        ]) {
            await selectAccounts(page, rows);
            const popup = click === 1 ? local.context.waitForEvent("page") : undefined;
            await page.getByRole("button", { name: "Request approval" }).click();
            // The first click still opens the sign-in window, on the looked-up tenant's authority.
            if (popup) await (await popup).getByRole("button", { name: /Sign in as Adele Vance/ }).click();
            await dialog(page, "confirm").getByRole("button", { name: "Run" }).click();
            const summary = dialog(page, "alert");
            await summary.waitFor({ timeout: 30_000 });
            assert.equal(await summary.locator("p").innerText(), "Succeeded: 2\nFailed: 0");
            await summary.getByRole("button", { name: "OK" }).click();
            assert.equal((await waitForResult(page, click)).kind, "finished");
            for (const n of rows)
                await page.getByRole("checkbox", { name: `Select ${sampleAccountName(n)}` }).uncheck();
        }
        assert.equal(local.stack.flows.runs.length, 4, "the flow (tenant mode) accepted every token");
        assert.equal(lookups.length, 1, "one RetrieveCurrentOrganization per page");
    },
);

run("one row failing: the summary names it with the reason and its reference", async () => {
    failing.add(sampleAccountId(3));
    const page = await openGrid({
        commands: [{ label: "Request approval", function: "runForRows", settings: settingsFor("approve") }],
    });
    await selectAccounts(page, range(4));
    await page.getByRole("button", { name: "Request approval" }).click();
    await dialog(page, "confirm").getByText("Run the flow for 4 selected rows?").waitFor();
    await dialog(page, "confirm").getByRole("button", { name: "Run" }).click();
    const summary = dialog(page, "alert");
    await summary.waitFor({ timeout: 30_000 });
    const lines = (await summary.locator("p").innerText()).split("\n");
    assert.deepEqual(lines.slice(0, 2), ["Succeeded: 3", "Failed: 1"]);
    assert.equal(lines.length, 3, lines.join("\n"));
    assert.ok(lines[2].startsWith(`${sampleAccountName(3)}: `), lines[2]);
    const failedRun = local.stack.flows.runs.find((r) => r.payload.record.id === sampleAccountId(3));
    assert.ok(lines[2].includes(failedRun.payload.correlationId), `the reference is quoted: ${lines[2]}`);
    assert.equal(local.stack.flows.runs.length, 4, "each row ran once: nothing retried");
});

run("more rows than maxRows: a clear message, nothing sent", async () => {
    const page = await openGrid({
        commands: [
            { label: "Request approval", function: "runForRows", settings: settingsFor("approve", { maxRows: 5 }) },
        ],
    });
    await selectAccounts(page, range(6));
    await page.getByRole("button", { name: "Request approval" }).click();
    const message = dialog(page, "alert");
    await message.waitFor();
    assert.equal(
        await message.locator("p").innerText(),
        "6 rows are selected, but this command runs for at most 5. Select fewer rows. Nothing was sent.",
    );
    await message.getByRole("button", { name: "OK" }).click();
    assert.equal((await waitForResult(page)).kind, "refused");
    assert.equal(await dialog(page, "confirm").count(), 0, "no confirmation");
    assert.equal(local.stack.flows.runs.length, 0);
    assert.equal(local.stack.entra.events.filter((e) => e.type === "token").length, 0, "no token asked for");
});

run("Cancel in the confirmation: nothing sent", async () => {
    const page = await openGrid({
        commands: [{ label: "Request approval", function: "runForRows", settings: settingsFor("approve") }],
    });
    await selectAccounts(page, range(2));
    await page.getByRole("button", { name: "Request approval" }).click();
    await dialog(page, "confirm").getByRole("button", { name: "Cancel" }).click();
    assert.equal((await waitForResult(page)).kind, "cancelled");
    const state = await hostState(page);
    assert.deepEqual(state.progressTexts, []);
    assert.equal(state.gridRefreshes, 0);
    assert.equal(local.stack.flows.runs.length, 0);
    assert.equal(await dialog(page, "alert").count(), 0);
});

run("batch mode: one POST with every row under records, valid against the --batch schema", async () => {
    const page = await openGrid({
        commands: [
            {
                label: "Request approval (one request)",
                function: "runForRows",
                settings: settingsFor("batch", { mode: "batch", refreshAfterRun: true }),
            },
        ],
    });
    await selectAccounts(page, [5, 2, 7]);
    await page.getByRole("button", { name: "Request approval (one request)" }).click();
    await dialog(page, "confirm").getByRole("button", { name: "Run" }).click();
    const summary = dialog(page, "alert");
    await summary.waitFor({ timeout: 30_000 });
    assert.equal(await summary.locator("p").innerText(), "Succeeded: 3\nFailed: 0");
    assert.equal(local.stack.flows.runs.length, 1);
    const [batchRun] = local.stack.flows.runs;
    assert.equal(batchRun.status, 200, "the trigger's schema accepted the body");
    assert.deepEqual(
        batchRun.payload.records.map((r) => r.id),
        [5, 2, 7].map(sampleAccountId),
    );
    assert.deepEqual(
        batchRun.payload.records.map((r) => r.fields.name),
        [5, 2, 7].map(sampleAccountName),
    );
    assert.equal(batchRun.caller.upn, ADELE);
    assert.equal((await hostState(page)).gridRefreshes, 1);
});

run("form command: unsaved changes are saved first, then the flow runs and the form refreshes", async () => {
    const page = await openGrid({
        view: "form",
        recordId: sampleAccountId(1),
        commands: [
            {
                label: "Run for this account",
                function: "runForForm",
                settings: settingsFor("approve", { refreshAfterRun: true }),
            },
        ],
    });
    await page.locator("#field-name").fill("Adatum Renamed");
    await page.getByRole("button", { name: "Run for this account" }).click();
    const message = dialog(page, "alert");
    await message.waitFor({ timeout: 30_000 });
    assert.equal(await message.locator("p").innerText(), "Approval requested for Adatum Renamed.");
    const state = await hostState(page);
    assert.equal(state.saves, 1, "saved once, before the run");
    assert.equal(state.formRefreshes, 1, "the form's data refreshed after the run");
    assert.equal(local.stack.flows.runs.length, 1);
    assert.equal(
        local.stack.flows.runs[0].payload.record.primaryName,
        "Adatum Renamed",
        "the run read the saved record",
    );
});

run("form command: a failed save runs nothing", async () => {
    const page = await openGrid({
        view: "form",
        recordId: sampleAccountId(1),
        commands: [{ label: "Run for this account", function: "runForForm", settings: settingsFor("approve") }],
    });
    await page.locator("#field-name").fill("");
    await page.getByRole("button", { name: "Run for this account" }).click();
    const message = dialog(page, "alert");
    await message.waitFor({ timeout: 30_000 });
    assert.equal(
        await message.locator("p").innerText(),
        "The record could not be saved, so the flow was not run. Fix the problems on the form and try again.",
    );
    await message.getByRole("button", { name: "OK" }).click();
    assert.equal((await waitForResult(page)).kind, "saveFailed");
    assert.equal(local.stack.flows.runs.length, 0);
    assert.equal((await hostState(page)).formRefreshes, 0);
});

run(
    "the demo grid page as the docs show it: confirmation, counting progress, summary naming the failed row",
    async () => {
        failing.add(sampleAccountId(4));
        const page = await openGrid({
            commands: [
                {
                    label: "Request approval",
                    function: "runForRows",
                    settings: settingsFor("slow", { confirmationText: "Send {count} accounts for approval?" }),
                },
                {
                    label: "Request approval (one request)",
                    function: "runForRows",
                    settings: settingsFor("slow", { mode: "batch" }),
                },
            ],
        });
        await page.setViewportSize({ width: 1100, height: 700 });
        await selectAccounts(page, range(10));
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.getByRole("button", { name: "Request approval", exact: true }).click();
        const confirm = dialog(page, "confirm");
        await confirm.getByText("Send 10 accounts for approval?").waitFor();
        await page.screenshot({ path: path.join(SCREENSHOTS, "command-confirm.png") });
        await confirm.getByRole("button", { name: "Run" }).click();
        // The flow answers each row after 700 ms: the indicator shows a count between the first and the last row.
        await page.waitForFunction(
            () => /Running flow: [1-9] of 10/.test(document.getElementById("xrm-progress-text").textContent),
            null,
            { timeout: 30_000 },
        );
        await page.screenshot({ path: path.join(SCREENSHOTS, "command-progress.png") });
        const summary = dialog(page, "alert");
        await summary.waitFor({ timeout: 30_000 });
        await page.screenshot({ path: path.join(SCREENSHOTS, "command-summary.png") });
        const lines = (await summary.locator("p").innerText()).split("\n");
        assert.deepEqual(lines.slice(0, 2), ["Succeeded: 9", "Failed: 1"]);
        assert.ok(lines[2].startsWith(`${sampleAccountName(4)}: `), lines[2]);
    },
);

run("double click on a form command: the library loads once and one POST is sent", async () => {
    const page = await openGrid({
        view: "form",
        recordId: sampleAccountId(1),
        commands: [{ label: "Run for this account", function: "runForForm", settings: settingsFor("slow") }],
    });
    await page.getByRole("button", { name: "Run for this account" }).dblclick();
    const message = dialog(page, "alert");
    await message.waitFor({ timeout: 30_000 });
    await message.getByRole("button", { name: "OK" }).click();
    await waitForResult(page, 2);
    const state = await hostState(page);
    assert.deepEqual(state.results.map((r) => r.kind).sort(), ["ignored", "ran"]);
    assert.equal(local.stack.flows.runs.length, 1, "one POST");
    assert.equal(state.libraryLoads, 1);
    // Once it has ended, the command runs again.
    await page.getByRole("button", { name: "Run for this account" }).click();
    await dialog(page, "alert").waitFor({ timeout: 30_000 });
    assert.equal(local.stack.flows.runs.length, 2);
});

run("double click on a grid command: one confirmation, one run per row", async () => {
    const page = await openGrid({
        commands: [{ label: "Request approval", function: "runForRows", settings: settingsFor("approve") }],
    });
    await selectAccounts(page, range(3));
    await page.getByRole("button", { name: "Request approval" }).dblclick();
    await waitForResult(page, 1);
    assert.equal((await hostState(page)).results[0].kind, "ignored");
    await dialog(page, "confirm").getByRole("button", { name: "Run" }).click();
    await dialog(page, "alert").waitFor({ timeout: 30_000 });
    assert.equal(await dialog(page, "confirm").count(), 0, "the second click opened no confirmation");
    assert.equal(local.stack.flows.runs.length, 3);
    assert.equal((await hostState(page)).gridRefreshes, 0, "refreshAfterRun is No by default");
});

/**
 * Date columns of every behaviour on account 1, for a user in Berlin: two user-local date-only values on either
 * side of the daylight-saving change (stored as the user's local midnight in UTC), a date-only one and two
 * time-zone independent ones. The emulated Dataverse has no such columns of its own; added for this test only.
 */
const DATE_COLUMNS = [
    {
        logicalName: "ftc_startdate",
        type: "DateTime",
        displayName: "Start",
        dateBehavior: "UserLocal",
        format: "DateOnly",
    },
    {
        logicalName: "ftc_renewaldate",
        type: "DateTime",
        displayName: "Renewal",
        dateBehavior: "UserLocal",
        format: "DateOnly",
    },
    {
        logicalName: "ftc_deliveryday",
        type: "DateTime",
        displayName: "Delivery",
        dateBehavior: "TimeZoneIndependent",
        format: "DateOnly",
    },
];
const DATE_VALUES = {
    ftc_startdate: "2026-01-14T23:00:00Z",
    ftc_renewaldate: "2026-07-14T22:00:00Z",
    ftc_contractdate: "2026-07-15",
    ftc_deliveryday: "2026-07-15T00:00:00Z",
    ftc_eventtime: "2026-07-15T09:30:00Z",
};
const DATE_FIELDS = Object.keys(DATE_VALUES).join(",");

run(
    "a Berlin user's dates reach the flow on the same day from the form's control and from the grid's command",
    async () => {
        TABLES.account.columns.push(...DATE_COLUMNS);
        try {
            Object.assign(
                local.stack.host.dataverse.rows.account.find((row) => row.accountid === sampleAccountId(1)),
                DATE_VALUES,
            );
            const inBerlin = (scenario) => ({ ...scenario, user: { ...scenario.user, timeZone: "Europe/Berlin" } });

            // The form: the control, which gets each value's offset from PCF's getTimeZoneOffsetMinutes(date).
            local.stack.host.setScenario(
                inBerlin(
                    local.stack.scenario({
                        recordId: sampleAccountId(1),
                        controls: [
                            {
                                id: "dates",
                                label: "Dates",
                                field: "ftc_flowstatus",
                                properties: settingsFor("approve", {
                                    buttonLabel: "Run dates",
                                    payloadFields: DATE_FIELDS,
                                }),
                            },
                        ],
                    }),
                ),
            );
            const formPage = await local.context.newPage();
            await formPage.goto(local.stack.host.url);
            await formPage.waitForSelector("body[data-ready]", { timeout: 30_000 });
            await formPage.getByRole("button", { name: "Run dates" }).click();
            await formPage.waitForFunction(() => window.formScriptLog?.length > 0, null, { timeout: 30_000 });
            assert.equal(local.stack.flows.runs.length, 1);

            // The grid: the command library, which asks Dataverse for each value's offset.
            local.stack.host.setScenario(
                inBerlin(
                    local.stack.scenario({
                        commands: [
                            {
                                label: "Send dates",
                                function: "runForRows",
                                settings: settingsFor("approve", { payloadFields: DATE_FIELDS }),
                            },
                        ],
                    }),
                ),
            );
            const gridPage = await local.context.newPage();
            await gridPage.goto(local.stack.host.gridUrl);
            await gridPage.waitForSelector("body[data-ready]", { timeout: 30_000 });
            await selectAccounts(gridPage, [1]);
            await gridPage.getByRole("button", { name: "Send dates" }).click();
            await dialog(gridPage, "confirm").getByRole("button", { name: "Run" }).click();
            await dialog(gridPage, "alert").waitFor({ timeout: 30_000 });
            assert.equal(local.stack.flows.runs.length, 2);

            const [fromForm, fromGrid] = local.stack.flows.runs.map((r) => r.payload.record.fields);
            assert.deepEqual(fromForm, {
                ftc_startdate: "2026-01-15",
                ftc_renewaldate: "2026-07-15",
                ftc_contractdate: "2026-07-15",
                ftc_deliveryday: "2026-07-15",
                ftc_eventtime: "2026-07-15T09:30:00Z",
            });
            assert.deepEqual(fromGrid, fromForm);
        } finally {
            TABLES.account.columns.splice(-DATE_COLUMNS.length, DATE_COLUMNS.length);
        }
    },
);
