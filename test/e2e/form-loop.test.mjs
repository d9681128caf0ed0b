// End to end, in headless Chromium: the form loop of issue 10 on the local model-driven form. Unsaved
// changes under each policy, a failing save, the refresh after a run (with and without write-back), the
// events a form script receives, no calls before the record exists, and the narrow/phone layout.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe } from "node:test";
import { IDS } from "../../tools/local-stack/form-host/dataset.mjs";
import { screenshot } from "../../tools/local-stack/browser.mjs";
import { localBrowserStack } from "./support/localBrowserStack.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DOC_IMAGES = path.join(root, "docs", "images");
const UPDATED_DESCRIPTION = "Approved by the approval flow.";

const FLOWS = {
    echo: {
        mode: "Tenant",
        behavior: {
            kind: "respond",
            status: 200,
            body: (run) => ({ message: `Received phone ${run.payload?.record?.fields?.telephone1 ?? "none"}` }),
        },
    },
    approve: {
        mode: "Tenant",
        behavior: {
            kind: "respond",
            status: 200,
            updatesRecord: { description: UPDATED_DESCRIPTION },
            body: { message: "Approved" },
        },
    },
    approveLater: {
        mode: "Tenant",
        behavior: {
            kind: "async",
            pendingPolls: 1,
            retryAfterSeconds: 1,
            updatesRecord: { description: UPDATED_DESCRIPTION },
            final: { status: 200, body: { message: "Approved after a while" } },
        },
    },
    broken: { mode: "Tenant", behavior: { kind: "fail", status: 502 } },
};

const local = localBrowserStack({ stack: { flows: FLOWS } });
const { run } = local;

async function openForm(spec, { query = "", viewport } = {}) {
    local.stack.host.setScenario(local.stack.scenario(spec));
    const page = await local.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(`${local.stack.host.url}${query}`);
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#host-status"));
    return page;
}

function button(id, flow, extra = {}) {
    return {
        id,
        label: id,
        field: "ftc_flowstatus",
        properties: local.stack.entraProperties(flow, {
            buttonLabel: `Run ${id}`,
            payloadFields: "name,telephone1",
            ...extra,
        }),
    };
}

const control = (page, id) => page.locator(`#control-${id}`);

async function waitForStatus(page, id, text, timeout = 20_000) {
    const status = control(page, id).getByRole("status");
    await status.getByText(text, { exact: false }).waitFor({ timeout });
    return (await status.innerText()).trim();
}

/**
 * A screenshot for the README, under test-results/; with UPDATE_DOC_IMAGES=1 also copied to docs/images/
 * (not by default, so a test run leaves the checkout clean).
 */
async function docScreenshot(page, name) {
    const file = await screenshot(page, name);
    if (process.env.UPDATE_DOC_IMAGES !== "1") return;
    fs.mkdirSync(DOC_IMAGES, { recursive: true });
    fs.copyFileSync(file, path.join(DOC_IMAGES, `${name}.png`));
}

const isDirty = (page) => page.evaluate(() => window.Xrm.Page.data.entity.getIsDirty());
const savedPhone = () => local.stack.host.dataverse.findRow("account", IDS.account).telephone1;

