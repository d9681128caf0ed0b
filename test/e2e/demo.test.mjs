// `npm run demo` as a new user meets it: the script starts, prints one URL, a click on that form
// signs in through the emulated tenant and produces a recorded run, and Ctrl+C stops it cleanly.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchLocalBrowser, screenshot, withFailureScreenshots } from "../../tools/local-stack/browser.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

let demo;
let browser;

function startDemo() {
    return new Promise((resolve, reject) => {
        // --no-build: `npm test` has just built the bundle; the demo's own build is the same command.
        const child = spawn(process.execPath, [path.join(root, "scripts", "demo.mjs"), "--no-build", "--port", "0"], {
            cwd: root,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`the demo did not print its URL within 30 s:\n${output}`));
        }, 30_000);
        const onData = (chunk) => {
            output += chunk.toString();
            const url = /open:\s+(https:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
            const runs = /Runs, with payload and caller:\s+(\S+)/.exec(output)?.[1];
            if (url && runs) {
                clearTimeout(timer);
                resolve({ child, url, runs, output: () => output });
            }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`the demo exited early (${code}):\n${output}`));
        });
    });
}

before(async () => {
    demo = await startDemo();
    browser = await launchLocalBrowser();
});

after(async () => {
    await browser?.close();
    if (demo && demo.child.exitCode === null) demo.child.kill("SIGKILL");
});

test("the demo URL shows the form; a click signs in and records a run; Ctrl+C stops it", async () => {
    const { context } = browser;
    const page = await context.newPage();
    await withFailureScreenshots(context, "demo", async () => {
        await page.goto(demo.url);
        await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
        await page.getByRole("button", { name: "Request approval" }).waitFor();
        await screenshot(page, "demo-form-before");

        await page.getByRole("button", { name: "Request approval" }).click();
        const dialog = page.getByRole("alertdialog");
        await dialog.getByText("Send this account for approval?").waitFor();
        await screenshot(page, "demo-confirm");
        const popupPromise = context.waitForEvent("page");
        await dialog.getByRole("button", { name: "Run" }).click();
        const popup = await popupPromise;
        await popup.getByRole("button", { name: /Sign in as Adele Vance/ }).waitFor();
        await screenshot(popup, "demo-sign-in");
        await popup.getByRole("button", { name: /Sign in as Adele Vance/ }).click();
        await page.getByText("Approval requested for Contoso Pharmaceuticals.").first().waitFor({ timeout: 20_000 });
        await screenshot(page, "demo-form-after");

        const runsPage = await context.newPage();
        await runsPage.goto(demo.runs);
        await runsPage.getByText("adele@contoso.test").first().waitFor();
        await runsPage.getByText("Contoso Pharmaceuticals").first().waitFor();
        await screenshot(runsPage, "demo-runs-page");
        const runs = await (await fetch(new URL("/runs", demo.runs))).json();
        const list = Array.isArray(runs) ? runs : runs.runs;
        assert.equal(list.length, 1);
        assert.equal(list[0].caller.upn, "adele@contoso.test");
        assert.equal(list[0].payload.record.fields.name, "Contoso Pharmaceuticals");

        // The setup page's URL is printed too, with the approval button's properties: its rows check out.
        const setupUrl =
            /Check the setup[^\n]*:\s+(https:\/\/127\.0\.0\.1:\d+\/WebResources\/ftc_\/FlowTriggerControl\/Setup\.html\?\S+)/.exec(
                demo.output(),
            )?.[1];
        assert.ok(setupUrl, `the demo prints the setup page's URL:\n${demo.output()}`);
        const setup = await context.newPage();
        await setup.goto(setupUrl);
        for (const id of ["settings", "flowUrl", "redirectPage", "schema"]) {
            await setup.waitForSelector(`[data-check="${id}"][data-status="pass"]`, { timeout: 30_000 });
        }
        // Issue 17: the starter flow's setup page is printed too; its Flow row lists the imported starter flow.
        const starterUrl = /The starter flow[\s\S]*?Open:\s+(https:\/\/\S+Setup\.html\?\S+)/.exec(demo.output())?.[1];
        assert.ok(starterUrl, `the demo prints the starter flow's setup page:\n${demo.output()}`);
        const starter = await context.newPage();
        await starter.goto(starterUrl);
        await starter.waitForSelector('[data-check="flow"][data-status="pass"]', { timeout: 30_000 });
        assert.match(await starter.locator("[data-flow-list]").innerText(), /Starter approval/);
        const after = await (await fetch(new URL("/runs", demo.runs))).json();
        assert.equal((Array.isArray(after) ? after : after.runs).length, 1, "the setup page ran nothing");
    });

    const exited = new Promise((resolve) => demo.child.once("exit", (code, signal) => resolve({ code, signal })));
    demo.child.removeAllListeners("exit");
    const closed = new Promise((resolve) => demo.child.once("exit", (code, signal) => resolve({ code, signal })));
    demo.child.kill("SIGINT");
    const result = await Promise.race([
        closed,
        exited,
        new Promise((resolve) => setTimeout(() => resolve("timeout"), 10_000)),
    ]);
    assert.deepEqual(result, { code: 0, signal: null }, `the demo stops cleanly on Ctrl+C:\n${demo.output()}`);
});
