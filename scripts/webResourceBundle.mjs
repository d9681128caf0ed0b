/**
 * What the two web-resource scripts (the command library, scripts/build-command.mjs, and the setup page,
 * scripts/build-setup.mjs) build the same way: the message texts they embed, the browsers they are compiled
 * for, the webpack run and the licence notices at the top of the shipped file.
 *
 * The control's own bundle is compiled by pcf-scripts with babel for the browsers in `pcfconfig.json` `targets`
 * (README "What the build targets"). These scripts are loaded by the same apps in the same browsers, so they get
 * the same treatment: TypeScript to ES2020, then babel with those targets, and a check of what came out.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LANGUAGES, readResx, resxPath } from "./strings.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const acorn = require("acorn");

// The prefixes of message keys, as the resx test reads them.
const KEY_PREFIXES = [
    "Error",
    "Auth",
    "Message",
    "Notice",
    "Event",
    "Disabled",
    "Config",
    "Confirm",
    "Button",
    "Property",
    "Control",
];

/**
 * A pattern that finds quoted message keys with the common prefixes plus a build's own.
 * @param {string[]} [ownPrefixes]
 */
function messageKeyPattern(ownPrefixes = []) {
    const prefixes = [...KEY_PREFIXES, ...ownPrefixes].join("|");
    return new RegExp(`["'\`]((?:${prefixes})_[A-Za-z0-9_]+)["'\`]`, "g");
}

/**
 * key → text per language for the keys. Throws when a text is missing.
 * @param {Iterable<string>} keys
 */
function collectMessageTexts(keys) {
    const sorted = [...new Set(keys)].sort();
    /** @type {Record<string, Record<string, string>>} */
    const table = {};
    /** @type {string[]} */
    const missing = [];
    for (const lcid of LANGUAGES) {
        const resx = new Map(readResx(resxPath(lcid)).map((entry) => [entry.key, entry.value]));
        /** @type {Record<string, string>} */
        const texts = {};
        for (const key of sorted) {
            const text = resx.get(key);
            if (typeof text === "string" && text.trim() !== "") texts[key] = text;
            else missing.push(`${key} (${lcid})`);
        }
        table[lcid] = texts;
    }
    if (missing.length > 0) throw new Error(`No text for: ${missing.join(", ")}`);
    return { keys: sorted, table };
}

/**
 * What each build defines its string table as (DefinePlugin): a global name the minifier leaves as it is, replaced
 * after minification by fillStringTable. So a script carries the texts of exactly the keys its minified code still
 * names: a key named only in code the bundle dropped (viewModel.ts's `Disabled_*` in the command library, say)
 * costs nothing, where collecting keys from every reachable source file embedded its texts in three languages.
 */
const STRING_TABLE_PLACEHOLDER = "__FTC_STRING_TABLE__";

/**
 * The JavaScript expression for a string table: the same `lcid → key → text` object, written with each key once
 * and each language's texts as a list in key order, because the keys written three times cost about 0.8 KB gzip
 * of every shipped script.
 * @param {{ keys: string[], table: Record<string, Record<string, string>> }} texts
 */
function stringTableExpression({ keys, table }) {
    const lists = Object.fromEntries(
        Object.entries(table).map(([lcid, byKey]) => [lcid, keys.map((key) => byKey[key])]),
    );
    return (
        "((k,l)=>Object.fromEntries(Object.entries(l).map(([c,t])=>[c,Object.fromEntries(k.map((x,i)=>[x,t[i]]))])))" +
        `(${JSON.stringify(keys)},${JSON.stringify(lists)})`
    );
}

/**
 * Replaces the placeholder in the minified script by the table of every message key the script names.
 * @param {string} file
 * @param {RegExp} keyPattern a global pattern whose first group is a key (messageKeyPattern)
 */
function fillStringTable(file, keyPattern) {
    const code = fs.readFileSync(file, "utf8");
    const parts = code.split(STRING_TABLE_PLACEHOLDER);
    if (parts.length !== 2) {
        throw new Error(`${path.basename(file)} names ${STRING_TABLE_PLACEHOLDER} ${parts.length - 1} times, not once`);
    }
    const texts = collectMessageTexts(Array.from(code.matchAll(keyPattern), (match) => match[1]));
    fs.writeFileSync(file, parts.join(`(${stringTableExpression(texts)})`));
    return texts;
}

/** The browsers the control is built for (`pcfconfig.json` `targets`, handed to babel by pcf-scripts). */
function browserTargets() {
    return JSON.parse(fs.readFileSync(path.join(root, "pcfconfig.json"), "utf8")).targets;
}

/**
 * babel-loader for those browsers. The project's babel.config.json (its assumptions, the shared runtime helpers)
 * applies as it does in the control's build. `bugfixes` compiles only the syntax these browsers lack, where the
 * control's build (pcf-scripts' options) rewrites whole features: same browsers, fewer bytes.
 */
function babelLoader() {
    return {
        loader: require.resolve("babel-loader"),
        options: {
            cwd: root,
            root,
            sourceType: "unambiguous",
            presets: [[require.resolve("@babel/preset-env"), { targets: browserTargets(), bugfixes: true }]],
        },
    };
}