describe("the press before the click (issue 12)", () => {
    /** The control's reads of the account row (its payloadFields select), as the browser sent them. */
    function countAccountReads(page) {
        const reads = [];
        page.on("request", (request) => {
            const url = request.url();
            if (request.method() === "GET" && /\/api\/data\/v9\.2\/accounts\(.*\$select=name,telephone1/.test(url)) {
                reads.push(url);
            }
        });
        return reads;
    }
    async function until(condition, what) {
        const deadline = Date.now() + 20_000;
        while (!(await condition())) {
            if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    }

    run("a mouse press reads the record before the click; the click sends it without reading again", async () => {
        const page = await openForm({ controls: [button("press", "echo")] });
        const reads = countAccountReads(page);
        const target = control(page, "press").getByRole("button", { name: "Run press" });
        await target.hover();
        await page.mouse.down();
        await until(() => reads.length === 1, "the record read started by the press");
        assert.equal(local.stack.flows.runs.length, 0, "nothing is sent before the click");
        await page.mouse.up();
        await waitForStatus(page, "press", `Received phone ${savedPhone()}`);
        assert.equal(reads.length, 1, "the click used the press's read");
        assert.equal(local.stack.flows.runs.length, 1);
    });

    run(
        "with unsaved changes the press reads nothing: the click saves, then reads once and sends the edit",
        async () => {
            const page = await openForm({ controls: [button("dirty", "echo")] });
            await page.getByLabel("Main Phone").fill("+1 555 0177");
            const reads = countAccountReads(page);
            const target = control(page, "dirty").getByRole("button", { name: "Run dirty" });
            await target.hover();
            await page.mouse.down();
            await page.mouse.up();
            await waitForStatus(page, "dirty", "Received phone +1 555 0177");
            assert.equal(local.stack.flows.runs[0].payload.record.fields.telephone1, "+1 555 0177");
            // One read, after the save: a read started by the press would be a second one.
            assert.equal(reads.length, 1);
        },
    );

    run("Enter on the focused button runs once and reads once", async () => {
        const page = await openForm({ controls: [button("key", "echo")] });
        const reads = countAccountReads(page);
        await control(page, "key").getByRole("button", { name: "Run key" }).focus();
        await page.keyboard.press("Enter");
        await waitForStatus(page, "key", "Received phone");
        assert.equal(reads.length, 1);
        assert.equal(local.stack.flows.runs.length, 1);
    });
});

describe("unsaved changes", () => {
    run("SaveThenRun (default): the click saves the form, then the flow gets the new value", async () => {
        const page = await openForm({ controls: [button("save", "echo")] });
        const before = savedPhone();
        await page.getByLabel("Main Phone").fill("+1 555 0100");
        assert.equal(await isDirty(page), true);
        await docScreenshot(page, "form-save-then-run-before");

        await control(page, "save").getByRole("button", { name: "Run save" }).click();
        await waitForStatus(page, "save", "Received phone +1 555 0100");
        assert.notEqual(before, "+1 555 0100");
        assert.equal(savedPhone(), "+1 555 0100", "the form saved the edit");
        assert.equal(local.stack.flows.runs.length, 1);
        assert.equal(local.stack.flows.runs[0].payload.record.fields.telephone1, "+1 555 0100");
        assert.equal(await isDirty(page), false);
        assert.equal(await page.locator("#record-dirty").isHidden(), true);
        await docScreenshot(page, "form-save-then-run-after");
    });

    run("RunWithSavedValues: the flow gets the saved value and the user is told", async () => {
        const page = await openForm({ controls: [button("saved", "echo", { unsavedChanges: "RunWithSavedValues" })] });
        const before = savedPhone();
        await page.getByLabel("Main Phone").fill("+1 555 0199");
        await control(page, "saved").getByRole("button", { name: "Run saved" }).click();
        const text = await waitForStatus(page, "saved", `Received phone ${before}`);
        assert.match(text, /unsaved changes were not sent/);
        assert.equal(local.stack.flows.runs[0].payload.record.fields.telephone1, before);
        assert.equal(savedPhone(), before, "nothing was saved");
        assert.equal(await isDirty(page), true, "the edit stays on the form");
        assert.equal(await page.getByLabel("Main Phone").inputValue(), "+1 555 0199");
    });

    run("Block: nothing runs and the user is asked to save first; a clean form runs", async () => {
        const page = await openForm({ controls: [button("block", "echo", { unsavedChanges: "Block" })] });
        await page.getByLabel("Main Phone").fill("+1 555 0123");
        await control(page, "block").getByRole("button", { name: "Run block" }).click();
        await waitForStatus(page, "block", "Save the record first");
        assert.equal(local.stack.flows.runs.length, 0);
        assert.equal(await isDirty(page), true);

        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.locator("#record-dirty").waitFor({ state: "hidden" });
        await control(page, "block").getByRole("button", { name: "Run block" }).click();
        await waitForStatus(page, "block", "Received phone +1 555 0123");
        assert.equal(local.stack.flows.runs.length, 1);
    });

    run("a failing save (required column empty) runs nothing, says so and keeps the edits", async () => {
        const page = await openForm({ controls: [button("fail", "echo")] });
        await page.getByLabel("Account Name").fill("");
        await page.getByLabel("Main Phone").fill("+1 555 0142");
        await control(page, "fail").getByRole("button", { name: "Run fail" }).click();
        const text = await waitForStatus(page, "fail", "The record couldn't be saved, so the flow was not run");
        assert.doesNotMatch(text, /Reference:/, "nothing was sent, so there is no run to look up");
        await page.getByText("Account Name: Required fields must be filled in.").waitFor();
        assert.equal(local.stack.flows.runs.length, 0);
        assert.equal(await isDirty(page), true);
        assert.equal(await page.getByLabel("Main Phone").inputValue(), "+1 555 0142");
        assert.notEqual(savedPhone(), "+1 555 0142");
        await docScreenshot(page, "form-save-failed");
    });

    run("without the Client API the click runs with the saved values and says so", async () => {
        const page = await openForm({
            clientApi: false,
            controls: [button("nox", "echo", { unsavedChanges: "Block" })],
        });
        assert.equal(await page.evaluate(() => typeof window.Xrm), "undefined");
        await control(page, "nox").getByRole("button", { name: "Run nox" }).click();
        const text = await waitForStatus(page, "nox", "Received phone");
        assert.match(text, /changes not yet saved on the form were not sent/);
        assert.equal(local.stack.flows.runs.length, 1, "Block never blocks on a state it can't read");
    });
});

describe("refresh after the run", () => {
    run("the form reloads so the flow's own update shows", async () => {
        const page = await openForm({ controls: [button("refresh", "approve", { refreshAfterRun: true })] });
        assert.notEqual(await page.getByLabel("Description").inputValue(), UPDATED_DESCRIPTION);
        await control(page, "refresh").getByRole("button", { name: "Run refresh" }).click();
        await waitForStatus(page, "refresh", "Approved");
        await page.waitForFunction(
            (text) => document.getElementById("field-description").value === text,
            UPDATED_DESCRIPTION,
        );
        assert.equal(await isDirty(page), false);
        await docScreenshot(page, "form-refreshed");
    });

    run("with write-back: refreshed first, then the flow's answer lands in the bound column", async () => {
        const page = await openForm({
            controls: [button("back", "approve", { refreshAfterRun: true, writeResponseToField: true })],
        });
        await control(page, "back").getByRole("button", { name: "Run back" }).click();
        await waitForStatus(page, "back", "Approved");
        await page.waitForFunction(() => document.getElementById("field-ftc_flowstatus").value === "Approved");
        assert.equal(await page.getByLabel("Description").inputValue(), UPDATED_DESCRIPTION);
        assert.equal(await isDirty(page), true, "the written value waits for the user's save");
        assert.equal(await page.evaluate(() => window.Xrm.Page.data.getIsDirty()), true);
    });

    run("an asynchronous (202) run refreshes the form when it has finished", async () => {
        const page = await openForm({ controls: [button("later", "approveLater", { refreshAfterRun: true })] });
        await control(page, "later").getByRole("button", { name: "Run later" }).click();
        await waitForStatus(page, "later", "Approved after a while");
        await page.waitForFunction(
            (text) => document.getElementById("field-description").value === text,
            UPDATED_DESCRIPTION,
        );
    });

    run("refreshAfterRun No: the form keeps showing what it loaded", async () => {
        const page = await openForm({ controls: [button("norefresh", "approve")] });
        const shown = await page.getByLabel("Description").inputValue();
        await control(page, "norefresh").getByRole("button", { name: "Run norefresh" }).click();
        await waitForStatus(page, "norefresh", "Approved");
        assert.equal(local.stack.host.dataverse.findRow("account", IDS.account).description, UPDATED_DESCRIPTION);
        assert.equal(await page.getByLabel("Description").inputValue(), shown);
        assert.equal(await page.evaluate(() => window.formHostRefreshes ?? 0), 0);
    });

    run("a form with unsaved changes is not refreshed: the edit stays and the user is told", async () => {
        const page = await openForm({
            controls: [button("dirty", "approve", { refreshAfterRun: true, unsavedChanges: "RunWithSavedValues" })],
        });
        await page.getByLabel("Main Phone").fill("+1 555 0177");
        await control(page, "dirty").getByRole("button", { name: "Run dirty" }).click();
        const text = await waitForStatus(page, "dirty", "Approved");
        assert.match(text, /refresh the form to see them/);
        assert.equal(await page.getByLabel("Main Phone").inputValue(), "+1 555 0177");
    });
});

run("a form script receives OnRunSucceeded and OnRunFailed with { correlationId, status, message }", async () => {
    const page = await openForm({ controls: [button("good", "echo"), button("bad", "broken")] });
    await control(page, "good").getByRole("button", { name: "Run good" }).click();
    await waitForStatus(page, "good", "Received phone");
    await control(page, "bad").getByRole("button", { name: "Run bad" }).click();
    await page.locator("#form-notification", { hasText: "OnRunFailed" }).waitFor();
    const log = await page.evaluate(() => window.formScriptLog);
    assert.equal(log.length, 2, JSON.stringify(log));
    const [good, bad] = log;
    assert.equal(good.control, "good");
    assert.equal(good.event, "OnRunSucceeded");
    assert.deepEqual(Object.keys(good.params).sort(), ["correlationId", "message", "status"]);
    assert.equal(good.params.correlationId, local.stack.flows.runs[0].payload.correlationId);
    assert.equal(good.params.status, 200);
    assert.match(good.params.message, /Received phone/);
    assert.equal(bad.control, "bad");
    assert.equal(bad.event, "OnRunFailed");
    assert.deepEqual(Object.keys(bad.params).sort(), ["correlationId", "message", "status"]);
    assert.equal(bad.params.correlationId, local.stack.flows.runs[1].payload.correlationId);
    assert.equal(bad.params.status, null);
    assert.ok(!JSON.stringify(log).includes("eyJ"), "no token in the events");
});

run("a new record makes no call and starts no sign-in until it is saved; then the warm-up starts", async () => {
    const page = await openForm({ recordId: null, controls: [button("new", "echo")] });
    const userLookups = [];
    page.on("request", (request) => {
        if (request.url().includes("/systemusers(")) userLookups.push(request.url());
    });
    // Give the control every chance to call out: the form has rendered it and React has committed.
    await control(page, "new").getByText("Save the record first to run this flow.").waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    assert.deepEqual(local.stack.entra.events, [], "no sign-in attempt");
    assert.deepEqual(userLookups, [], "no Web API call");
    assert.equal(local.stack.flows.runs.length + local.stack.flows.preflights.length, 0);

    await page.getByLabel("Account Name").fill("Northwind Traders");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.locator("#record-title", { hasText: "Northwind Traders" }).waitFor();
    // Once the record exists, the silent sign-in warm-up runs without a click.
    const deadline = Date.now() + 20_000;
    while (!local.stack.entra.events.some((e) => e.type === "authorize" || e.type === "token") && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(
        local.stack.entra.events.some((e) => e.type === "authorize" || e.type === "token"),
        "the warm-up reached the sign-in service",
    );
    assert.equal(local.stack.flows.runs.length, 0, "the warm-up runs no flow");
});

describe("layout", () => {
    const LONG_LABEL = "Send this account to the regional approval board for a decision on the discount";
    const LONG_MESSAGE =
        "The approval board received the request and will answer within two working days; the account owner and the regional sales manager were both notified by email.";

    async function assertNoHorizontalOverflow(page, id) {
        const sizes = await page.evaluate((controlId) => {
            const rootElement = document.querySelector(`#control-${controlId} .flowTriggerControl`);
            return {
                control: { scroll: rootElement.scrollWidth, client: rootElement.clientWidth },
                page: { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth },
            };
        }, id);
        assert.ok(sizes.control.scroll <= sizes.control.client, `control overflows: ${JSON.stringify(sizes)}`);
        assert.ok(sizes.page.scroll <= sizes.page.client, `page overflows: ${JSON.stringify(sizes)}`);
    }

    for (const [name, options] of [
        ["375 px phone viewport", { viewport: { width: 375, height: 812 } }],
        ["300 px form column", { query: "?layout=narrow" }],
    ]) {
        run(`${name}: long label and message wrap, nothing overflows, the button works from the keyboard`, async () => {
            const page = await openForm(
                {
                    controls: [
                        button("narrow", "echo", {
                            buttonLabel: LONG_LABEL,
                            successMessage: LONG_MESSAGE,
                            unsavedChanges: "RunWithSavedValues",
                        }),
                    ],
                },
                options,
            );
            const runButton = control(page, "narrow").getByRole("button", { name: LONG_LABEL });
            await assertNoHorizontalOverflow(page, "narrow");
            await page.getByLabel("Main Phone").fill("+1 555 0300");
            await page.getByLabel("Main Phone").focus();
            // Keyboard only: Tab through the form to the button, then Enter.
            let focused = false;
            for (let step = 0; step < 20 && !focused; step += 1) {
                await page.keyboard.press("Tab");
                focused = await runButton.evaluate((element) => element === document.activeElement);
            }
            assert.ok(focused, "the button is reachable with Tab");
            await page.keyboard.press("Enter");
            await waitForStatus(page, "narrow", "approval board received");
            await assertNoHorizontalOverflow(page, "narrow");
            const box = await runButton.boundingBox();
            const column = await control(page, "narrow").boundingBox();
            assert.ok(box.width <= column.width, `button ${box.width}px in a ${column.width}px column`);
            if (options.viewport) await docScreenshot(page, "form-375px");
            else await docScreenshot(page, "form-300px-column");
        });
    }
});
