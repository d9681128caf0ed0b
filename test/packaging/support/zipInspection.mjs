/** Reading solution zips and their XML in tests. */
import JSZip from "jszip";
import xml2js from "xml2js";

/**
 * @param {Buffer} bytes
 * @returns {Promise<{ names: string[], directories: string[], read: (name: string) => Promise<Buffer>, zip: JSZip }>}
 */
export async function openZip(bytes) {
    const zip = await JSZip.loadAsync(bytes, { createFolders: false });
    const all = Object.values(zip.files);
    return {
        names: all.filter((file) => !file.dir).map((file) => file.name),
        directories: all.filter((file) => file.dir).map((file) => file.name),
        read: async (name) => {
            const file = zip.file(name);
            if (!file) throw new Error(`no entry ${name}`);
            return file.async("nodebuffer");
        },
        zip,
    };
}

/**
 * Strict parse (throws on malformed XML) keeping child order: every element has `#name`, `$` (attributes),
 * `$$` (children in document order) and `_` (text).
 * @param {Buffer | string} xml
 */
export async function parseOrdered(xml) {
    const text = typeof xml === "string" ? xml : xml.toString("utf8");
    const document = await xml2js.parseStringPromise(text, {
        explicitChildren: true,
        preserveChildrenOrder: true,
        explicitRoot: true,
        strict: true,
    });
    const [rootName] = Object.keys(document);
    return { ...document[rootName], "#name": rootName };
}

/** @param {{ $$?: { "#name": string }[] }} element */
export function childNames(element) {
    return (element.$$ ?? []).map((child) => child["#name"]);
}

/** First child with that name. */
export function child(element, name) {
    const found = (element.$$ ?? []).find((candidate) => candidate["#name"] === name);
    if (!found) throw new Error(`<${element["#name"]}> has no <${name}>`);
    return found;
}

/** Text of a child element. */
export function text(element, name) {
    const value = child(element, name)._;
    return value === undefined ? "" : String(value);
}

/** The first <LocalizedNames>/<LocalizedName> description of a solution manifest or publisher. */
export function localizedName(element) {
    return child(child(element, "LocalizedNames"), "LocalizedName").$.description;
}

/** The first <Descriptions>/<Description> description of a solution manifest or publisher. */
export function localizedDescription(element) {
    return child(child(element, "Descriptions"), "Description").$.description;
}

/**
 * The platform's top-level order of customizations.xml, as far as the product solution uses it (a solution
 * without web resources or plug-ins, such as the starter, leaves those two out).
 */
export const CUSTOMIZATIONS_ORDER = Object.freeze([
    "Entities",
    "Roles",
    "Workflows",
    "FieldSecurityProfiles",
    "Templates",
    "EntityMaps",
    "EntityRelationships",
    "OrganizationSettings",
    "optionsets",
    "WebResources",
    "CustomControls",
    "SolutionPluginAssemblies",
    "EntityDataProviders",
    "Languages",
]);

/**
 * Modification date and time fields of every local file header (offsets from the ZIP spec),
 * to check that no entry carries the packaging machine's clock.
 * @param {Buffer} bytes
 * @returns {{ name: string, dosTime: number, dosDate: number }[]}
 */
export function localHeaderTimes(bytes) {
    const headers = [];
    let offset = 0;
    for (let guard = 0; guard < 10000 && offset + 30 <= bytes.length; guard++) {
        if (bytes.readUInt32LE(offset) !== 0x04034b50) break;
        const compressedSize = bytes.readUInt32LE(offset + 18);
        const nameLength = bytes.readUInt16LE(offset + 26);
        const extraLength = bytes.readUInt16LE(offset + 28);
        headers.push({
            name: bytes.subarray(offset + 30, offset + 30 + nameLength).toString("utf8"),
            dosTime: bytes.readUInt16LE(offset + 10),
            dosDate: bytes.readUInt16LE(offset + 12),
        });
        offset += 30 + nameLength + extraLength + compressedSize;
    }
    return headers;
}
