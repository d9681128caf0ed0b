#!/usr/bin/env node
/**
 * Builds the command-bar library: FlowTriggerControl/command/entry.ts and the modules it imports (the same
 * ones the control uses) into ONE minified script that defines the global `FlowTriggerCommand`.
 *
 *   node scripts/build-command.mjs [--out <dir>]        (default out/command)
 *
 * webpack, ts-loader and babel come with pcf-scripts (the control's own build uses them), so no new dependency;
 * scripts/webResourceBundle.mjs compiles for the control's browsers, as it does for the setup page.
 * The library has no PCF resources: the resx texts of every message key its minified code names are embedded
 * per language (1033, 1031, 1036) in place of a placeholder, and picked at run time by the user's language.
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { bundleWebResource, parseOutDirArgument } from "./webResourceBundle.mjs";
import { LANGUAGES } from "./strings.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const ENTRY = path.join(root, "FlowTriggerControl", "command", "entry.ts");
export const GLOBAL_NAME = "FlowTriggerCommand";
export const FILE_NAME = "FlowTriggerCommand.js";

/** The publisher prefix the solution is packaged with (it names the sign-in web resource). */
function publisherPrefix() {
    const config = JSON.parse(fs.readFileSync(path.join(root, "Solutions", "solution.config.json"), "utf8"));
    return config.publisher.prefix;
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
    const { file, strings } = await bundleWebResource({
        entry: ENTRY,
        outDir,
        fileName: FILE_NAME,
        // `self` is the window (or frame) the app evaluates the web resource in: the command's
        // function name "FlowTriggerCommand.runForRows" is looked up there.
        library: { name: GLOBAL_NAME, type: "self" },
        stringsName: "__FTC_COMMAND_STRINGS__",
        constants: { __FTC_PUBLISHER_PREFIX__: publisherPrefix() },
        ownKeyPrefixes: ["Command"],
    });
    checkBundle(file);
    const bytes = fs.readFileSync(file);
    const gzipBytes = gzipSync(bytes, { level: 9 }).length;
    return { file, keys: strings.keys.length, strings, rawBytes: bytes.length, gzipBytes };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
    try {
        const result = await buildCommandLibrary(
            parseOutDirArgument(process.argv.slice(2), "scripts/build-command.mjs"),
        );
        console.log(
            `[command] ${path.relative(root, result.file)}: ${result.rawBytes} bytes, ${result.gzipBytes} gzip, ` +
                `${result.keys} message keys × ${LANGUAGES.length} languages`,
        );
    } catch (error) {
        console.error(`[command] build failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    }
}
