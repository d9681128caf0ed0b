#!/usr/bin/env node
/**
 * Runs the node:test suites (test/**\/*.test.mjs: local stack, packaging, browser end to end) one file at
 * a time. Node 20's `--test` has no globs, and its default patterns would also run every helper module
 * under test/ (some start servers), so the files are listed here explicitly.
 *   node scripts/run-node-tests.mjs [folder-or-file …]   (default: test)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumMissing, launchesChromium } from "../tools/local-stack/chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * @param {string} target
 * @returns {string[]}
 */
function findTests(target) {
    const full = path.resolve(root, target);
    if (fs.statSync(full).isFile()) return [full];
    return fs
        .readdirSync(full, { withFileTypes: true })
        .flatMap((entry) =>
            entry.isDirectory()
                ? entry.name === "node_modules"
                    ? []
                    : findTests(path.join(full, entry.name))
                : entry.name.endsWith(".test.mjs")
                  ? [path.join(full, entry.name)]
                  : [],
        )
        .sort();
}

const targets = process.argv.slice(2);
const files = (targets.length ? targets : ["test"]).flatMap(findTests);
if (files.length === 0) {
    console.error("No *.test.mjs files found.");
    process.exit(1);
}
// Browser tests without a browser: one line saying how to get one, not a stack trace per test file.
const browserTests = files.filter((file) => launchesChromium(fs.readFileSync(file, "utf8")));
const missing = browserTests.length > 0 ? chromiumMissing() : undefined;
if (missing !== undefined) {
    console.error(missing);
    process.exit(1);
}
const child = spawn(process.execPath, ["--test", "--test-concurrency=1", ...files.map((f) => path.relative(root, f))], {
    cwd: root,
    stdio: "inherit",
});
child.on("close", (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
});
