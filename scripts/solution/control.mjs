/**
 * The code component: facts from its manifest, the files of its production build, and its solution name.
 */
import { readFile, access } from "node:fs/promises";
import path from "node:path";
import xml2js from "xml2js";
import { compareOrdinal } from "./xml.mjs";

/**
 * What the packager needs from a control manifest: the ControlManifest.xml that pcf-scripts writes to
 * out/controls/<Control>/, or the ControlManifest.Input.xml it is built from (same attributes and resx paths).
 * @typedef {object} ControlManifestFacts
 * @property {string} namespace
 * @property {string} constructor
 * @property {string} version
 * @property {string[]} resourcePaths  every resources/<x path="…"> (bundle, css, resx, …), in manifest order
 * @property {number[]} languages      LCIDs of the resx files (from "<name>.<lcid>.resx"), ascending
 */

/**
 * @param {string} manifestXml
 * @returns {Promise<ControlManifestFacts>}
 */
export async function describeControlManifest(manifestXml) {
    const parsed = await xml2js.parseStringPromise(manifestXml);
    const control = parsed?.manifest?.control?.[0];
    if (!control?.$) {
        throw new Error("ControlManifest.xml has no <manifest><control> element.");
    }
    const { namespace, constructor, version } = control.$;
    for (const [attribute, value] of Object.entries({ namespace, constructor, version })) {
        if (typeof value !== "string" || value === "") {
            throw new Error(`ControlManifest.xml <control> has no ${attribute} attribute.`);
        }
    }
    const resources = control.resources?.[0] ?? {};
    /** @type {string[]} */
    const resourcePaths = [];
    for (const [element, items] of Object.entries(resources)) {
        if (element === "$" || !Array.isArray(items)) continue;
        for (const item of items) {
            const resourcePath = item?.$?.path;
            if (resourcePath === undefined) continue; // platform-library has no file
            assertSafeRelativePath(resourcePath);
            resourcePaths.push(resourcePath);
        }
    }
    const languages = [
        ...new Set(
            resourcePaths
                .map((resourcePath) => /\.([0-9]{4,5})\.resx$/i.exec(resourcePath)?.[1])
                .filter((lcid) => lcid !== undefined)
                .map(Number),
        ),
    ].sort((a, b) => a - b);
    return { namespace, constructor, version, resourcePaths, languages };
}

/**
 * The files of the built control that go into the solution, with their bytes.
 * @typedef {object} BuiltControl
 * @property {ControlManifestFacts} facts
 * @property {Buffer} manifestBytes
 * @property {{ path: string, bytes: Buffer }[]} files  relative to the control folder, manifest included, sorted
 */

/** Not listed in the manifest; webpack writes it next to a production bundle that points to it. */
const LICENSE_NOTICE = "bundle.js.LICENSE.txt";

/** webpack's banner on development bundles ("eval" devtool): unminified, not for shipping. */
const DEVELOPMENT_BUNDLE_MARKERS = ['The "eval" devtool has been used', "//# sourceURL=webpack://"];

/**
 * @param {string} builtControlDir out/controls/<Control>
 * @returns {Promise<BuiltControl>}
 */
export async function readBuiltControl(builtControlDir) {
    const manifestFile = path.join(builtControlDir, "ControlManifest.xml");
    let manifestBytes;
    try {
        manifestBytes = await readFile(manifestFile);
    } catch {
        throw new Error(`No built manifest at ${manifestFile}. Run the production build first (npm run build:prod).`);
    }
    const facts = await describeControlManifest(manifestBytes.toString("utf8"));
    const files = [{ path: "ControlManifest.xml", bytes: manifestBytes }];
    for (const relativePath of facts.resourcePaths) {
        const file = path.join(builtControlDir, ...relativePath.split("/"));
        try {
            files.push({ path: relativePath, bytes: await readFile(file) });
        } catch {
            throw new Error(
                `The built manifest lists "${relativePath}" but ${file} does not exist. Rebuild the control.`,
            );
        }
    }
    const scripts = files
        .filter((file) => file.path.endsWith(".js"))
        .map((file) => ({ path: file.path, text: file.bytes.toString("utf8") }));
    const development = scripts.find((script) =>
        DEVELOPMENT_BUNDLE_MARKERS.some((marker) => script.text.includes(marker)),
    );
    if (development) {
        throw new Error(
            `${path.join(builtControlDir, development.path)} is a development build (npm run build). Run npm run build:prod, or drop --no-build.`,
        );
    }
    // Only the notice the bundle points to: a leftover from an older build would describe other code.
    if (scripts.some((script) => script.text.includes(LICENSE_NOTICE))) {
        const file = path.join(builtControlDir, LICENSE_NOTICE);
        if (!(await exists(file)))
            throw new Error(`The bundle refers to ${LICENSE_NOTICE} but ${file} does not exist. Rebuild the control.`);
        files.push({ path: LICENSE_NOTICE, bytes: await readFile(file) });
    }
    files.sort((a, b) => compareOrdinal(a.path, b.path));
    return { facts, manifestBytes, files };
}

/** @param {string} resourcePath */
function assertSafeRelativePath(resourcePath) {
    if (
        resourcePath === "" ||
        resourcePath.startsWith("/") ||
        resourcePath.includes("\\") ||
        resourcePath.split("/").some((segment) => segment === "" || segment === "." || segment === "..")
    ) {
        throw new Error(`ControlManifest.xml resource path "${resourcePath}" is not a plain relative path.`);
    }
}

/** @param {string} file */
async function exists(file) {
    try {
        await access(file);
        return true;
    } catch {
        return false;
    }
}

/**
 * out/controls/<constructor>, honouring pcfconfig.json "outDir" like pcf-scripts does.
 * @param {import("./config.mjs").ProjectLayout} layout
 * @param {string} constructorName
 */
export async function builtControlDir(layout, constructorName) {
    let outDir = "./out/controls";
    try {
        const pcfConfig = JSON.parse(await readFile(layout.pcfConfig, "utf8"));
        if (typeof pcfConfig.outDir === "string" && pcfConfig.outDir !== "") outDir = pcfConfig.outDir;
    } catch {
        // No pcfconfig.json: pcf-scripts' default applies.
    }
    return path.resolve(layout.root, outDir, constructorName);
}

/**
 * "<prefix>_<namespace>.<constructor>": the control folder, CustomControl/Name and RootComponent
 * schemaName. Import fails when the prefix differs from the publisher's.
 * @param {string} prefix
 * @param {{ namespace: string, constructor: string }} facts
 */
export function customControlName(prefix, facts) {
    return `${prefix}_${facts.namespace}.${facts.constructor}`;
}
