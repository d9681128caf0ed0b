/**
 * Solutions/src: the unpacked solution that `dotnet build` (Microsoft.PowerApps.MSBuild.Solution +
 * SolutionPackager) packs, generated from solution.config.json and kept in step on every run.
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
    COMPONENT_TYPE,
    renderCustomizationsXmlLines,
    renderSolutionXmlLines,
    renderWebResourceLines,
} from "./render.mjs";
import { describeWebResources } from "./webResources.mjs";
import { SCHEMA_FILES, compareOrdinal, encodeSourceXml, validateWithSchema } from "./xml.mjs";

/**
 * Every generated file of Solutions/src, so the Node and dotnet build paths cannot disagree.
 *
 * Committed: Other/*.xml and WebResources/**.data.xml. The web resource content files next to the
 * .data.xml files are copied from their sources on every run and are git-ignored.
 *
 * @param {object} input
 * @param {import("./config.mjs").SolutionConfig} input.config
 * @param {readonly number[]} input.languages
 * @returns {Map<string, string>} path relative to Solutions/src (forward slashes) -> text
 */
export function renderSolutionSource({ config, languages }) {
    const webResources = describeWebResources(config);
    /** @type {Map<string, string>} */
    const files = new Map();
    files.set(
        "Other/Solution.xml",
        encodeSourceXml(
            renderSolutionXmlLines({
                config,
                managed: 2, // "both": msbuild sets 0 or 1 per package and adds the control's root component itself
                rootComponents: webResources.map((resource) => ({
                    type: COMPONENT_TYPE.webResource,
                    schemaName: resource.name,
                })),
            }),
        ),
    );
    files.set(
        "Other/Customizations.xml",
        encodeSourceXml(
            renderCustomizationsXmlLines({
                webResources: [],
                customControlNames: [],
                languages,
                sourceForm: true,
            }),
        ),
    );
    files.set(
        "Other/Relationships.xml",
        encodeSourceXml([
            `<?xml version="1.0" encoding="utf-8"?>`,
            `<EntityRelationships xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" />`,
        ]),
    );
    for (const resource of webResources) {
        files.set(
            `${resource.sourceTreePath}.data.xml`,
            encodeSourceXml([
                `<?xml version="1.0" encoding="utf-8"?>`,
                ...renderWebResourceLines(resource, "", ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`),
            ]),
        );
    }
    return files;
}

/**
 * Checks the rendered Solutions/src files the way the zips are checked, before any is written: Solution.xml and
 * Customizations.xml against the project's XSDs, each web resource .data.xml inside a customizations document
 * (so its <WebResource> meets the same schema). Ill-formed XML fails here too.
 * @param {ReadonlyMap<string, string>} rendered
 * @returns {Promise<string[]>} problems, one per failing file; empty when all pass
 */
export async function checkSolutionSource(rendered) {
    const problems = [];
    for (const [relativePath, text] of rendered) {
        let document = text;
        let schema;
        if (relativePath === "Other/Solution.xml") schema = SCHEMA_FILES.solution;
        else if (relativePath === "Other/Customizations.xml") schema = SCHEMA_FILES.customizations;
        else if (relativePath.endsWith(".data.xml")) {
            schema = SCHEMA_FILES.customizations;
            const body = text.replace(/^<\?xml[^>]*\?>\s*/, "");
            document = `<?xml version="1.0" encoding="utf-8"?>\n<ImportExportXml><WebResources>${body}</WebResources></ImportExportXml>\n`;
        } else continue;
        const result = await validateWithSchema(document, relativePath, schema);
        if (!result.valid) problems.push(`Solutions/src/${relativePath}:\n${result.errors.join("\n")}`);
    }
    return problems;
}

/**
 * Files under Solutions/src that differ from what the config says (missing, changed, or left over).
 * @param {string} sourceDir Solutions/src
 * @param {ReadonlyMap<string, string>} rendered
 * @returns {Promise<string[]>} relative paths, sorted
 */
export async function findSolutionSourceDrift(sourceDir, rendered) {
    const drift = [];
    for (const [relativePath, text] of rendered) {
        const current = await readFile(path.join(sourceDir, ...relativePath.split("/")), "utf8").catch(() => undefined);
        if (current !== text) drift.push(relativePath);
    }
    for (const leftover of await listDataXmlFiles(sourceDir)) {
        if (!rendered.has(leftover)) drift.push(leftover);
    }
    return drift.sort(compareOrdinal);
}

/**
 * Writes the rendered files (only those that changed) and removes web resources no longer in the config.
 * @param {string} sourceDir Solutions/src
 * @param {ReadonlyMap<string, string>} rendered
 * @returns {Promise<string[]>} relative paths written or removed
 */
export async function writeSolutionSource(sourceDir, rendered) {
    const changed = await findSolutionSourceDrift(sourceDir, rendered);
    for (const relativePath of changed) {
        const file = path.join(sourceDir, ...relativePath.split("/"));
        const text = rendered.get(relativePath);
        if (text !== undefined) {
            await mkdir(path.dirname(file), { recursive: true });
            await writeFile(file, text, "utf8");
        } else {
            await rm(file, { force: true });
            await rm(file.slice(0, -".data.xml".length), { force: true });
        }
    }
    return changed;
}

/**
 * Copies each web resource's content next to its .data.xml, where SolutionPackager looks for it.
 * These copies are git-ignored; the sources named in solution.config.json stay the only originals.
 * @param {string} sourceDir Solutions/src
 * @param {readonly { sourceTreePath: string, bytes: Buffer }[]} contents
 */
export async function copyWebResourceContents(sourceDir, contents) {
    for (const content of contents) {
        const file = path.join(sourceDir, ...content.sourceTreePath.split("/"));
        const current = await readFile(file).catch(() => undefined);
        if (current === undefined || !current.equals(content.bytes)) {
            await mkdir(path.dirname(file), { recursive: true });
            await writeFile(file, content.bytes);
        }
    }
}

/**
 * Bounded walk: web resources are a handful of files a few folders deep.
 * @param {string} sourceDir
 * @returns {Promise<string[]>} paths relative to sourceDir
 */
async function listDataXmlFiles(sourceDir) {
    /** @type {string[]} */
    const found = [];
    const pending = [{ dir: path.join(sourceDir, "WebResources"), relative: "WebResources", depth: 0 }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        const { dir, relative, depth } = next;
        const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const childRelative = `${relative}/${entry.name}`;
            if (entry.isDirectory() && depth < 8) {
                pending.push({ dir: path.join(dir, entry.name), relative: childRelative, depth: depth + 1 });
            } else if (entry.isFile() && entry.name.endsWith(".data.xml")) {
                found.push(childRelative);
            }
            if (found.length > 1000) throw new Error(`Too many files under ${dir}.`);
        }
    }
    return found;
}
