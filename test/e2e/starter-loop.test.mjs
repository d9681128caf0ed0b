// Issue 17, the loop a new user goes through, in headless Chromium: a config with a starter section → the packager
// writes the starter zip (its library, into a temp dir) → the local tenant imports it → the setup page lists the
// flow, checks it without running it, gets its trigger URL from Power Automate with the maker's own token and saves
// it as the environment variable's current value → a form button configured with that environment variable runs
// the flow and shows the flow's own answer. Nothing leaves 127.0.0.1.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after } from "node:test";
import { validateSolutionConfig } from "../../scripts/solution/config.mjs";
import { assembleStarterEntries, starterZipFileName } from "../../scripts/solution/starterZip.mjs";
import { writeDeterministicZip } from "../../scripts/solution/zip.mjs";
import { RESULTS_DIR } from "../../tools/local-stack/browser.mjs";
import { DEMO_USER } from "../../tools/local-stack/demo-tenant.mjs";
import { IDS } from "../../tools/local-stack/form-host/dataset.mjs";
import { starterConfig } from "../packaging/support/starterConfig.mjs";
import { localBrowserStack } from "./support/localBrowserStack.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SCREENSHOTS = process.env.UPDATE_DOC_IMAGES === "1" ? path.join(root, "docs", "images") : RESULTS_DIR;
const VARIABLE = "ftc_RequestApprovalFlowUrl";
const FIELDS = "name,accountnumber,ownerid";

