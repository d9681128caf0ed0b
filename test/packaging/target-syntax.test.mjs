// Every script the solution ships parses in the oldest browser the control is built for (Safari 13.1: ES2020 without
// BigInt literals). A script with newer syntax fails to load there as a whole. The command library and the setup page
// are built by our own scripts (scripts/webResourceBundle.mjs), which compile them for the control's browsers and
// refuse what those can't parse; this checks every shipped file the same way, the ones shipped as written included.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkSyntaxForTargets, OLDEST_TARGET_SYNTAX } from "../../scripts/webResourceBundle.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const config = JSON.parse(fs.readFileSync(path.join(root, "Solutions", "solution.config.json"), "utf8"));

test("syntax newer than Safari 13.1 is refused and named, ES2020 passes (seeded cases)", () => {
    assert.equal(OLDEST_TARGET_SYNTAX, 2020);
    assert.throws(
        () => checkSyntaxForTargets("var a = 1; a ||= 2;", "logical.js"),
        /logical\.js has syntax newer than ES2020/,
    );
    assert.throws(() => checkSyntaxForTargets("class A { x = 1 }", "field.js"), /field\.js has syntax newer/);
    assert.throws(() => checkSyntaxForTargets("var n = 1_000;", "separator.js"), /separator\.js/);
    assert.throws(() => checkSyntaxForTargets("var big = 10n;", "big.js"), /big\.js has a BigInt literal \(1:10\)/);
    assert.doesNotThrow(() =>
        checkSyntaxForTargets(
            "async function f(x) { try { return (await x)?.y ?? { ...x }; } catch { return null; } }",
            "es2020.js",
        ),
    );
});

test("every script the solution ships, and the control's bundle, parse in Safari 13.1", () => {
    const scripts = [
        "out/controls/FlowTriggerControl/bundle.js",
        ...config.webResources.filter((resource) => resource.type === "js").map((resource) => resource.source),
    ];
    for (const expected of [
        "out/command/FlowTriggerCommand.js",
        "out/setup/Setup.js",
        "FlowTriggerControl/auth/redirect/SignInRedirect.js",
    ]) {
        assert.ok(scripts.includes(expected), expected);
    }
    for (const script of scripts) {
        const file = path.join(root, script);
        assert.ok(fs.existsSync(file), `${script} is built (npm test builds it first)`);
        assert.doesNotThrow(() => checkSyntaxForTargets(fs.readFileSync(file, "utf8"), script));
    }
});
