#!/usr/bin/env node
/**
 * Builds the command-bar library: FlowTriggerControl/command/entry.ts and the modules it imports (the same
 * ones the control uses) into ONE minified script that defines the global `FlowTriggerCommand`.
 *
 *   node scripts/build-command.mjs [--out <dir>]        (default out/command)
 *
 * webpack + ts-loader come with pcf-scripts (the control's own build uses them), so no new dependency.
 * The library has no PCF resources: the resx texts of every message key its modules name are embedded
 * per language (1033, 1031, 1036) through DefinePlugin, and picked at run time by the user's language.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { LANGUAGES, readResx, resxPath } from "./strings.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const ts = require("typescript");

export const ENTRY = path.join(root, "FlowTriggerControl", "command", "entry.ts");
export const GLOBAL_NAME = "FlowTriggerCommand";
export const FILE_NAME = "FlowTriggerCommand.js";
// The prefixes of message keys (as the resx test reads them), plus the command library's own.
const KEY =
    /["'`]((?:Error|Auth|Message|Notice|Event|Disabled|Config|Confirm|Button|Property|Control|Command)_[A-Za-z0-9_]+)["'`]/g;

/**
 * Our source files the entry reaches through relative imports (type-only imports included: harmless).
 * @param {string} [entry]
 * @returns {string[]}
 */
export function reachableSources(entry = ENTRY) {
    /** @type {Set<string>} */
    const seen = new Set();
    const queue = [entry];
    while (queue.length > 0) {
        const file = /** @type {string} */ (queue.shift());
        if (seen.has(file)) continue;
        seen.add(file);
        const source = fs.readFileSync(file, "utf8");
        for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
            if (!fileName.startsWith(".")) continue;
            const base = path.resolve(path.dirname(file), fileName);
            const candidate = [base + ".ts", base + ".tsx", path.join(base, "index.ts")].find((f) => fs.existsSync(f));
            if (candidate) queue.push(candidate);
        }
    }
    return [...seen].sort();
}

/**
 * key → text per language for every key the library's sources name. Throws when a text is missing.
 * @param {string[]} [files]
 */
export function collectStrings(files = reachableSources()) {
    /** @type {Set<string>} */
    const keys = new Set();
    for (const file of files) {
        for (const match of fs.readFileSync(file, "utf8").matchAll(KEY)) keys.add(match[1]);
    }
    /** @type {Record<string, Record<string, string>>} */
    const table = {};
    /** @type {string[]} */
    const missing = [];
    for (const lcid of LANGUAGES) {
        const resx = new Map(readResx(resxPath(lcid)).map((entry) => [entry.key, entry.value]));
        /** @type {Record<string, string>} */
        const texts = {};
        for (const key of [...keys].sort()) {
            const text = resx.get(key);
            if (typeof text === "string" && text.trim() !== "") texts[key] = text;
            else missing.push(`${key} (${lcid})`);
        }
        table[lcid] = texts;
    }
    if (missing.length > 0) throw new Error(`No text for: ${missing.join(", ")}`);
    return { keys: [...keys].sort(), table };
}

/** The publisher prefix the solution is packaged with (it names the sign-in web resource). */
function publisherPrefix() {
    const config = JSON.parse(fs.readFileSync(path.join(root, "Solutions", "solution.config.json"), "utf8"));
    return config.publisher.prefix;
}

/**
 * @param {string} outDir
 * @param {Record<string, Record<string, string>>} strings
 * @returns {import("webpack").Configuration}
 */
