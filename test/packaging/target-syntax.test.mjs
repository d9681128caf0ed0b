// Every script the solution ships parses in the oldest browser the control is built for (Safari 13.0: ES2019, no `?.`
// or `??`). A script with newer syntax fails to load there as a whole; the command library and the setup page shipped
// that way until their builds compiled for the control's browsers (scripts/webResourceBundle.mjs).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkSyntaxForTargets, OLDEST_TARGET_SYNTAX } from "../../scripts/webResourceBundle.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const config = JSON.parse(fs.readFileSync(path.join(root, "Solutions", "solution.config.json"), "utf8"));

// msal-browser's redirect bridge is shipped as the package builds it (ES2020). It only runs where the popup hands its
// answer over a BroadcastChannel, which Safari has from 15.4 on (https://developer.mozilla.org/docs/Web/API/BroadcastChannel),
// so on older Safari it has nothing to do whether it parses or not (README "What the build targets").
const SHIPPED_AS_PACKAGED = new Set([
    "node_modules/@azure/msal-browser/lib/redirect-bridge/msal-redirect-bridge.min.js",
]);

test("ES2020's optional chaining and nullish coalescing are refused, ES2019 passes (seeded cases)", () => {
    assert.equal(OLDEST_TARGET_SYNTAX, 2019);
    assert.throws(
        () => checkSyntaxForTargets("var a = {}; a?.b;", "optional.js"),
        /optional\.js has syntax newer than ES2019/,
    );
    assert.throws(() => checkSyntaxForTargets("var a = null; var b = a ?? 1;", "nullish.js"), /nullish\.js/);
    assert.doesNotThrow(() =>
        checkSyntaxForTargets(
            "async function f(x) { try { await x; } catch { return { ...x }; } } const [a, ...rest] = [1, 2];",
            "es2019.js",
        ),
    );
});

test("every script the solution ships, and the control's bundle, parse as ES2019", () => {
    const scripts = [
        "out/controls/FlowTriggerControl/bundle.js",
        ...config.webResources
            .filter((resource) => resource.type === "js" && !SHIPPED_AS_PACKAGED.has(resource.source))
            .map((resource) => resource.source),
    ];
    assert.ok(scripts.includes("out/command/FlowTriggerCommand.js") && scripts.includes("out/setup/Setup.js"));
    assert.ok(scripts.includes("FlowTriggerControl/auth/redirect/SignInRedirect.js"));
    for (const script of scripts) {
        const file = path.join(root, script);
        assert.ok(fs.existsSync(file), `${script} is built (npm test builds it first)`);
        assert.doesNotThrow(() => checkSyntaxForTargets(fs.readFileSync(file, "utf8"), script));
    }
});

test("the one script shipped as its package builds it is still in the solution (else drop the exception)", () => {
    for (const source of SHIPPED_AS_PACKAGED) {
        assert.ok(
            config.webResources.some((resource) => resource.source === source),
            source,
        );
    }
});