let tempDir;
const local = localBrowserStack({
    stack: async () => {
        // The packager's starter zip, written to disk as `npm run solution` does, then read back for the import.
        const config = validateSolutionConfig(starterConfig()).config;
        tempDir = await mkdtemp(path.join(os.tmpdir(), "ftc-starter-loop-"));
        const zipPath = path.join(tempDir, starterZipFileName(config).unmanaged);
        await writeFile(zipPath, await writeDeterministicZip(assembleStarterEntries({ config }).entries));
        return { flows: {}, syncTimeoutMs: 20_000, starterZip: await readFile(zipPath) };
    },
});
const { run } = local;
after(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** The button's properties: the starter flow's environment variable, signed in through the Entra emulator. */
const properties = (extra = {}) => {
    const { flowUrl: _unused, ...rest } = local.stack.entraProperties(local.stack.starter.flows[0].emulatorName, {
        payloadFields: FIELDS,
        ...extra,
    });
    return { ...rest, flowUrl: VARIABLE };
};

const row = (page, id) => page.locator(`[data-check="${id}"]`);
const waitFor = (page, id, status, timeout = 30_000) =>
    page.waitForSelector(`[data-check="${id}"][data-status="${status}"]`, { timeout });
const variableValues = () =>
    (local.stack.host.dataverse.rows.environmentvariablevalue ?? []).filter((value) => value.schemaname === VARIABLE);

run("config → starter zip → import → setup page wires the URL → the form's button runs the flow", async () => {
    const flow = local.stack.starter.flows.find((candidate) => candidate.name === "Request approval");
    assert.ok(flow, "the starter flow was imported");
    assert.equal(variableValues().length, 0, "the imported variable has no value yet");
    const runsBefore = local.stack.flows.runs.length;
    const newRuns = () => local.stack.flows.runs.slice(runsBefore);

    local.stack.host.setScenario(local.stack.scenario({ upn: DEMO_USER }));
    const page = await local.context.newPage();
    const query = new URLSearchParams({ ...properties(), table: "account", recordId: IDS.account });
    await page.goto(`${local.stack.host.setupUrl}?${query}`);
    await waitFor(page, "token", "pass");
    // Before the save: the variable has no value.
    await waitFor(page, "flowUrl", "fail");

    // The flow row lists both starter flows with their settings, and checks the chosen one without running it.
    await page.waitForSelector('[data-check="flow"]:not([data-status="pending"])', { timeout: 30_000 });
    const listed = await row(page, "flow").locator("[data-flow-list] tbody tr").allTextContents();
    assert.equal(listed.length, 2);
    assert.ok(
        listed.some((text) =>
            /Request approval.*On.*Any user in my tenant.*POST.*name, accountnumber, ownerid/.test(text),
        ),
    );
    assert.ok(listed.some((text) => /Notify the account's team.*Specific users in my tenant/.test(text)));
    await row(page, "flow").locator("[data-flow-choice]").selectOption(flow.workflowid);
    await page.waitForSelector(`[data-flow-list] tr[data-flow-id="${flow.workflowid}"][aria-current="true"]`);
    await waitFor(page, "flow", "pass");
    const checks = await page.$$eval("[data-flow-check]", (items) =>
        Object.fromEntries(items.map((item) => [item.dataset.flowCheck, item.dataset.status])),
    );
    assert.deepEqual(checks, { state: "pass", whoCanTrigger: "pass", method: "pass", schema: "pass" });
    assert.equal(newRuns().length, 0, "checking the flow ran nothing");

    // Get the trigger URL: Power Automate (the emulator's listCallbackUrl) answers the owner.
    await row(page, "flow").getByRole("button", { name: "Get the trigger URL" }).click();
    const shown = await page.locator("[data-flow-url]").textContent();
    assert.equal(
        shown,
        local.stack.flows.flowUrl(flow.emulatorName),
        "the URL Power Automate gave (no sig: Entra mode)",
    );
    await row(page, "flow").screenshot({ path: path.join(SCREENSHOTS, "setup-flow-row.png") });

    // Save: first the old and new value, then the write, then the flowUrl row checks it again.
    await row(page, "flow").getByRole("button", { name: "Save to environment variable…" }).click();
    await page.waitForSelector("[data-save-preview]");
    assert.equal(await page.locator("[data-save-old]").textContent(), "(no current value)");
    assert.equal(await page.locator("[data-save-new]").textContent(), shown);
    assert.equal(variableValues().length, 0, "nothing written before Save");
    await row(page, "flow").getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForSelector('[data-save-outcome="saved"]');
    await waitFor(page, "flowUrl", "pass");
    assert.deepEqual(
        variableValues().map((value) => value.value),
        [shown],
        "one current value, linked to the definition",
    );
    assert.equal(newRuns().length, 0, "wiring the URL ran nothing");

    // The demo form: a button configured with the environment variable runs the flow and shows its answer.
    local.stack.host.setScenario(
        local.stack.scenario({
            upn: DEMO_USER,
            controls: [
                {
                    id: "approval",
                    label: "approval",
                    field: "ftc_flowstatus",
                    properties: properties({ buttonLabel: "Request approval" }),
                },
            ],
        }),
    );
    const form = await local.context.newPage();
    await form.goto(local.stack.host.url);
    await form.waitForSelector("body[data-ready]", { timeout: 30_000 });
    await form.locator("#control-approval").getByRole("button", { name: "Request approval" }).click();
    const status = form.locator("#control-approval").getByRole("status");
    await status.getByText("Request approval: received account", { exact: false }).waitFor({ timeout: 30_000 });
    assert.equal(newRuns().length, 1, "one click, one run");
    assert.equal(newRuns()[0].payload.record.id, IDS.account);
    assert.match(await status.innerText(), /Request approval: received account .+ from /);
});

run(
    "Get the trigger URL for someone who is not the flow's owner: the page says why and takes a pasted URL",
    async () => {
        const flow = local.stack.starter.flows.find((candidate) => candidate.name === "Request approval");
        local.stack.host.setScenario(local.stack.scenario({ upn: "megan@contoso.test" }));
        const page = await local.context.newPage();
        const query = new URLSearchParams({ ...properties(), table: "account", recordId: IDS.account });
        await page.goto(`${local.stack.host.setupUrl}?${query}`);
        await waitFor(page, "token", "pass");
        await page.waitForSelector('[data-check="flow"]:not([data-status="pending"])', { timeout: 30_000 });
        await row(page, "flow").locator("[data-flow-choice]").selectOption(flow.workflowid);
        await row(page, "flow").getByRole("button", { name: "Get the trigger URL" }).click();
        const problem = await page.locator("[data-flow-url-problem]").textContent();
        assert.match(problem, /only to its owners/);
        assert.equal(await page.locator("[data-flow-url]").count(), 0);

        // A pasted URL with a sig= (an "Anyone" URL) is refused in Entra mode, and never shown unmasked.
        await page
            .locator("[data-flow-url-paste]")
            .fill(`${local.stack.flows.flowUrl(flow.emulatorName)}&sig=SECRETSIG`);
        await row(page, "flow").getByRole("button", { name: "Use this URL" }).click();
        await page.waitForSelector("[data-flow-url-problem]");
        assert.doesNotMatch(await row(page, "flow").innerText(), /SECRETSIG/);

        // The owner's URL, pasted, is accepted and can be saved.
        await page.locator("[data-flow-url-paste]").fill(local.stack.flows.flowUrl(flow.emulatorName));
        await row(page, "flow").getByRole("button", { name: "Use this URL" }).click();
        await page.waitForSelector("[data-flow-url]");
        assert.match(await page.locator("[data-check='flow']").innerText(), /Pasted trigger URL/);
    },
);

run(
    "a starter flow's own URL on the button: every row passes, the flow row too (the docs' all-green page)",
    async () => {
        const flow = local.stack.starter.flows.find((candidate) => candidate.name === "Request approval");
        local.stack.host.setScenario(local.stack.scenario({ upn: DEMO_USER }));
        const page = await local.context.newPage();
        const settings = local.stack.entraProperties(flow.emulatorName, { payloadFields: FIELDS });
        const query = new URLSearchParams({ ...settings, table: "account", recordId: IDS.account });
        await page.goto(`${local.stack.host.setupUrl}?${query}`);
        await waitFor(page, "token", "pass");
        await page.waitForSelector('[data-check="flow"]:not([data-status="pending"])', { timeout: 30_000 });
        await row(page, "flow").locator("[data-flow-choice]").selectOption(flow.workflowid);
        await page.waitForSelector(`[data-flow-list] tr[data-flow-id="${flow.workflowid}"][aria-current="true"]`);
        await waitFor(page, "flow", "pass");
        await waitFor(page, "schema", "pass");

        await row(page, "testRun").getByRole("button", { name: "Send a test run…" }).click();
        await row(page, "testRun").getByRole("button", { name: "Send now" }).click();
        await page.waitForSelector('[data-check="testRun"]:not([data-status="pending"])', { timeout: 40_000 });
        const statuses = await page.$$eval("[data-check]", (rows) =>
            Object.fromEntries(rows.map((element) => [element.dataset.check, element.dataset.status])),
        );
        assert.deepEqual(statuses, {
            settings: "pass",
            flowUrl: "pass",
            redirectPage: "pass",
            signIn: "pass",
            token: "pass",
            testRun: "pass",
            schema: "pass",
            flow: "pass",
        });
        assert.equal(local.stack.flows.runs.length, 1, "the test run ran the flow once");
        assert.match(await row(page, "testRun").textContent(), /Request approval: received account/);
        await page.screenshot({ path: path.join(SCREENSHOTS, "setup-all-green.png"), fullPage: true });
    },
);
