import { readFile } from "node:fs/promises";
import { parseSolutionVersion } from "./versioning.mjs";
import { WEB_RESOURCE_TYPES } from "./webResources.mjs";

/**
 * @typedef {object} SolutionConfig  Solutions/solution.config.json, validated
 * @property {{ uniqueName: string, displayName: string, description: string, version: string }} solution
 * @property {{ uniqueName: string, displayName: string, description: string, prefix: string, optionValuePrefix: number }} publisher
 * @property {import("./webResources.mjs").WebResourceConfig[]} webResources
 */

/** @typedef {{ field: string, problem: string }} ConfigError */

const UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIX = /^[a-z][a-z0-9]{1,7}$/;
const WEB_RESOURCE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const KNOWN_KEYS = {
    "": ["solution", "publisher", "webResources"],
    solution: ["uniqueName", "displayName", "description", "version"],
    publisher: ["uniqueName", "displayName", "description", "prefix", "optionValuePrefix"],
    webResource: ["name", "source", "type", "displayName", "description", "introducedVersion"],
};

/**
 * Checks every rule and reports all problems at once, so a maker fixes the file in one pass.
 * @param {unknown} raw parsed JSON
 * @returns {{ ok: true, config: SolutionConfig } | { ok: false, errors: ConfigError[] }}
 */
export function validateSolutionConfig(raw) {
    /** @type {ConfigError[]} */
    const errors = [];
    const fail = (field, problem) => errors.push({ field, problem });

    if (!isPlainObject(raw)) {
        fail("(root)", 'must be a JSON object with "solution", "publisher" and "webResources"');
        return { ok: false, errors };
    }
    rejectUnknownKeys(raw, KNOWN_KEYS[""], "", fail);

    const solution = isPlainObject(raw.solution) ? raw.solution : (fail("solution", "must be an object"), {});
    const publisher = isPlainObject(raw.publisher) ? raw.publisher : (fail("publisher", "must be an object"), {});
    if (isPlainObject(raw.solution)) rejectUnknownKeys(solution, KNOWN_KEYS.solution, "solution.", fail);
    if (isPlainObject(raw.publisher)) rejectUnknownKeys(publisher, KNOWN_KEYS.publisher, "publisher.", fail);

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

    const webResources = raw.webResources ?? [];
    if (!Array.isArray(webResources)) {
        fail("webResources", "must be an array of { name, source, type }");
    } else {
        checkWebResources(webResources, fail);
    }

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
            webResources: webResources.map((entry) => ({ ...entry })),
        },
    };
}

/**
 * @param {string} file
 * @returns {Promise<{ ok: true, config: SolutionConfig } | { ok: false, errors: ConfigError[] }>}
 */
export async function readSolutionConfig(file) {
    let text;
    try {
        text = await readFile(file, "utf8");
    } catch (error) {
        return {
            ok: false,
            errors: [{ field: "(file)", problem: `cannot read ${file}: ${error.code ?? error.message}` }],
        };
    }
    let raw;
    try {
        raw = JSON.parse(text);
    } catch (error) {
        return { ok: false, errors: [{ field: "(file)", problem: `${file} is not valid JSON: ${error.message}` }] };
    }
    return validateSolutionConfig(raw);
}

/** @param {readonly ConfigError[]} errors */
export function formatConfigErrors(errors) {
    return errors.map((error) => `  - ${error.field}: ${error.problem}`).join("\n");
}

function isPlainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(object, known, path, fail) {
    for (const key of Object.keys(object)) {
        if (!known.includes(key)) {
            fail(`${path}${key}`, `is not a known setting (expected one of: ${known.join(", ")})`);
        }
    }
}

function checkUniqueName(value, field, fail) {
    if (typeof value !== "string" || !UNIQUE_NAME.test(value)) {
        fail(
            field,
            `${JSON.stringify(value)} must start with a letter or "_" and contain only letters, digits and "_" (no spaces)`,
        );
    }
}

function checkText(value, field, required, fail) {
    if (value === undefined && !required) return;
    if (typeof value !== "string") {
        fail(field, "must be a string");
    } else if (required && value.trim() === "") {
        fail(field, "must not be empty");
    }
}

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

function checkOptionValuePrefix(value, fail) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 10000 || value > 99999) {
        fail("publisher.optionValuePrefix", `${JSON.stringify(value)} must be a whole number from 10000 to 99999`);
    }
}

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
        const segments = typeof name === "string" ? name.split("/") : [];
        if (
            typeof name !== "string" ||
            segments.some((segment) => !WEB_RESOURCE_SEGMENT.test(segment) || segment === "..")
        ) {
            fail(
                `${at}.name`,
                `${JSON.stringify(name)} must be a relative path like "FlowTriggerControl/file.html": segments of letters, digits, ".", "-" and "_" separated by single "/"`,
            );
        } else if (seen.has(name.toLowerCase())) {
            fail(`${at}.name`, `"${name}" is listed twice (names are case-insensitive in Dataverse)`);
        } else {
            seen.add(name.toLowerCase());
        }

        const type = WEB_RESOURCE_TYPES[entry.type];
        if (!Object.hasOwn(WEB_RESOURCE_TYPES, entry.type ?? "")) {
            fail(
                `${at}.type`,
                `${JSON.stringify(entry.type)} must be one of: ${Object.keys(WEB_RESOURCE_TYPES).join(", ")}`,
            );
        } else if (typeof name === "string") {
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
