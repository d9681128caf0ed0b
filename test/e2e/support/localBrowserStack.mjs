// The frame the browser tests share: one local stack and one headless Chromium per test file, and per test a fresh
// emulator state (stack.reset(): runs, users' sign-in states, sample data; an imported starter stays) and a fresh
// browser context (empty MSAL cache), closed after it. A failing test leaves screenshots of its pages in test-results/.
import { after, afterEach, before, beforeEach, test } from "node:test";
import { launchLocalBrowser, withFailureScreenshots } from "../../../tools/local-stack/browser.mjs";
import { startLocalStack } from "../../../tools/local-stack/stack.mjs";

/**
 * Registers the file's hooks. The returned `stack`, `browser` and `context` are set once they exist (read them
 * inside tests and hooks); `run(name, body, options?)` is node:test's `test` with failure screenshots.
 * @param {object} options
 * @param {Parameters<typeof startLocalStack>[0] | (() => Promise<Parameters<typeof startLocalStack>[0]>)} options.stack
 *        the stack's options, or what makes them once before the stack starts (e.g. a starter zip to import)
 * @param {Parameters<typeof launchLocalBrowser>[0]} [options.browser]
 * @param {(stack: Awaited<ReturnType<typeof startLocalStack>>) => void | Promise<void>} [options.beforeEachTest]
 *        what each test of the file arranges after the reset, before its browser context opens
 */
export function localBrowserStack(options) {
    const local = {
        /** @type {Awaited<ReturnType<typeof startLocalStack>>} */
        stack: undefined,
        /** @type {Awaited<ReturnType<typeof launchLocalBrowser>>} */
        browser: undefined,
        /** @type {import("playwright-core").BrowserContext} */
        context: undefined,
        run(name, body, testOptions = {}) {
            test(name, testOptions, () => withFailureScreenshots(local.context, name, body));
        },
    };
    before(async () => {
        local.stack = await startLocalStack(
            typeof options.stack === "function" ? await options.stack() : options.stack,
        );
        local.browser = await launchLocalBrowser(options.browser);
    });
    after(async () => {
        await local.browser?.close();
        await local.stack?.close();
    });
    beforeEach(async () => {
        local.stack.reset();
        await options.beforeEachTest?.(local.stack);
        local.context = await local.browser.newContext();
    });
    afterEach(async () => {
        await local.context?.close();
    });
    return local;
}
