// The control in Microsoft's own harness (pcf-start), headless: it loads, shows the misconfigured
// state for the harness's placeholder values, and becomes a working button once the inputs are valid.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchLocalBrowser, screenshotElement, withFailureScreenshots } from "../../tools/local-stack/browser.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CONTROL_DIR = path.join(root, "out", "controls", "FlowTriggerControl");

let harness;
let browser;

function startHarness() {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [path.join(root, "node_modules", "pcf-start", "bin", "pcf-start.js"), "--codePath", CONTROL_DIR],
            {
                cwd: root,
                env: {
                    ...process.env,
                    PP_TOOLS_TELEMETRY_OPTOUT: "true",
                    APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
                    BROWSER: "none",
                },
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        let output = "";
        const timer = setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`pcf-start did not start within 30 s:\n${output}`));
        }, 30_000);
        const onData = (chunk) => {
            output += chunk.toString();
            const m = /Local:\s*(http:\/\/localhost:\d+)/.exec(output);
            if (m) {
                clearTimeout(timer);
                resolve({ child, url: m[1].replace("localhost", "127.0.0.1") });
            }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`pcf-start exited (${code}):\n${output}`));
        });
    });
}

before(async () => {
    harness = await startHarness();
    browser = await launchLocalBrowser({ ignoreHTTPSErrors: false, serveCdnFromNodeModules: true });
});

after(async () => {
    await browser?.close();
    if (harness) {
        harness.child.removeAllListeners("exit");
        harness.child.kill("SIGTERM");
    }
});

test("loads in the pcf-start harness: misconfigured with placeholder inputs, idle once configured", async () => {
    const page = await browser.context.newPage();
    const failed = [];
    page.on("requestfailed", (request) => failed.push(request.url()));
    await withFailureScreenshots(browser.context, "harness", async () => {
        await page.goto(harness.url, { waitUntil: "domcontentloaded" });
        const control = page.locator("#TestControl-pcf-container-id");
        // The harness fills every text input with "val", the label included.
        const button = control.getByRole("button", { name: "val" });
        await button.waitFor({ timeout: 30_000 });

        // "val" is neither a URL nor a GUID: the control is misconfigured.
        assert.equal(await button.getAttribute("aria-disabled"), "true");
        await control.getByText("This button isn't set up correctly.", { exact: false }).waitFor();
        await control.getByText("Show details").click();
        await control.getByText("Enter a GUID", { exact: false }).first().waitFor();
        await screenshotElement(control, "harness-misconfigured");

        // Fill the inputs the harness shows (one text box per property, in manifest order).
        const values = {
            flowUrl:
                "https://0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1",
            clientId: "11111111-2222-3333-4444-555555555555",
            tenantId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            authority: "",
            redirectUri: "",
            payloadFields: "name,telephone1",
            trustedHosts: "",
            buttonLabel: "Request approval",
            buttonIcon: "Send",
            accessibleLabel: "",
            confirmationText: "",
            successMessage: "",
            timeoutSeconds: "60",
        };
        // Each property is an .io-item: a "Property" row with its name, then a "Value" row with the input.
        const items = page.locator(".io-item");
        const count = await items.count();
        let filled = 0;
        for (let i = 0; i < count; i++) {
            const item = items.nth(i);
            const name = (
                await item
                    .locator(".key-value-pair-value span")
                    .first()
                    .innerText()
                    .catch(() => "")
            ).trim();
            const input = item.locator("input[type=text], input[type=number]");
            if (Object.hasOwn(values, name) && (await input.count()) === 1) {
                await input.fill(values[name]);
                await input.press("Tab");
                filled++;
            }
        }
        assert.equal(filled, Object.keys(values).length, `expected to fill the harness inputs, filled ${filled}`);
        const configured = control.getByRole("button", { name: "Request approval" });
        await configured.waitFor({ timeout: 15_000 });
        // No record id in the harness: the button explains that the record must be saved.
        await control.getByText("Save the record first to run this flow.").waitFor();
        await screenshotElement(control, "harness-configured");
        assert.deepEqual(
            failed.filter((u) => !/static2\.sharepointonline\.com|res-1\.cdn\.office\.net/.test(u)),
            [],
            "only Fluent's Segoe UI web fonts may be missing",
        );
    });
    await page.close();
});
