import { nameBasedUuid } from "./nameBasedUuid.mjs";
import { compareOrdinal } from "./ordinalOrder.mjs";

/** Dataverse WebResourceType codes, keyed by the type names used in solution.config.json. */
export const WEB_RESOURCE_TYPES = Object.freeze({
    html: { code: 1, extensions: ["html", "htm"] },
    css: { code: 2, extensions: ["css"] },
    js: { code: 3, extensions: ["js"] },
    xml: { code: 4, extensions: ["xml"] },
    png: { code: 5, extensions: ["png"] },
    jpg: { code: 6, extensions: ["jpg", "jpeg"] },
    gif: { code: 7, extensions: ["gif"] },
    xsl: { code: 9, extensions: ["xsl", "xslt"] },
    ico: { code: 10, extensions: ["ico"] },
    svg: { code: 11, extensions: ["svg"] },
    resx: { code: 12, extensions: ["resx"] },
});

/**
 * @typedef {object} WebResourceConfig  one entry of solution.config.json "webResources"
 * @property {string} name         path under "<prefix>_/", e.g. "FlowTriggerControl/SignInRedirect.html"
 * @property {string} source       file to ship, relative to the repository root
 * @property {keyof typeof WEB_RESOURCE_TYPES} type
 * @property {string} [displayName]
 * @property {string} [description]
 * @property {string} [introducedVersion]
 */

/**
 * @typedef {object} WebResourceDescriptor
 * @property {string} name              full Dataverse name, "<prefix>_/<config name>"
 * @property {string} displayName
 * @property {string} description
 * @property {number} typeCode          WebResourceType
 * @property {string} id                WebResourceId, lower case, no braces
 * @property {string} introducedVersion
 * @property {string} zipPath           path of the content inside the solution zip (no leading slash)
 * @property {string} sourceTreePath    path under Solutions/src where SolutionPackager expects the content
 * @property {string} source            repository-relative source file
 */

/**
 * The web resource's Dataverse name.
 * @param {string} prefix publisher customization prefix
 * @param {string} configName
 */
export function webResourceName(prefix, configName) {
    return `${prefix}_/${configName}`;
}

/**
 * The zip entry that holds a web resource's content. Same shape as a Dataverse export
 * (name without separators, then the upper-case id), so the platform's own import path is used.
 * @param {string} name full web resource name
 * @param {string} id
 */
export function webResourceZipPath(name, id) {
    return `WebResources/${name.replace(/[^A-Za-z0-9_]/g, "")}${id.toUpperCase()}`;
}

/**
 * @param {{ publisher: { prefix: string }, solution: { version: string }, webResources: readonly WebResourceConfig[] }} config
 * @returns {WebResourceDescriptor[]} sorted by name
 */
export function describeWebResources(config) {
    return config.webResources
        .map((entry) => {
            const name = webResourceName(config.publisher.prefix, entry.name);
            // Dataverse names are case-insensitive, so the id must not depend on case.
            const id = nameBasedUuid(`webresource:${name.toLowerCase()}`);
            return {
                name,
                displayName: entry.displayName ?? entry.name.slice(entry.name.lastIndexOf("/") + 1),
                description: entry.description ?? "",
                typeCode: WEB_RESOURCE_TYPES[entry.type].code,
                id,
                introducedVersion: entry.introducedVersion ?? "1.0.0.0",
                zipPath: webResourceZipPath(name, id),
                sourceTreePath: `WebResources/${name}`,
                source: entry.source,
            };
        })
        .sort((a, b) => compareOrdinal(a.name, b.name));
}
