/**
 * Solutions/solution.config.json and what follows from it: where the project's files are, the validated
 * config, and the control manifest version derived from the solution version.
 */
import path from "node:path";
import { readFile } from "node:fs/promises";
import { checkStarterSection } from "./starter.mjs";
import { WEB_RESOURCE_TYPES, isWebResourceType, webResourceNameProblem } from "./webResources.mjs";

/**
 * Where things live in a FlowTriggerControl checkout. Tests point `root` at a temporary copy.
 * @param {string} root repository root
 */
export function projectLayout(root) {
    return {
        root,
        configFile: path.join(root, "Solutions", "solution.config.json"),
        controlSourceDir: path.join(root, "FlowTriggerControl"),
        inputManifest: path.join(root, "FlowTriggerControl", "ControlManifest.Input.xml"),
        solutionSourceDir: path.join(root, "Solutions", "src"),
        defaultOutDir: path.join(root, "Solutions", "out"),
        packageJson: path.join(root, "package.json"),
        pcfConfig: path.join(root, "pcfconfig.json"),
    };
}

/** @typedef {ReturnType<typeof projectLayout>} ProjectLayout */

// ---------------------------------------------------------------------------------------------------------------
// solution.config.json
// ---------------------------------------------------------------------------------------------------------------

/**
 * @typedef {object} SolutionConfig  Solutions/solution.config.json, validated
 * @property {{ uniqueName: string, displayName: string, description: string, version: string }} solution
 * @property {{ uniqueName: string, displayName: string, description: string, prefix: string, optionValuePrefix: number }} publisher
 * @property {import("./webResources.mjs").WebResourceConfig[]} webResources
 * @property {import("./starter.mjs").StarterConfig} [starter] the starter solution's flows, when configured
 */

/** @typedef {{ field: string, problem: string }} ConfigError */
/** @typedef {(field: string, problem: string) => void} Fail */
/** @typedef {{ ok: true, config: SolutionConfig } | { ok: false, errors: ConfigError[] }} ConfigResult */

const UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX = /^[a-z][a-z0-9]{1,7}$/;

/** @type {Record<"" | "solution" | "publisher" | "webResource", readonly string[]>} */
const KNOWN_KEYS = {
    "": ["solution", "publisher", "webResources", "starter"],
    solution: ["uniqueName", "displayName", "description", "version"],
    publisher: ["uniqueName", "displayName", "description", "prefix", "optionValuePrefix"],
    webResource: ["name", "source", "type", "displayName", "description", "introducedVersion"],
};

/**
 * Checks every rule and reports all problems at once, so a maker fixes the file in one pass.
 * @param {unknown} raw parsed JSON
 * @returns {ConfigResult}
 */
export function validateSolutionConfig(raw) {
    /** @type {ConfigError[]} */
    const errors = [];
    /** @type {Fail} */
    const fail = (field, problem) => void errors.push({ field, problem });

    if (!isPlainObject(raw)) {
        fail("(root)", 'must be a JSON object with "solution", "publisher" and "webResources"');
        return { ok: false, errors };
    }
    rejectUnknownKeys(raw, KNOWN_KEYS[""], "", fail);

    const solution = isPlainObject(raw.solution) ? raw.solution : (fail("solution", "must be an object"), {});
    const publisher = isPlainObject(raw.publisher) ? raw.publisher : (fail("publisher", "must be an object"), {});
    if (isPlainObject(raw.solution)) rejectUnknownKeys(solution, KNOWN_KEYS.solution, "solution.", fail);
    if (isPlainObject(raw.publisher)) rejectUnknownKeys(publisher, KNOWN_KEYS.publisher, "publisher.", fail);

    // Every text ends up in XML (solution.xml, customizations.xml, Solutions/src); XML 1.0 cannot carry every character.
    checkXmlCharacters(raw, "", fail);

    checkUniqueName(solution.uniqueName, "solution.uniqueName", fail);
    checkText(solution.displayName, "solution.displayName", true, fail);
    checkText(solution.description, "solution.description", false, fail);
    const version = parseSolutionVersion(solution.version);
    if (!version.ok) fail("solution.version", version.problem);

    checkUniqueName(publisher.uniqueName, "publisher.uniqueName", fail);
    checkText(publisher.displayName, "publisher.displayName", true, fail);
    checkText(publisher.description, "publisher.description", false, fail);
    checkPrefix(publisher.prefix, fail);
    checkOptionValuePrefix(publisher.optionValuePrefix, fail);

    /** @type {unknown} */
    const webResources = raw.webResources ?? [];
    if (!Array.isArray(webResources)) {
        fail("webResources", "must be an array of { name, source, type }");
    } else {
        checkWebResources(webResources, fail);
    }

    const starter = checkStarterSection(
        raw.starter,
        { prefix: publisher.prefix, solutionUniqueName: solution.uniqueName },
        fail,
    );

    if (errors.length > 0) return { ok: false, errors };
    return {
        ok: true,
        config: {
            solution: {
                uniqueName: solution.uniqueName,
                displayName: solution.displayName,
                description: solution.description ?? "",
                version: solution.version,
            },
            publisher: {
                uniqueName: publisher.uniqueName,
                displayName: publisher.displayName,
                description: publisher.description ?? "",
                prefix: publisher.prefix,
                optionValuePrefix: publisher.optionValuePrefix,
            },
            // Checked entry by entry above.
            webResources: /** @type {import("./webResources.mjs").WebResourceConfig[]} */ (webResources).map(
                (entry) => ({ ...entry }),
            ),
            ...(starter === undefined ? {} : { starter }),
        },
    };
}

