// One click, one run, in headless Chromium on the local form: a flow whose own Response answers 403 runs once
// and its message is shown; the platform's own expired-token refusal is sent again once; holding Enter on the
// focused button runs the flow once, however often the key repeats.
import assert from "node:assert/strict";
import { describe } from "node:test";
import { screenshot } from "../../tools/local-stack/browser.mjs";
import { localBrowserStack } from "./support/localBrowserStack.mjs";

const FLOW_MESSAGE = "You may not approve this order.";
let runNumber = 0;

const TEST_FLOWS = {
    forbidden: { mode: "Tenant", behavior: { kind: "respond", status: 403, body: { message: FLOW_MESSAGE } } },
    numbered: {
        mode: "Tenant",
        behavior: { kind: "respond", status: 200, body: () => ({ message: `Run number ${++runNumber}` }) },
    },
};

const local = localBrowserStack({
    stack: { flows: TEST_FLOWS },
    beforeEachTest: () => {
        runNumber = 0;
    },
});
const { run } = local;

/** Opens the form with one control on `flow`; records the POSTs the page sends to the flow host. */
async function openForm(flow) {
    local.stack.host.setScenario(
        local.stack.scenario({
            controls: [
                {
                    id: "main",
                    label: "main",
                    field: "ftc_flowstatus",
                    properties: local.stack.entraProperties(flow, { buttonLabel: "Run flow" }),
                },
            ],
        }),
    );
    const page = await local.context.newPage();
    const posts = [];
    page.on("request", (request) => {
        if (request.method() === "POST" && request.url().startsWith(local.stack.flows.url)) posts.push(request.url());
    });
    // Every keydown the button sees, and every click, counted where the browser dispatches them.
    await page.addInitScript(() => {
        window.__keys = [];
        window.__clicks = 0;
        const onButton = (event) =>
            event.target instanceof Element && event.target.closest("[data-testid=flow-trigger-button]");
        document.addEventListener("keydown", (event) => onButton(event) && window.__keys.push(event.repeat), true);
        document.addEventListener("click", (event) => onButton(event) && (window.__clicks += 1), true);
    });
    await page.goto(local.stack.host.url);
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#host-status"));
    const control = page.locator("#control-main");
    return { page, posts, control, button: control.getByRole("button", { name: "Run flow" }) };
}

async function statusText(control, text) {
    const status = control.getByRole("status");
    await status.getByText(text, { exact: false }).waitFor({ timeout: 20_000 });
    return (await status.innerText()).trim();
}

describe("a flow that answers an error status itself", () => {
    run("the flow answers 403 with a message: one POST, one run, the flow's message and its reference", async () => {
        const { page, posts, control, button } = await openForm("forbidden");
        await button.click();
        const text = await statusText(control, `The flow reported an error: ${FLOW_MESSAGE}`);

        assert.equal(local.stack.flows.runs.length, 1);
        assert.equal(posts.length, 1);
        assert.match(text, /HTTP 403/);
        assert.ok(text.includes(local.stack.flows.runs[0].payload.correlationId), text);
        assert.doesNotMatch(text, /refused your sign-in/);
        await screenshot(page, "one-click-one-run-flow-403");
    });

    run("the platform refuses an expired token: sent again once with a new token, one run", async () => {
        local.stack.flows.refuse("numbered", "expiredToken");
        const { posts, control, button } = await openForm("numbered");
        await button.click();
        await statusText(control, "Run number 1");

        assert.equal(posts.length, 2);
        assert.equal(local.stack.flows.runs.length, 1);
    });
});

describe("a held key", () => {
    run("holding Enter on the focused button runs the flow once; the next press runs it once more", async () => {
        const { page, control, button } = await openForm("numbered");
        await button.focus();
        await page.keyboard.down("Enter");
        await statusText(control, "Run number 1");
        // The run has ended and the button is ready again: each further keydown of the held key is a repeat.
        for (let repeat = 0; repeat < 4; repeat += 1) await page.keyboard.down("Enter");
        await page.keyboard.up("Enter");

        assert.deepEqual(await page.evaluate(() => window.__keys), [false, true, true, true, true]);
        assert.equal(await page.evaluate(() => window.__clicks), 1);

        // A new press is a new click: exactly one more run, and it is the second.
        await page.keyboard.press("Enter");
        await statusText(control, "Run number 2");
        assert.equal(await page.evaluate(() => window.__clicks), 2);
        assert.equal(local.stack.flows.runs.length, 2);
    });
});
