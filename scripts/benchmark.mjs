#!/usr/bin/env node
/**
 * `npm run benchmark`: prints the figures the project tracks, without asserting on any of them.
 *   - production build time, and the bundle's size raw / gzip / brotli
 *   - the solution zip's size
 *   - click-to-message time in headless Chromium on the local emulated tenant (median of N clicks),
 *     for a shared-access-signature flow and for a signed-in (Entra ID) flow with a warm token cache
 *   node scripts/benchmark.mjs [--clicks 15] [--no-build]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { chromiumMissing } from "../test/e2e/support/chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
    options: { clicks: { type: "string", default: "15" }, "no-build": { type: "boolean", default: false } },
});
// The clicks run in Chromium: say so in one line before minutes of building, not with a stack trace after.
const noChromium = chromiumMissing();
if (noChromium !== undefined) {
    console.error(noChromium);
    process.exit(1);
}
const env = { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "true", APPLICATION_INSIGHTS_NO_STATSBEAT: "true" };
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString("en-US")} B)`;
const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function timed(label, args) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) {
        process.stderr.write(result.stdout + result.stderr);
        throw new Error(`${label} failed`);
    }
    return seconds;
}

console.log("FlowTriggerControl benchmark");
console.log(`node ${process.version}, ${(await import("node:os")).cpus().length} cores\n`);

if (!values["no-build"]) {
    const seconds = timed("production build", [path.join(root, "scripts", "pcf.mjs"), "build", "production"]);
    console.log(`production build (pcf-scripts + tsc --noEmit): ${seconds.toFixed(1)} s`);
}
const bundle = fs.readFileSync(path.join(root, "out", "controls", "FlowTriggerControl", "bundle.js"));
console.log(`bundle.js raw:    ${kb(bundle.length)}`);
console.log(`bundle.js gzip:   ${kb(zlib.gzipSync(bundle, { level: 9 }).length)}`);
console.log(`bundle.js brotli: ${kb(zlib.brotliCompressSync(bundle).length)}`);
// MSAL is the one big dependency bundled (React and Fluent come from the platform).
const msal = fs.readFileSync(path.join(root, "node_modules", "@azure", "msal-browser", "lib", "msal-browser.min.js"));
console.log(
    `  for scale: msal-browser.min.js alone ${kb(msal.length)} raw, ${kb(zlib.gzipSync(msal, { level: 9 }).length)} gzip`,
);

const packSeconds = timed("solution", [path.join(root, "scripts", "solution", "package.mjs"), "--no-build"]);
const outDir = path.join(root, "Solutions", "out");
for (const zip of fs
    .readdirSync(outDir)
    .filter((f) => f.endsWith(".zip"))
    .sort()) {
    console.log(`${zip}: ${kb(fs.statSync(path.join(outDir, zip)).size)}`);
}
console.log(`solution packaging (no build): ${packSeconds.toFixed(2)} s\n`);

// Click to message, in a real browser against the local emulators.
const { startLocalStack } = await import("../test/host/stack.mjs");
const { launchLocalBrowser } = await import("../test/e2e/support/browser.mjs");
const clicks = Number(values.clicks);
const stack = await startLocalStack({
    flows: {
        entra: { mode: "Tenant", behavior: { kind: "respond", status: 200, body: { message: "ok" } } },
        sas: { mode: "All", behavior: { kind: "respond", status: 200, body: { message: "ok" } } },
    },
});
const browser = await launchLocalBrowser();
try {
    stack.host.setScenario(
        stack.scenario({
            controls: [
                {
                    id: "sas",
                    label: "sas",
                    field: "ftc_flowstatus",
                    properties: stack.sasProperties("sas", { buttonLabel: "sas", payloadFields: "*" }),
                },
                {
                    id: "entra",
                    label: "entra",
                    field: "ftc_flowstatus",
                    properties: stack.entraProperties("entra", { buttonLabel: "entra", payloadFields: "*" }),
                },
            ],
        }),
    );
    const page = await browser.context.newPage();
    const loadStart = Date.now();
    await page.goto(stack.host.url);
    await page.waitForSelector("body[data-ready=true]");
    await page.getByRole("button", { name: "entra" }).waitFor();
    console.log(`form load to buttons visible: ${Date.now() - loadStart} ms`);

    for (const id of ["sas", "entra"]) {
        const times = [];
        const root = page.locator(`#control-${id}`);
        for (let i = 0; i <= clicks; i++) {
            const close = root.getByRole("button", { name: "Close message" });
            if (await close.count()) await close.click();
            const started = await page.evaluate(() => performance.now());
            await root.getByRole("button", { name: id }).click();
            await root.getByRole("status").getByText("ok").waitFor();
            const ended = await page.evaluate(() => performance.now());
            if (i > 0) times.push(ended - started); // the first click warms caches (token, metadata)
        }
        console.log(
            `click → message, ${id === "sas" ? "shared access signature" : "Entra ID, warm token"}, payload "*": ` +
                `median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)} (${times.length} clicks)`,
        );
    }
    console.log(`flow runs recorded: ${stack.flows.runs.length}`);
} finally {
    await browser.close();
    await stack.close();
}