/**
 * The module rules of both scripts: TypeScript → ES2020 → babel; packages' JavaScript → babel, except babel's
 * own runtime helpers (already compiled, and what the compiled code imports).
 * @returns {import("webpack").RuleSetRule[]}
 */
function browserModuleRules() {
    return [
        {
            test: /\.tsx?$/,
            use: [
                babelLoader(),
                {
                    loader: "ts-loader",
                    options: {
                        configFile: path.join(root, "tsconfig.json"),
                        // Type-check only what the script contains (the control's generated types may not exist yet).
                        onlyCompileBundledFiles: true,
                        compilerOptions: { noEmit: false },
                    },
                },
            ],
        },
        { test: /\.m?js$/, exclude: /[\\/]node_modules[\\/]@babel[\\/]runtime[\\/]/, use: [babelLoader()] },
    ];
}

/**
 * The newest syntax the oldest target browser parses: Safari 13.1 (`pcfconfig.json`; README "What the build
 * targets") has ES2020's `?.` and `??` but no BigInt (Safari 14), so ES2020 without BigInt literals. A shipped
 * script with newer syntax fails to load there as a whole.
 */
export const OLDEST_TARGET_SYNTAX = 2020;

/**
 * Throws when the script has syntax the oldest target browser can't parse, naming where.
 * @param {string} code
 * @param {string} fileName
 */
export function checkSyntaxForTargets(code, fileName) {
    /** @type {string | undefined} */
    let bigIntAt;
    try {
        acorn.parse(code, {
            ecmaVersion: OLDEST_TARGET_SYNTAX,
            sourceType: "script",
            locations: true,
            onToken: (token) => {
                // A number token's value (acorn's Token type leaves it out): a bigint for `10n`.
                const value = /** @type {{ value?: unknown }} */ (/** @type {unknown} */ (token)).value;
                if (bigIntAt === undefined && typeof value === "bigint" && token.loc)
                    bigIntAt = `a BigInt literal (${token.loc.start.line}:${token.loc.start.column})`;
            },
        });
    } catch (error) {
        const where = error instanceof SyntaxError ? error.message : String(error);
        throw new Error(`${fileName} has syntax newer than ES${OLDEST_TARGET_SYNTAX} (Safari 13.1): ${where}`);
    }
    if (bigIntAt !== undefined) throw new Error(`${fileName} has ${bigIntAt}, which Safari 13.1 can't parse`);
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
 * The minifier moves the bundled packages' licence comments (msal-browser's MIT notice) to a .LICENSE.txt beside
 * the script; only the script is shipped, so they go back to its top, in place of the pointer to that file.
 * @param {string} file
 */
function inlineLicenseNotices(file) {
    const notices = `${file}.LICENSE.txt`;
    if (!fs.existsSync(notices)) return;
    const pointer = `/*! For license information please see ${path.basename(file)}.LICENSE.txt */`;
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

/**
 * Builds one web-resource script the way both builds do: webpack (production, the control's browsers, the
 * string-table placeholder and the build's own constants), then the licence notices back on top, the texts of the
 * keys the minified code names, and the syntax check.
 * @param {{ entry: string, outDir: string, fileName: string, library?: import("webpack").LibraryOptions,
 *   stringsName: string, constants: Record<string, unknown>, ownKeyPrefixes: string[] }} options
 */
export async function bundleWebResource({ entry, outDir, fileName, library, stringsName, constants, ownKeyPrefixes }) {
    const webpack = require("webpack");
    const defines = Object.fromEntries(Object.entries(constants).map(([name, value]) => [name, JSON.stringify(value)]));
    await compile({
        mode: "production",
        // ES2020: what Safari 13.1 parses (webpack writes its runtime code for this target).
        target: ["web", "es2020"],
        entry,
        // Always write the file: the packager judges freshness by its modification time.
        output: { path: outDir, filename: fileName, library, compareBeforeEmit: false },
        resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
        module: { rules: browserModuleRules() },
        plugins: [new webpack.DefinePlugin({ [stringsName]: STRING_TABLE_PLACEHOLDER, ...defines })],
        devtool: false,
        performance: { hints: false },
        stats: "errors-warnings",
    });
    const file = path.join(outDir, fileName);
    inlineLicenseNotices(file);
    const strings = fillStringTable(file, messageKeyPattern(ownKeyPrefixes));
    checkSyntaxForTargets(fs.readFileSync(file, "utf8"), fileName);
    return { file, strings };
}

/**
 * The builds' one option, `--out <dir>`.
 * @param {string[]} argv
 * @param {string} script the script's path, for the usage line
 * @returns {{ outDir?: string }}
 */
export function parseOutDirArgument(argv, script) {
    /** @type {{ outDir?: string }} */
    const args = {};
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--out") args.outDir = path.resolve(argv[++i] ?? "");
        else throw new Error(`Unknown argument ${argv[i]}. Usage: node ${script} [--out <dir>]`);
    }
    return args;
}