/**
 * @param {string} file
 * @returns {Promise<ConfigResult>}
 */
export async function readSolutionConfig(file) {
    let text;
    try {
        text = await readFile(file, "utf8");
    } catch (error) {
        const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
        return { ok: false, errors: [{ field: "(file)", problem: `cannot read ${file}: ${code ?? message}` }] };
    }
    let raw;
    try {
        raw = JSON.parse(text);
    } catch (error) {
        const { message } = /** @type {Error} */ (error);
        return { ok: false, errors: [{ field: "(file)", problem: `${file} is not valid JSON: ${message}` }] };
    }
    return validateSolutionConfig(raw);
}

/** @param {readonly ConfigError[]} errors */
export function formatConfigErrors(errors) {
    return errors.map((error) => `  - ${error.field}: ${error.problem}`).join("\n");
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>} any: the fields are checked one by one before use
 */
function isPlainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {Record<string, unknown>} object
 * @param {readonly string[]} known
 * @param {string} path
 * @param {Fail} fail
 */
function rejectUnknownKeys(object, known, path, fail) {
    for (const key of Object.keys(object)) {
        if (!known.includes(key)) {
            fail(`${path}${key}`, `is not a known setting (expected one of: ${known.join(", ")})`);
        }
    }
}

/**
 * The first character of `text` that XML 1.0 cannot carry, with its UTF-16 index, or undefined.
 * XML 1.0 §2.2 "Char": #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
 * (https://www.w3.org/TR/xml/#charsets); a lone surrogate is not a character at all.
 * @param {string} text
 * @returns {{ codePoint: number, index: number } | undefined}
 */
export function firstNonXmlCharacter(text) {
    for (let index = 0; index < text.length; index++) {
        const unit = text.charCodeAt(index);
        if (unit >= 0xd800 && unit <= 0xdbff) {
            const next = text.charCodeAt(index + 1);
            if (next >= 0xdc00 && next <= 0xdfff) {
                index++; // a surrogate pair: U+10000..U+10FFFF, all allowed
                continue;
            }
            return { codePoint: unit, index };
        }
        const allowed =
            unit === 0x9 ||
            unit === 0xa ||
            unit === 0xd ||
            (unit >= 0x20 && unit <= 0xd7ff) ||
            (unit >= 0xe000 && unit <= 0xfffd);
        if (!allowed) return { codePoint: unit, index };
    }
    return undefined;
}

/**
 * "U+000B (vertical tab)"
 * @param {number} codePoint
 */
function describeCodePoint(codePoint) {
    /** @type {Record<number, string>} */
    const names = { 0x0: "NUL", 0x8: "backspace", 0xb: "vertical tab", 0xc: "form feed", 0x1b: "escape" };
    const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `${hex} (half of a surrogate pair)`;
    return `${hex} (${names[codePoint] ?? "a control or non-character"})`;
}

/**
 * Every string anywhere in the config, by its path: a text XML cannot carry is named before anything is written.
 * @param {unknown} value
 * @param {string} path
 * @param {Fail} fail
 * @param {number} [depth]
 */
function checkXmlCharacters(value, path, fail, depth = 0) {
    if (depth > 16) return;
    if (typeof value === "string") {
        const found = firstNonXmlCharacter(value);
        if (found !== undefined) {
            fail(
                path || "(root)",
                `contains ${describeCodePoint(found.codePoint)} at position ${found.index + 1}, which XML 1.0 cannot carry; remove it`,
            );
        }
    } else if (Array.isArray(value)) {
        value.forEach((item, index) => checkXmlCharacters(item, `${path}[${index}]`, fail, depth + 1));
    } else if (isPlainObject(value)) {
        for (const [key, item] of Object.entries(value)) {
            checkXmlCharacters(item, path === "" ? key : `${path}.${key}`, fail, depth + 1);
        }
    }
}

