#!/usr/bin/env node
/**
 * Builds the setup page's script: FlowTriggerControl/setup/entry.ts and the modules it imports (the same ones the
 * control and the command library use) into ONE minified same-origin script, Setup.js, beside the page
 * (FlowTriggerControl/setup/page/Setup.html and Setup.css, shipped as they are).
 *
 *   node scripts/build-setup.mjs [--out <dir>]        (default out/setup)
 *
 * Built like scripts/build-command.mjs (scripts/webResourceBundle.mjs: webpack, ts-loader and babel from pcf-scripts,
 * no new dependency, the control's browsers): the resx texts of every message key the page's minified code names
 * are embedded per language (1033, 1031, 1036) and picked at run time by the user's language.
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { bundleWebResource, parseOutDirArgument } from "./webResourceBundle.mjs";
import { LANGUAGES } from "./strings.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const ENTRY = path.join(root, "FlowTriggerControl", "setup", "entry.ts");
export const PAGE_DIR = path.join(root, "FlowTriggerControl", "setup", "page");
export const FILE_NAME = "Setup.js";
/** The page and its style sheet, copied beside the script so out/setup is the page as served. */
export const PAGE_FILES = ["Setup.html", "Setup.css"];

function solutionConfig() {
    return JSON.parse(fs.readFileSync(path.join(root, "Solutions", "solution.config.json"), "utf8"));
}

/**
 * The page must load only same-origin scripts and no inline script or style (a strict CSP).
 * @param {string} html
 */
export function checkPage(html) {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    for (const [, attributes, body] of scripts) {
        if (body.trim() !== "") throw new Error("Setup.html has an inline script");
        const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1] ?? "";
        if (src === "" || /^[a-z]+:|^\/\//i.test(src))
            throw new Error(`Setup.html loads a script that is not same-origin: ${src}`);
    }
    if (/<style\b|\sstyle="|\son[a-z]+="/i.test(html))
        throw new Error("Setup.html has an inline style or event handler");
}

export async function buildSetupPage({ outDir = path.join(root, "out", "setup") } = {}) {
    const config = solutionConfig();
    const { file, strings } = await bundleWebResource({
        entry: ENTRY,
        outDir,
        fileName: FILE_NAME,
        stringsName: "__FTC_SETUP_STRINGS__",
        constants: { __FTC_PUBLISHER_PREFIX__: config.publisher.prefix, __FTC_VERSION__: config.solution.version },
        ownKeyPrefixes: ["Command", "Setup"],
    });
    for (const name of PAGE_FILES) fs.copyFileSync(path.join(PAGE_DIR, name), path.join(outDir, name));
    checkPage(fs.readFileSync(path.join(outDir, "Setup.html"), "utf8"));
    const sizes = [FILE_NAME, ...PAGE_FILES].map((name) => fs.readFileSync(path.join(outDir, name)));
    const raw = sizes.reduce((sum, bytes) => sum + bytes.length, 0);
    const gzip = sizes.reduce((sum, bytes) => sum + gzipSync(bytes, { level: 9 }).length, 0);
    return { file, keys: strings.keys.length, rawBytes: raw, gzipBytes: gzip };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
    try {
        const result = await buildSetupPage(parseOutDirArgument(process.argv.slice(2), "scripts/build-setup.mjs"));
        console.log(
            `[setup] ${path.relative(root, path.dirname(result.file))}: Setup.html + Setup.js + Setup.css, ` +
                `${result.rawBytes} bytes, ${result.gzipBytes} gzip, ${result.keys} message keys × ${LANGUAGES.length} languages`,
        );
    } catch (error) {
        console.error(`[setup] build failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    }
}
