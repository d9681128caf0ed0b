// Where the browser tests find Chromium, and the one line they stop with when it is missing.
// No imports beyond Node: the test runner asks this before it starts any browser test.
import fs from "node:fs";

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** The Chromium the tests use: CHROME_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
    return process.env.CHROME_PATH || DEFAULT_CHROMIUM_PATH;
}

/** One line saying what is missing and how to get it; undefined when Chromium is there. */
export function chromiumMissing() {
    const executable = chromiumPath();
    try {
        fs.accessSync(executable, fs.constants.X_OK);
        if (fs.statSync(executable).isFile()) return undefined;
    } catch {
        // reported below
    }
    const where = process.env.CHROME_PATH ? `CHROME_PATH (${executable})` : executable;
    return `Chromium not found at ${where}: the browser tests need it. Install it (apt-get install chromium) or set CHROME_PATH to a Chromium executable.`;
}

/**
 * The executable to launch. Throws an error that prints as that one line (no stack trace: the cause is
 * the machine, not the code).
 */
export function chromiumExecutable() {
    const missing = chromiumMissing();
    if (missing === undefined) return chromiumPath();
    const error = new Error(missing);
    error.name = "ChromiumMissing";
    error.stack = missing;
    throw error;
}

/**
 * True for a test file that drives Chromium: it imports Playwright, the local stack's browser module or the e2e
 * tests' shared frame (test/e2e/support/localBrowserStack.mjs).
 * @param {string} source the test file's text
 */
export function launchesChromium(source) {
    return /\bfrom\s+["'](?:playwright-core|[^"']*\/local-stack\/browser\.mjs|[^"']*\/support\/localBrowserStack\.mjs)["']/.test(
        source,
    );
}