/**
 * @param {unknown} value
 * @param {string} field
 * @param {Fail} fail
 */
function checkUniqueName(value, field, fail) {
    if (typeof value !== "string" || !UNIQUE_NAME.test(value)) {
        fail(
            field,
            `${JSON.stringify(value)} must start with a letter or "_" and contain only letters, digits and "_" (no spaces)`,
        );
    }
}

/**
 * @param {unknown} value
 * @param {string} field
 * @param {boolean} required
 * @param {Fail} fail
 */
function checkText(value, field, required, fail) {
    if (value === undefined && !required) return;
    if (typeof value !== "string") {
        fail(field, "must be a string");
    } else if (required && value.trim() === "") {
        fail(field, "must not be empty");
    }
}

/**
 * @param {unknown} value
 * @param {Fail} fail
 */
function checkPrefix(value, fail) {
    if (typeof value !== "string") {
        fail("publisher.prefix", "must be a string of 2 to 8 lower-case letters and digits, starting with a letter");
        return;
    }
    if (value.length < 2 || value.length > 8) {
        fail("publisher.prefix", `"${value}" must be 2 to 8 characters long`);
    } else if (!PREFIX.test(value)) {
        fail(
            "publisher.prefix",
            `"${value}" must start with a lower-case letter and contain only lower-case letters and digits`,
        );
    }
    if (value.toLowerCase().startsWith("mscrm")) {
        fail("publisher.prefix", `"${value}" must not start with "mscrm" (reserved by Microsoft)`);
    }
}

/**
 * @param {unknown} value
 * @param {Fail} fail
 */
function checkOptionValuePrefix(value, fail) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 10000 || value > 99999) {
        fail("publisher.optionValuePrefix", `${JSON.stringify(value)} must be a whole number from 10000 to 99999`);
    }
}

/**
 * @param {readonly unknown[]} entries
 * @param {Fail} fail
 */
