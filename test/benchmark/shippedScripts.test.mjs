// Every script the solution ships from our own build holds its line: a web resource built into out/ (the command
// library, the setup page's scripts) must have a gzip size budget in benchmark/figures.mjs, so a new shipped script
// cannot land without one (issue 18).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { FIGURES } from "../../benchmark/figures.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const config = JSON.parse(fs.readFileSync(path.join(root, "Solutions", "solution.config.json"), "utf8"));

/** @param {ReadonlyArray<{ type: string, source: string }>} webResources @param {typeof FIGURES} figures */
function shippedScriptsWithoutBudget(webResources, figures) {
    const budgeted = new Set(
        figures.filter((figure) => figure.budget !== undefined && figure.shippedScript).map((f) => f.shippedScript),
    );
    return webResources
        .filter((resource) => resource.type === "js" && resource.source.startsWith("out/"))
        .map((resource) => resource.source)
        .filter((source) => !budgeted.has(source));
}

test("every built script in solution.config.json has a size budget", () => {
    const built = config.webResources.filter((resource) => resource.source.startsWith("out/"));
    assert.ok(built.length >= 2, "the command library and the setup page's script are shipped from out/");
    assert.deepEqual(shippedScriptsWithoutBudget(config.webResources, FIGURES), []);
});

test("a built script without a budget is named (seeded case)", () => {
    const resources = [...config.webResources, { type: "js", source: "out/setup/Unbudgeted.js" }];
    assert.deepEqual(shippedScriptsWithoutBudget(resources, FIGURES), ["out/setup/Unbudgeted.js"]);
    const unbudgeted = FIGURES.map((figure) => ({ ...figure, budget: undefined }));
    assert.deepEqual(shippedScriptsWithoutBudget(config.webResources, unbudgeted), [
        "out/command/FlowTriggerCommand.js",
        "out/setup/Setup.js",
    ]);
});
