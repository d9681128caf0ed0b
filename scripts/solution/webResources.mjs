/**
 * Web resources: the types solution.config.json may name, their Dataverse names, ids and zip paths.
 */
import { createHash } from "node:crypto";
import { compareOrdinal } from "./xml.mjs";

/**
 * Fixed namespace for every id this project derives from a name.
 * Never change it: web resource ids already imported into environments come from it.
 */
const FLOW_TRIGGER_CONTROL_NAMESPACE = "3afac280-9340-4ccd-ae30-136f315fac2d";

/**
 * RFC 4122 version 5 (SHA-1, name-based) UUID, lower case, without braces.
 * The same name always gives the same id, so packaging is reproducible.
 * @param {string} name
 * @param {string} [namespace]
 * @returns {string}
 */
export function nameBasedUuid(name, namespace = FLOW_TRIGGER_CONTROL_NAMESPACE) {
    const namespaceHex = namespace.replace(/-/g, "");
    if (!/^[0-9a-fA-F]{32}$/.test(namespaceHex)) {
        throw new Error(`Namespace "${namespace}" is not a UUID.`);
    }
    const hash = createHash("sha1").update(Buffer.from(namespaceHex, "hex")).update(Buffer.from(name, "utf8")).digest();
    const bytes = hash.subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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

/** @typedef {keyof typeof WEB_RESOURCE_TYPES} WebResourceType */

/**
 * @param {unknown} type
 * @returns {type is WebResourceType}
 */
export function isWebResourceType(type) {
    return typeof type === "string" && Object.hasOwn(WEB_RESOURCE_TYPES, type);
}

/**
 * Microsoft's rule for the part of a web resource name after the publisher's "<prefix>_": "This name can only include
 * letters, numbers, periods, and nonconsecutive forward slash ("/") characters." (Power Apps docs, "Create or edit
 * model-driven app web resources", Name column:
 * https://learn.microsoft.com/power-apps/maker/model-driven-apps/create-edit-web-resources). Hyphens and underscores
 * work in some places but not in every tool, and a rename after release moves every app registration's redirect URI,
 * so only the documented characters pass. The name is also a path under Solutions/src, so no empty, "." or ".." part.
 */
const WEB_RESOURCE_NAME_SEGMENT = /^[A-Za-z0-9.]+$/;

/**
 * @param {unknown} configName  "name" of a solution.config.json web resource, without "<prefix>_/"
 * @returns {string | undefined} what is wrong, naming the name; undefined when the name follows the rule
 */
export function webResourceNameProblem(configName) {
    const rule =
        'must be a relative path like "FlowTriggerControl/SignInRedirect.html": only letters, digits and periods, ' +
        'folders separated by single "/" (Microsoft\'s rule for web resource names)';
    if (typeof configName !== "string") return `${JSON.stringify(configName)} ${rule}`;
    const segments = configName.split("/");
    if (segments.every((segment) => WEB_RESOURCE_NAME_SEGMENT.test(segment) && !/^\.+$/.test(segment))) {
        return undefined;
    }
    const character = /[^A-Za-z0-9./]/u.exec(configName)?.[0];
    const why =
        character !== undefined
            ? `${JSON.stringify(character)} is not allowed`
            : configName.includes("//")
              ? "it has consecutive slashes"
              : configName.startsWith("/") || configName.endsWith("/")
                ? "it starts or ends with a slash"
                : 'a part of the path is "." or ".."';
    return `${JSON.stringify(configName)} ${rule}; ${why}`;
}

/**
 * @typedef {object} WebResourceConfig  one entry of solution.config.json "webResources"
 * @property {string} name         path under "<prefix>_/", e.g. "FlowTriggerControl/SignInRedirect.html"
 * @property {string} source       file to ship, relative to the repository root
 * @property {WebResourceType} type
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
function webResourceName(prefix, configName) {
    return `${prefix}_/${configName}`;
}

/**
 * The zip entry that holds a web resource's content. Same shape as a Dataverse export
 * (name without separators, then the upper-case id), so the platform's own import path is used.
 * @param {string} name full web resource name
 * @param {string} id
 */
function webResourceZipPath(name, id) {
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
