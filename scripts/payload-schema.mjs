#!/usr/bin/env node
/**
 * Prints the JSON Schema a maker pastes into the flow trigger's "Request Body JSON Schema".
 *
 *   node scripts/payload-schema.mjs --fields "name:string,revenue:money,primarycontactid:lookup" [--batch]
 *
 * --batch prints the schema of the command bar's batch mode (`records: [...]`, one POST for every selected row).
 *
 * The schema logic lives only in FlowTriggerControl/payload/*.ts. This script transpiles those files in
 * memory with TypeScript's transpileModule (no build step, no copy), so the CLI and the control can't disagree.
 * Other Node code can import { schemaForFieldList } from this file.
 */
import { readFileSync, existsSync } from "node:fs";
import { readResx, resxPath } from "./strings.mjs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nodeRequire = createRequire(import.meta.url);

/**
 * A CommonJS module's exports. The loaded modules are this repository's TypeScript, compiled and tested on
 * their own; here they are used through the few names below.
 * @typedef {Record<string, any>} ModuleExports
 */

/**
 * Loads a .ts module and its relative imports as CommonJS, transpiled in memory.
 * @param {string} file
 * @param {Map<string, { exports: ModuleExports }>} cache
 * @returns {ModuleExports}
 */
function loadTypeScriptModule(file, cache) {
    const cached = cache.get(file);
    if (cached) {
        return cached.exports;
    }
    const ts = nodeRequire("typescript");
    const source = readFileSync(file, "utf8");
    const { outputText } = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    });
    /** @type {{ exports: ModuleExports }} */
    const module = { exports: {} };
    cache.set(file, module);
    /** @param {string} specifier */
    const localRequire = (specifier) => {
        if (!specifier.startsWith(".")) {
            return nodeRequire(specifier);
        }
        const base = resolve(dirname(file), specifier);
        if (base.endsWith(".json")) {
            return JSON.parse(readFileSync(base, "utf8"));
        }
        const candidate = [base + ".ts", resolve(base, "index.ts")].find((path) => existsSync(path));
        if (!candidate) {
            throw new Error(`Cannot resolve ${specifier} from ${file}`);
        }
        return loadTypeScriptModule(candidate, cache);
    };
    const run = new Function("exports", "require", "module", "__filename", "__dirname", outputText);
    run(module.exports, localRequire, module, file, dirname(file));
    return module.exports;
}

/** @type {{ fieldList: ModuleExports, messages: ModuleExports, batch: ModuleExports } | undefined} */
let payloadModules;
function modules() {
    if (!payloadModules) {
        const cache = new Map();
        payloadModules = {
            fieldList: loadTypeScriptModule(resolve(repoRoot, "FlowTriggerControl/payload/fieldListSpec.ts"), cache),
            messages: loadTypeScriptModule(resolve(repoRoot, "FlowTriggerControl/strings/messages.ts"), cache),
            batch: loadTypeScriptModule(resolve(repoRoot, "FlowTriggerControl/payload/batchPayload.ts"), cache),
        };
    }
    return payloadModules;
}

/**
 * `{ ok: true, schema }` or `{ ok: false, errors: UserMessage[] }` for a "logicalname:type,…" list.
 * @param {string} spec
 * @returns {{ ok: true, schema: object } | { ok: false, errors: object[] }}
 */
export function schemaForFieldList(spec) {
    return modules().fieldList.schemaForFieldList(spec);
}

/**
 * The batch-mode schema for the same field list: the single schema's record as the items of `records`.
 * @param {string} spec
 * @returns {{ ok: true, schema: object } | { ok: false, errors: object[] }}
 */
export function batchSchemaForFieldList(spec) {
    const single = schemaForFieldList(spec);
    return single.ok ? { ok: true, schema: modules().batch.batchSchemaOf(single.schema) } : single;
}

/**
 * Resolves a UserMessage with the control's own resx strings.
 * @param {object} userMessage
 * @param {string} [lcid]
 * @returns {string}
 */
export function messageText(userMessage, lcid = "1033") {
    /** @param {string} code */
    const texts = (code) => new Map(readResx(resxPath(code)).map((entry) => [entry.key, entry.value]));
    const strings = texts(lcid);
    const english = texts("1033");
    /** @param {string} key */
    const lookup = (key) => strings.get(key) ?? english.get(key) ?? key;
    return modules().messages.formatMessage(lookup, userMessage);
}

/**
 * @param {readonly string[]} argv
 */
function parseArgs(argv) {
    /** @type {{ fields?: string, lang: string, help: boolean, batch: boolean, unknown?: string }} */
    const args = { fields: undefined, lang: "1033", help: false, batch: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.includes("=")
            ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
            : [arg, undefined];
        if (flag === "--help" || flag === "-h") {
            args.help = true;
        } else if (flag === "--batch" && inline === undefined) {
            args.batch = true;
        } else if (flag === "--fields" || flag === "--lang") {
            const value = inline ?? argv[++i];
            if (flag === "--fields") args.fields = value;
            else if (value !== undefined) args.lang = value;
        } else {
            args.unknown = arg;
        }
    }
    return args;
}

/** @param {readonly string[]} argv */
function main(argv) {
    const args = parseArgs(argv);
    const usage =
        'Usage: node scripts/payload-schema.mjs --fields "logicalname:type,…" [--batch] [--lang 1033|1031|1036]\n' +
        "Types: " +
        modules().fieldList.FieldKinds.join(", ") +
        "\n";
    if (args.help) {
        process.stdout.write(usage);
        return 0;
    }
    if (args.fields === undefined || args.unknown !== undefined) {
        process.stderr.write(usage);
        return 2;
    }
    const result = args.batch ? batchSchemaForFieldList(args.fields) : schemaForFieldList(args.fields);
    if (!result.ok) {
        for (const error of result.errors) {
            process.stderr.write(messageText(error, args.lang) + "\n");
        }
        return 2;
    }
    process.stdout.write(JSON.stringify(result.schema, null, 2) + "\n");
    return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
    process.exitCode = main(process.argv.slice(2));
}
