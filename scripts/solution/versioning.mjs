/**
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
