// Headless Debian Chromium for the end-to-end tests, kept on this machine. Chromium is pointed at a
// local proxy that forwards nothing, and every host name but loopback fails to resolve, so neither
// the page nor Chromium's own background services can reach out; refused requests are recorded.
// Playwright's request interception is used only where the pcf-start harness needs its CDN files
// from node_modules: interception answers CORS preflights itself, which would hide real CORS bugs.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startBlockingProxy } from "./emulators/blocking-proxy.mjs";
import { chromiumExecutable } from "./chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const nodeModules = path.join(root, "node_modules");
export const RESULTS_DIR = path.join(root, "test-results");

const CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/** CDN files the pcf-start harness and Fluent ask for, served from node_modules instead. */
const LOCAL_COPIES = [
    [
        /^https:\/\/unpkg\.com\/react@16\.14\.0\/umd\/react\.development\.js/,
        path.join(nodeModules, "react", "umd", "react.development.js"),
    ],
    [
        /^https:\/\/unpkg\.com\/react-dom@16\.14\.0\/umd\/react-dom\.development\.js/,
        path.join(nodeModules, "react-dom", "umd", "react-dom.development.js"),
    ],
];
const FONT_DIR = path.join(nodeModules, "@fluentui", "font-icons-mdl2", "fonts");

function localCopyFor(url) {
    for (const [pattern, file] of LOCAL_COPIES) if (pattern.test(url)) return file;
    // Fluent's icon fonts (fabric-icons-N-hash.woff) from the Office CDN.
    const font = /\/(fabric-icons[\w-]*\.woff2?)$/.exec(new URL(url).pathname);
    if (font && fs.existsSync(path.join(FONT_DIR, font[1]))) return path.join(FONT_DIR, font[1]);
    return undefined;
}

export function isLoopback(url) {
    try {
        const { hostname } = new URL(url);
        return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
    } catch {
        return false;
    }
}

/**
 * Playwright lists ThirdPartyStoragePartitioning in its --disable-features switch, so a frame of another site
 * shares storage and BroadcastChannel with top-level pages, as it does not in Chrome. This reads that switch
 * as Playwright builds it (from a first launch) and returns launch options that replace it with the same list
 * minus that one feature.
 */
async function keepStoragePartitioning(executablePath, args) {
    const probe = await chromium.launchServer({ executablePath, args, timeout: 60_000 });
    const spawned = probe.process().spawnargs;
    await probe.close();
    const original = spawned.find((arg) => arg.startsWith("--disable-features="));
    if (!original) return { args };
    const kept = original
        .slice("--disable-features=".length)
        .split(",")
        .filter((feature) => feature !== "ThirdPartyStoragePartitioning");
    return { ignoreDefaultArgs: [original], args: [...args, `--disable-features=${kept.join(",")}`] };
}

/**
 * Launches Chromium with a context that stays on loopback. `extraArgs`: more Chromium switches (the benchmark
 * passes --js-flags=--expose-gc). `storagePartitioning`: partition storage of frames by top-level site, as
 * Chrome ships (Playwright turns it off); tests of pages framed by another site need it.
 * @returns {Promise<{ browser, context, blocked: string[], close(): Promise<void> }>}
 */
export async function launchLocalBrowser({
    ignoreHTTPSErrors = true,
    viewport = { width: 1280, height: 800 },
    serveCdnFromNodeModules = false,
    extraArgs = [],
    storagePartitioning = false,
} = {}) {
    // First, before any server starts: without Chromium this stops with one line saying how to get it.
    const executablePath = chromiumExecutable();
    const proxy = await startBlockingProxy();
    const args = [
        ...CHROMIUM_ARGS,
        `--proxy-server=${proxy.url}`,
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        ...extraArgs,
    ];
    const launchArgs = storagePartitioning ? await keepStoragePartitioning(executablePath, args) : { args };
    const browser = await chromium.launch({ executablePath, ...launchArgs, timeout: 60_000 });
    const contextOptions = { ignoreHTTPSErrors, viewport, locale: "en-US", timezoneId: "Europe/Berlin" };
    const context = await browser.newContext(contextOptions);
    const blocked = proxy.attempts;
    if (serveCdnFromNodeModules)
        await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, async (route) => {
            const url = route.request().url();
            if (url.startsWith("data:") || url.startsWith("blob:") || url === "about:blank" || isLoopback(url)) {
                await route.continue();
                return;
            }
            const local = localCopyFor(url);
            if (local) {
                await route.fulfill({ path: local, headers: { "Access-Control-Allow-Origin": "*" } });
                return;
            }
            blocked.push(url);
            await route.abort("blockedbyclient");
        });
    return {
        browser,
        context,
        blocked,
        /** A fresh context: its own cookies and sessionStorage, so MSAL starts with an empty cache. */
        newContext: () => browser.newContext(contextOptions),
        async close() {
            await context.close().catch(() => undefined);
            await browser.close().catch(() => undefined);
            await proxy.close();
        },
    };
}

/** Saves a screenshot under test-results/ and returns its path. */
export async function screenshot(page, name) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, "-")}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
}

/** Saves a screenshot of one element (e.g. the control) under test-results/ and returns its path. */
export async function screenshotElement(locator, name) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, "-")}.png`);
    await locator.screenshot({ path: file });
    return file;
}

/**
 * Runs a browser test body; on failure, leaves a screenshot of every open page in test-results/.
 */
export async function withFailureScreenshots(context, name, body) {
    try {
        return await body();
    } catch (error) {
        let i = 0;
        for (const page of context.pages()) {
            await screenshot(page, `FAILED-${name}-${i++}`).catch(() => undefined);
        }
        throw error;
    }
}