function webpackConfig(outDir, strings) {
    const webpack = require("webpack");
    return {
        mode: "production",
        target: ["web", "es2020"],
        entry: ENTRY,
        output: {
            path: outDir,
            filename: FILE_NAME,
            // `self` is the window (or frame) the app evaluates the web resource in: the command's
            // function name "FlowTriggerCommand.runForRows" is looked up there.
            library: { name: GLOBAL_NAME, type: "self" },
            // Always write the file: the packager judges freshness by its modification time.
            compareBeforeEmit: false,
        },
        resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
        module: {
            rules: [
                {
                    test: /\.tsx?$/,
                    loader: "ts-loader",
                    options: {
                        configFile: path.join(root, "tsconfig.json"),
                        // Type-check only what the library contains (the control's generated types may not exist yet).
                        onlyCompileBundledFiles: true,
                        compilerOptions: { noEmit: false },
                    },
                },
            ],
        },
        plugins: [
            new webpack.DefinePlugin({
                __FTC_COMMAND_STRINGS__: JSON.stringify(strings),
                __FTC_PUBLISHER_PREFIX__: JSON.stringify(publisherPrefix()),
            }),
        ],
        devtool: false,
        performance: { hints: false },
        stats: "errors-warnings",
    };
}

/**
 * @param {import("webpack").Configuration} config
 * @returns {Promise<import("webpack").Stats>}
 */
function compile(config) {
    const webpack = require("webpack");
    return new Promise((resolve, reject) => {
        webpack(
            config,
            (/** @type {Error | null} */ error, /** @type {import("webpack").Stats | undefined} */ stats) => {
                if (error) return reject(error);
                if (!stats) return reject(new Error("webpack returned no stats"));
                if (stats.hasErrors()) return reject(new Error(stats.toString("errors-only")));
                resolve(stats);
            },
        );
    });
}

/**
 * The minifier moves the bundled packages' license comments (msal-browser's MIT notice) to a .LICENSE.txt beside
 * the script; only the script is shipped, so they go back to its top, in place of the pointer to that file.
 */
/** @param {string} file */
function inlineLicenseNotices(file) {
    const notices = `${file}.LICENSE.txt`;
    if (!fs.existsSync(notices)) return;
    const pointer = `/*! For license information please see ${FILE_NAME}.LICENSE.txt */`;
    const text = fs.readFileSync(file, "utf8");
    const body = text.startsWith(pointer) ? text.slice(pointer.length).replace(/^\n/, "") : text;
    const oneLine = fs
        .readFileSync(notices, "utf8")
        .trim()
        .split(/\s*\n\s*/)
        .join(" ");
    fs.writeFileSync(file, `${oneLine}\n${body}`);
    fs.rmSync(notices);
}

/** Evaluates the script as a page would and checks the global it defines. */
/** @param {string} file */
export function checkBundle(file) {
    const ignore = () => undefined;
    /** @type {Record<string, any>} */
    const sandbox = { console: { log: ignore, warn: ignore, error: ignore } };
    sandbox.self = sandbox;
    sandbox.window = sandbox;
    sandbox.globalThis = sandbox;
    vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { filename: FILE_NAME });
    const api = sandbox[GLOBAL_NAME];
    for (const name of ["runForRows", "runForForm"]) {
        if (typeof api?.[name] !== "function") throw new Error(`${FILE_NAME} does not define ${GLOBAL_NAME}.${name}`);
    }
}

export async function buildCommandLibrary({ outDir = path.join(root, "out", "command") } = {}) {
    const strings = collectStrings();
    await compile(webpackConfig(outDir, strings.table));
    const file = path.join(outDir, FILE_NAME);
    inlineLicenseNotices(file);
    checkBundle(file);
    const bytes = fs.readFileSync(file);
    return { file, keys: strings.keys.length, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/**
 * @param {string[]} argv
 * @returns {{ outDir?: string }}
 */
function parseArgs(argv) {
    /** @type {{ outDir?: string }} */
    const args = {};
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--out") args.outDir = path.resolve(argv[++i] ?? "");
        else throw new Error(`Unknown argument ${argv[i]}. Usage: node scripts/build-command.mjs [--out <dir>]`);
    }
    return args;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
    try {
        const result = await buildCommandLibrary(parseArgs(process.argv.slice(2)));
        console.log(
            `[command] ${path.relative(root, result.file)}: ${result.rawBytes} bytes, ${result.gzipBytes} gzip, ` +
                `${result.keys} message keys × ${LANGUAGES.length} languages`,
        );
    } catch (error) {
        console.error(`[command] build failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    }
}
