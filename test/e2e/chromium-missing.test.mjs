// Without Chromium, the browser tests stop with one line naming the fix, not a stack trace.
// (This file launches no browser itself, so it runs on machines without one.)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import * as chromium from "../../tools/local-stack/chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MISSING = "/nonexistent/chromium";
const savedChromePath = process.env.CHROME_PATH;

afterEach(() => {
    if (savedChromePath === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = savedChromePath;
});

describe("Chromium missing", () => {
    test("the message is one line naming apt-get install chromium and CHROME_PATH", () => {
        process.env.CHROME_PATH = MISSING;
        const line = chromium.chromiumMissing();
        assert.ok(line !== undefined);
        assert.doesNotMatch(line, /\n/);
        assert.match(line, /apt-get install chromium/);
        assert.match(line, /CHROME_PATH/);
        assert.ok(line.includes(MISSING), line);
    });

    test("launching fails with that line as the whole stack", () => {
        process.env.CHROME_PATH = MISSING;
        const launch = chromium.chromiumExecutable;
        assert.throws(launch, (error) => error.stack === chromium.chromiumMissing() && !/\n\s+at /.test(error.stack));
    });

    test("the runner prints only that line and starts no browser test", () => {
        const result = spawnSync(process.execPath, ["scripts/run-node-tests.mjs", "test/e2e/form.test.mjs"], {
            cwd: root,
            env: { ...process.env, CHROME_PATH: MISSING },
            encoding: "utf8",
            timeout: 60_000,
        });
        assert.equal(result.status, 1);
        assert.equal(result.stdout, "");
        assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
        assert.match(result.stderr, /apt-get install chromium.*CHROME_PATH/);
    });

    test("the runner knows which files launch Chromium", () => {
        const source = (file) => fs.readFileSync(path.join(root, file), "utf8");
        assert.equal(chromium.launchesChromium(source("test/e2e/form.test.mjs")), true);
        assert.equal(chromium.launchesChromium(source("test/e2e/chromium-missing.test.mjs")), false);
        assert.equal(chromium.launchesChromium(source("test/packaging/versioning.test.mjs")), false);
    });
});
