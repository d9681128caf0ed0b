// Figures of the command-bar library (issue 11): its size as built (out/command/FlowTriggerCommand.js), and
// 100 rows in per-row mode on the local grid page against a flow that answers after 200 ms.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./pcfProject.mjs";
import { encodedSizes } from "./size.mjs";

/** Where the command library's build writes its one minified script. */
export const COMMAND_LIBRARY = path.join(ROOT, "out", "command", "FlowTriggerCommand.js");
const NOT_BUILT = { unavailable: "n/a (the command library did not build)" };

const ROWS = 100;
const FLOW_DELAY_MS = 200;
const CONCURRENCY = 4;
const RUNS = 3;
const WAIT_MS = 120_000;

export function commandLibraryExists() {
    return fs.existsSync(COMMAND_LIBRARY);
}

/** Builds the library (npm run build:command) unless `reuseBuilds` and it exists. */
export function ensureCommandLibrary({ reuseBuilds = false, log = () => undefined } = {}) {
    if (reuseBuilds && commandLibraryExists()) return true;
    log("building the command library (npm run build:command) …");
    const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-command.mjs")], {
        cwd: ROOT,
        encoding: "utf8",
    });
    if (result.status !== 0) log(`command library build failed:\n${result.stderr || result.stdout}`);
    return result.status === 0 && commandLibraryExists();
}

/** size.command.*: the built library, raw and gzip. */
export function measureCommandLibrarySize(options = {}) {
    if (!ensureCommandLibrary(options)) return { "size.command.raw": NOT_BUILT, "size.command.gzip": NOT_BUILT };
    const sizes = encodedSizes(COMMAND_LIBRARY);
    return { "size.command.raw": [sizes.raw], "size.command.gzip": [sizes.gzip] };
}

/**
 * rows.*: the grid page (tools/local-stack/grid-host) with 100 sample accounts selected, a command in per-row
 * mode against a flow that answers after 200 ms. Each sample is the page-clock time from the confirmation's
 * Run to the summary opening (warm token: one run first), against the ideal 100 / 4 × 200 ms.
 * @param {{ localStack: { startLocalStack: Function, launchLocalBrowser: Function, addSampleAccounts: Function }, reuseBuilds?: boolean, log?: (text: string) => void }} options
 */
export async function measureManyRows({ localStack, reuseBuilds = true, log = () => undefined }) {
    const ideal = (ROWS / CONCURRENCY) * FLOW_DELAY_MS;
    if (!ensureCommandLibrary({ reuseBuilds, log }))
        return { "rows.perRow": NOT_BUILT, "rows.ideal": NOT_BUILT, "rows.ratio": NOT_BUILT };
    log(`many rows: ${ROWS} rows per-row, flow answers after ${FLOW_DELAY_MS} ms …`);
    const stack = await localStack.startLocalStack({
        flows: { rows: { mode: "Tenant", behavior: { kind: "respond", status: 200, delayMs: FLOW_DELAY_MS } } },
    });
    const browser = await localStack.launchLocalBrowser();
    try {
        localStack.addSampleAccounts(stack.host, ROWS);
        stack.host.setScenario(
            stack.scenario({
                commands: [
                    {
                        label: "Run for rows",
                        function: "runForRows",
                        settings: stack.entraProperties("rows", { maxRows: 250 }),
                    },
                ],
            }),
        );
        const page = await browser.context.newPage();
        await page.goto(stack.host.gridUrl);
        await page.waitForSelector("body[data-ready]", { timeout: WAIT_MS });
        // Every sample account; the two accounts of the form's dataset stay unselected.
        for (const box of await page.getByRole("checkbox", { name: /^Select Adatum / }).all()) await box.check();
        const times = [];
        for (let index = 0; index <= RUNS; index += 1) {
            const dialogsBefore = await page.evaluate(() => window.gridHost.dialogs.length);
            await page.getByRole("button", { name: "Run for rows" }).click();
            await page.locator('.xrm-dialog[data-kind="confirm"] button.primary').click();
            const summary = page.locator('.xrm-dialog[data-kind="alert"]');
            await summary.waitFor({ timeout: WAIT_MS });
            const text = await summary.locator("p").innerText();
            if (!text.startsWith(`Succeeded: ${ROWS}\n`)) throw new Error(`many rows: unexpected summary ${text}`);
            const [confirm, alert] = await page.evaluate((from) => window.gridHost.dialogs.slice(from), dialogsBefore);
            await summary.locator("button").click();
            // The first run signs in and fills the metadata cache: not a sample.
            if (index > 0) times.push(alert.openedAt - confirm.answeredAt);
        }
        if (stack.flows.runs.length !== ROWS * (RUNS + 1))
            throw new Error(`many rows: ${stack.flows.runs.length} runs, expected ${ROWS * (RUNS + 1)}`);
        return {
            "rows.perRow": times,
            "rows.ideal": [ideal],
            "rows.ratio": times.map((time) => time / ideal),
        };
    } finally {
        await browser.close();
        await stack.close();
    }
}
