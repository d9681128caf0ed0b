#!/usr/bin/env node
/**
 * `npm run benchmark`: what the control costs every form load and every click, against baselines measured in
 * the same run, judged against budgets (benchmark/figures.mjs). Prints one table (median, min, max, budget,
 * verdict), writes it to out/benchmark/results.json, and exits 1 when any figure is over its budget.
 *
 *   node scripts/benchmark.mjs [--no-build] [--only size,payload,load,click,steadiness,rows] [--budget id=value …]
 *     --no-build   reuse out/controls and out/benchmark builds when present
 *     --only       run some groups only
 *     --budget     override a budget for this run (also BENCHMARK_BUDGETS="id=value,id=value"), e.g.
 *                  --budget load.ratio=1.0 to see the exit code when a figure is over
 */
// The local stack: the only imports of it in the benchmark (re-point here when it moves).
import { startFormHost } from "../tools/local-stack/form-host/server.mjs";
import { startLocalStack } from "../tools/local-stack/stack.mjs";
import { launchLocalBrowser } from "../tools/local-stack/browser.mjs";
import { chromiumMissing } from "../tools/local-stack/chromium.mjs";
import { addSampleAccounts } from "../tools/local-stack/grid-host/accounts.mjs";

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { measureInBrowser } from "../benchmark/browser.mjs";
import { measureCommandLibrarySize, measureManyRows } from "../benchmark/commandLibrary.mjs";
import { FIGURES, GROUPS } from "../benchmark/figures.mjs";
import { measurePayload } from "../benchmark/payload.mjs";
import { measureSetupPageSize } from "../benchmark/setupPage.mjs";
import { measureSizes, OUT_DIR } from "../benchmark/size.mjs";
import { anyOverBudget, formatTable, judge, parseBudgetOverrides } from "../benchmark/verdict.mjs";

const localStack = { startFormHost, startLocalStack, launchLocalBrowser, addSampleAccounts };

const { values } = parseArgs({
    options: {
        "no-build": { type: "boolean", default: false },
        only: { type: "string" },
        budget: { type: "string", multiple: true, default: [] },
    },
});
const groups = new Set(values.only ? values.only.split(",").map((group) => group.trim()) : GROUPS);
for (const group of groups)
    if (!GROUPS.includes(group)) throw new Error(`Unknown group "${group}": ${GROUPS.join(", ")}`);
const overrides = parseBudgetOverrides(values.budget, process.env.BENCHMARK_BUDGETS, FIGURES);
const figures = FIGURES.filter((figure) => groups.has(figure.group));
// Load, click and steadiness run in Chromium: say so in one line before minutes of building, not with a stack trace after.
const noChromium = ["load", "click", "steadiness", "rows"].some((group) => groups.has(group))
    ? chromiumMissing()
    : undefined;
if (noChromium !== undefined) {
    console.error(noChromium);
    process.exit(1);
}

const started = performance.now();
const log = (text) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}`);
console.log(`FlowTriggerControl benchmark — node ${process.version}, ${os.cpus().length} cores, ${os.platform()}\n`);

const results = {};
const notes = [];
const needsBuilds = ["size", "load", "click", "steadiness"].some((group) => groups.has(group));
if (needsBuilds) {
    const sizes = await measureSizes({ reuseBuilds: values["no-build"], log });
    notes.push(...sizes.notes, `own code by package, before minification: ${JSON.stringify(sizes.modules)}`);
    if (groups.has("size"))
        Object.assign(
            results,
            sizes.figures,
            measureCommandLibrarySize({ reuseBuilds: values["no-build"], log }),
            measureSetupPageSize({ reuseBuilds: values["no-build"], log }),
        );
}
if (groups.has("payload")) Object.assign(results, await measurePayload({ log }));
if (["load", "click", "steadiness"].some((group) => groups.has(group)))
    Object.assign(results, await measureInBrowser({ localStack, groups, log }));
if (groups.has("rows"))
    Object.assign(results, await measureManyRows({ localStack, reuseBuilds: values["no-build"], log }));

const rows = judge(figures, results, overrides);
const seconds = (performance.now() - started) / 1000;
console.log(`\n${formatTable(rows)}\n`);
for (const note of notes) console.log(`note: ${note}`);
console.log(`benchmark time: ${seconds.toFixed(0)} s`);

fs.mkdirSync(OUT_DIR, { recursive: true });
const report = path.join(OUT_DIR, "results.json");
fs.writeFileSync(
    report,
    JSON.stringify(
        {
            date: new Date().toISOString(),
            node: process.version,
            cores: os.cpus().length,
            platform: os.platform(),
            seconds: Math.round(seconds),
            overrides,
            notes,
            rows,
            samples: results,
        },
        null,
        2,
    ),
);
console.log(`written: ${path.relative(process.cwd(), report)}`);

const over = rows.filter((row) => row.verdict === "OVER");
if (anyOverBudget(rows)) {
    console.log(`\nOVER BUDGET: ${over.map((row) => row.id).join(", ")}`);
    process.exitCode = 1;
}
