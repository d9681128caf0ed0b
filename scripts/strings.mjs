#!/usr/bin/env node
/**
 * Keeps the control's .resx files (1033, 1031, 1036) in step.
 *   node scripts/strings.mjs merge <file.json>   upsert keys: { "Key": { "1033": "…", "1031": "…", "1036": "…", "comment": "…" } }
 *   node scripts/strings.mjs check               every key present in every language, no empty values
 * The .resx files stay the source of truth; this only edits them.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const LANGUAGES = ["1033", "1031", "1036"];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** @param {string} lcid */
export const resxPath = (lcid) => path.join(root, "FlowTriggerControl", "strings", `FlowTriggerControl.${lcid}.resx`);

const HEADER = `<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype">
    <value>text/microsoft-resx</value>
  </resheader>
  <resheader name="version">
    <value>2.0</value>
  </resheader>
  <resheader name="reader">
    <value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
  <resheader name="writer">
    <value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value>
  </resheader>
`;

/** @typedef {{ key: string, value: string, comment?: string | undefined }} ResxEntry */

/** @param {string} s */
const escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
/** @param {string} s */
const unescapeXml = (s) =>
    s
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&");

/**
 * Reads a resx into an ordered list of { key, value, comment }.
 * @param {string} file
 * @returns {ResxEntry[]}
 */
export function readResx(file) {
    if (!fs.existsSync(file)) return [];
    const xml = fs.readFileSync(file, "utf8");
    /** @type {ResxEntry[]} */
    const entries = [];
    // Values and comments are escaped, so they hold no "<": an entry missing its </data> can't swallow the next.
    const dataRe =
        /<data name="([^"]+)"[^>]*>\s*<value>([^<]*)<\/value>\s*(?:<comment>([^<]*)<\/comment>\s*)?<\/data>/g;
    for (const m of xml.matchAll(dataRe)) {
        entries.push({
            key: m[1],
            value: unescapeXml(m[2]),
            comment: m[3] === undefined ? undefined : unescapeXml(m[3]),
        });
    }
    return entries;
}

/**
 * @param {string} file
 * @param {readonly ResxEntry[]} entries
 */
export function writeResx(file, entries) {
    const body = entries
        .map(
            (e) =>
                `  <data name="${e.key}" xml:space="preserve">\n    <value>${escapeXml(e.value)}</value>\n` +
                (e.comment ? `    <comment>${escapeXml(e.comment)}</comment>\n` : "") +
                "  </data>\n",
        )
        .join("");
    fs.writeFileSync(file, HEADER + body + "</root>\n");
}

/** @param {string} jsonFile */
function merge(jsonFile) {
    /** @type {Record<string, Record<string, string | undefined>>} */
    const incoming = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
    for (const lcid of LANGUAGES) {
        const entries = readResx(resxPath(lcid));
        const byKey = new Map(entries.map((e) => [e.key, e]));
        for (const [key, texts] of Object.entries(incoming)) {
            const value = texts[lcid];
            if (typeof value !== "string" || value.trim() === "")
                throw new Error(`${jsonFile}: ${key} has no ${lcid} text`);
            const entry = { key, value, comment: texts.comment };
            const existing = byKey.get(key);
            if (existing) Object.assign(existing, entry);
            else {
                entries.push(entry);
                byKey.set(key, entry);
            }
        }
        writeResx(resxPath(lcid), entries);
    }
    console.log(`merged ${Object.keys(incoming).length} keys from ${path.relative(root, jsonFile)}`);
}

function check() {
    const sets = LANGUAGES.map((lcid) => new Map(readResx(resxPath(lcid)).map((e) => [e.key, e.value])));
    const all = new Set(sets.flatMap((s) => [...s.keys()]));
    /** @type {string[]} */
    const problems = [];
    for (const key of all) {
        LANGUAGES.forEach((lcid, i) => {
            const v = sets[i].get(key);
            if (v === undefined) problems.push(`${key} missing in ${lcid}`);
            else if (v.trim() === "") problems.push(`${key} empty in ${lcid}`);
        });
    }
    if (problems.length) {
        console.error(problems.join("\n"));
        return 1;
    }
    console.log(`${all.size} keys in ${LANGUAGES.length} languages`);
    return 0;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
    const [cmd, arg] = process.argv.slice(2);
    if (cmd === "merge" && arg) merge(arg);
    else if (cmd === "check") process.exitCode = check();
    else {
        console.error("Usage: node scripts/strings.mjs merge <file.json> | check");
        process.exitCode = 2;
    }
}