function checkWebResources(entries, fail) {
    const seen = new Set();
    entries.forEach((entry, index) => {
        const at = `webResources[${index}]`;
        if (!isPlainObject(entry)) {
            fail(at, "must be an object { name, source, type }");
            return;
        }
        rejectUnknownKeys(entry, KNOWN_KEYS.webResource, `${at}.`, fail);

        const name = entry.name;
        const nameProblem = webResourceNameProblem(name);
        if (nameProblem !== undefined || typeof name !== "string") {
            fail(`${at}.name`, nameProblem ?? "must be a string");
        } else if (seen.has(name.toLowerCase())) {
            fail(`${at}.name`, `"${name}" is listed twice (names are case-insensitive in Dataverse)`);
        } else {
            seen.add(name.toLowerCase());
        }

        if (!isWebResourceType(entry.type)) {
            fail(
                `${at}.type`,
                `${JSON.stringify(entry.type)} must be one of: ${Object.keys(WEB_RESOURCE_TYPES).join(", ")}`,
            );
        } else if (typeof name === "string") {
            const type = WEB_RESOURCE_TYPES[entry.type];
            const extension = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
            if (!type.extensions.includes(extension)) {
                fail(
                    `${at}.name`,
                    `"${name}" must end with .${type.extensions.join(" or .")} to match type "${entry.type}"`,
                );
            }
        }

        if (
            typeof entry.source !== "string" ||
            entry.source === "" ||
            entry.source.startsWith("/") ||
            /^[A-Za-z]:/.test(entry.source) ||
            entry.source.split(/[\\/]/).includes("..")
        ) {
            fail(
                `${at}.source`,
                `${JSON.stringify(entry.source)} must be a path relative to the repository root, without ".."`,
            );
        }
        checkText(entry.displayName, `${at}.displayName`, false, fail);
        checkText(entry.description, `${at}.description`, false, fail);
        if (entry.introducedVersion !== undefined) {
            const introduced = parseSolutionVersion(entry.introducedVersion);
            if (!introduced.ok) fail(`${at}.introducedVersion`, introduced.problem);
        }
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Versioning
// ---------------------------------------------------------------------------------------------------------------

/*
 * Solution version <-> control manifest version.
 *
 * Dataverse solution versions are major.minor.build.revision (each part a .NET Int32).
 * A code component is only re-downloaded by model-driven apps when its manifest version
 * changes, and Microsoft documents a three-part MAJOR.MINOR.PATCH there, so the control
 * version is derived from the solution version as
 *
 *     major.minor.build.revision  ->  major.minor.(build * 10000 + revision)
 *
 * e.g. 1.2.3.4 -> 1.2.30004 and 1.2.3.0 -> 1.2.30000. The mapping preserves order (so every
 * higher solution version gives a higher control version) as long as revision <= 9999,
 * and the third part must stay an Int32, which limits build to 214747.
 */

const INT32_MAX = 2147483647;
export const MAX_REVISION = 9999;
const BUILD_FACTOR = MAX_REVISION + 1;

/**
 * @typedef {{ major: number, minor: number, build: number, revision: number }} SolutionVersion
 */

/**
 * Parses "major.minor.build.revision". Returns the problem as a plain string when invalid.
 * @param {unknown} text
 * @returns {{ ok: true, version: SolutionVersion } | { ok: false, problem: string }}
 */
export function parseSolutionVersion(text) {
    if (typeof text !== "string") {
        return { ok: false, problem: 'must be a string like "1.0.0.0"' };
    }
    const match = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.exec(text);
    if (!match) {
        return {
            ok: false,
            problem: `"${text}" must have four numeric parts major.minor.build.revision without leading zeros, e.g. "1.0.0.0"`,
        };
    }
    const [major, minor, build, revision] = match.slice(1).map(Number);
    if ([major, minor, build, revision].some((part) => part > INT32_MAX)) {
        return { ok: false, problem: `"${text}" has a part larger than ${INT32_MAX}` };
    }
    if (revision > MAX_REVISION) {
        return {
            ok: false,
            problem: `"${text}" has revision ${revision}; the control version is derived as major.minor.(build*10000+revision), so revision must be at most ${MAX_REVISION}`,
        };
    }
    if (build * BUILD_FACTOR + revision > INT32_MAX) {
        return {
            ok: false,
            problem: `"${text}" has build ${build}; build*10000+revision must fit in ${INT32_MAX}, so build must be at most ${Math.floor((INT32_MAX - revision) / BUILD_FACTOR)}`,
        };
    }
    return { ok: true, version: { major, minor, build, revision } };
}

/**
 * @param {string} solutionVersion "major.minor.build.revision"
 * @returns {string} "major.minor.patch" for the control manifest
 */
export function controlVersionFor(solutionVersion) {
    const parsed = parseSolutionVersion(solutionVersion);
    if (!parsed.ok) {
        throw new Error(`Solution version ${parsed.problem}.`);
    }
    const { major, minor, build, revision } = parsed.version;
    return `${major}.${minor}.${build * BUILD_FACTOR + revision}`;
}

const CONTROL_START_TAG = /<control\b[^>]*>/g;
const VERSION_ATTRIBUTE = /(\sversion\s*=\s*)(["'])([^"']*)\2/;

/**
 * @param {string} manifestXml
 * @returns {string} the one <control ...> start tag
 */
function controlStartTag(manifestXml) {
    const tags = manifestXml.match(CONTROL_START_TAG) ?? [];
    if (tags.length !== 1) {
        throw new Error(`Expected exactly one <control> element in the manifest, found ${tags.length}.`);
    }
    return tags[0];
}

/**
 * @param {string} manifestXml ControlManifest.Input.xml or the built ControlManifest.xml
 * @returns {string} the version attribute of the <control> element
 */
export function readControlVersion(manifestXml) {
    const match = VERSION_ATTRIBUTE.exec(controlStartTag(manifestXml));
    if (!match) {
        throw new Error("The <control> element has no version attribute.");
    }
    return match[3];
}

/**
 * Sets version="…" on the <control> element and touches nothing else in the text.
 * @param {string} manifestXml
 * @param {string} controlVersion
 * @returns {string}
 */
export function stampControlVersion(manifestXml, controlVersion) {
    if (!/^[0-9]+\.[0-9]+\.[0-9]+$/.test(controlVersion)) {
        throw new Error(`Control version "${controlVersion}" must be major.minor.patch.`);
    }
    const tag = controlStartTag(manifestXml);
    if (!VERSION_ATTRIBUTE.test(tag)) {
        throw new Error("The <control> element has no version attribute.");
    }
    const stampedTag = tag.replace(
        VERSION_ATTRIBUTE,
        (_all, prefix, quote) => `${prefix}${quote}${controlVersion}${quote}`,
    );
    const index = manifestXml.indexOf(tag);
    return manifestXml.slice(0, index) + stampedTag + manifestXml.slice(index + tag.length);
}
