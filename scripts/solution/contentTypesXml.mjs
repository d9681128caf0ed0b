import { compareOrdinal } from "./ordinalOrder.mjs";

const NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types";
const OCTET_STREAM = "application/octet-stream";

/**
 * [Content_Types].xml as msbuild writes it: xml is text/xml, every other extension in the zip
 * is application/octet-stream, and each listed part (control manifests, extension-less web
 * resource files) gets an Override. Import fails when a file's type is not covered.
 * @param {readonly string[]} entryNames   every zip entry name
 * @param {readonly string[]} overrideParts entry names (without leading slash) that get an Override
 * @returns {string} one line, no line terminator
 */
export function renderContentTypesXml(entryNames, overrideParts) {
    const extensions = new Set(["xml"]);
    for (const name of entryNames) {
        const base = name.slice(name.lastIndexOf("/") + 1);
        if (base.includes(".")) extensions.add(base.slice(base.lastIndexOf(".") + 1).toLowerCase());
    }
    const defaults = ["xml", ...[...extensions].filter((extension) => extension !== "xml").sort(compareOrdinal)].map(
        (extension) =>
            `<Default Extension="${extension}" ContentType="${extension === "xml" ? "text/xml" : OCTET_STREAM}" />`,
    );
    const overrides = [...overrideParts]
        .sort(compareOrdinal)
        .map((part) => `<Override PartName="/${part}" ContentType="${OCTET_STREAM}" />`);
    return `<?xml version="1.0" encoding="utf-8"?><Types xmlns="${NAMESPACE}">${defaults.join("")}${overrides.join("")}</Types>`;
}
