import { readFile } from "node:fs/promises";
import path from "node:path";
import { validateXML } from "xmllint-wasm";
import { SCHEMA_DIR } from "./projectLayout.mjs";

/** The project's own XSDs (Microsoft's SDK schemas are not redistributable). */
export const SCHEMA_FILES = Object.freeze({
    solution: path.join(SCHEMA_DIR, "solution.xsd"),
    customizations: path.join(SCHEMA_DIR, "customizations.xsd"),
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
