/**
 * Text helpers every generated file shares: XML escaping, machine-independent ordering, the two file
 * encodings (zip and Solutions/src) and validation against the project's XSDs.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validateXML } from "xmllint-wasm";

/**
 * Escapes text for use in XML element content and double-quoted attribute values.
 * @param {unknown} text
 * @returns {string}
 */
export function escapeXml(text) {
    return String(text)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;");
}

/**
 * Plain code-unit order, independent of locale, so output never depends on the machine it runs on.
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
export function compareOrdinal(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Root XML files inside the zip are written like msbuild writes them: UTF-8 with BOM, CRLF line ends.
 * @param {readonly string[] | string} lines
 * @returns {Buffer}
 */
export function encodeZipXml(lines) {
    const text = typeof lines === "string" ? lines : lines.join("\r\n");
    return Buffer.concat([BOM, Buffer.from(text, "utf8")]);
}

/**
 * Files committed under Solutions/src: UTF-8 without BOM, LF, final newline (diff-friendly).
 * @param {readonly string[]} lines
 * @returns {string}
 */
export function encodeSourceXml(lines) {
    return `${lines.join("\n")}\n`;
}

/** The packager's own files (schemas), wherever the project root is. */
const SCHEMA_DIR = fileURLToPath(new URL("../../Solutions/schemas/", import.meta.url));

/** The project's own XSDs (Microsoft's SDK schemas are not redistributable). */
export const SCHEMA_FILES = Object.freeze({
    solution: path.join(SCHEMA_DIR, "solution.xsd"),
    customizations: path.join(SCHEMA_DIR, "customizations.xsd"),
    environmentVariableDefinition: path.join(SCHEMA_DIR, "environmentvariabledefinition.xsd"),
});

/**
 * Validates one XML document with libxml2 (xmllint-wasm, no native code, no network).
 * @param {string | Uint8Array} xml
 * @param {string} fileName used in error messages only
 * @param {string} schemaFile path of the .xsd
 * @returns {Promise<{ valid: boolean, errors: string[] }>}
 */
export async function validateWithSchema(xml, fileName, schemaFile) {
    const schema = await readFile(schemaFile, "utf8");
    const contents = typeof xml === "string" ? xml : new Uint8Array(xml);
    const result = await validateXML({
        xml: [{ fileName, contents }],
        schema: [{ fileName: path.basename(schemaFile), contents: schema }],
    });
    return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage ?? error.message) };
}
