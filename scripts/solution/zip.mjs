/**
 * The solution zip: which entries it holds (pure) and how they are written (deterministic bytes).
 */
import JSZip from "jszip";
import { customControlName } from "./control.mjs";
import {
    COMPONENT_TYPE,
    renderContentTypesXml,
    renderCustomizationsXmlLines,
    renderSolutionXmlLines,
    solutionLanguages,
} from "./render.mjs";
import { describeWebResources } from "./webResources.mjs";
import { compareOrdinal, encodeZipXml } from "./xml.mjs";

/**
 * All entries of one solution zip. Pure: everything it needs is passed in.
 * @param {object} input
 * @param {import("./config.mjs").SolutionConfig} input.config
 * @param {import("./control.mjs").BuiltControl} input.control
 * @param {ReadonlyMap<string, Buffer>} input.webResourceContents  full web resource name -> bytes
 * @param {0 | 1} input.managed
 * @returns {{ entries: Map<string, Buffer>, controlName: string, xml: { solution: Buffer, customizations: Buffer } }}
 */
export function assembleSolutionEntries({ config, control, webResourceContents, managed }) {
    const controlName = customControlName(config.publisher.prefix, control.facts);
    const webResources = describeWebResources(config);

    /** @type {Map<string, Buffer>} */
    const entries = new Map();
    for (const file of control.files) {
        entries.set(`Controls/${controlName}/${file.path}`, file.bytes);
    }
    for (const resource of webResources) {
        const bytes = webResourceContents.get(resource.name);
        if (bytes === undefined) {
            throw new Error(`No content was read for web resource ${resource.name} (source ${resource.source}).`);
        }
        entries.set(resource.zipPath, bytes);
    }

    const solution = encodeZipXml(
        renderSolutionXmlLines({
            config,
            managed,
            rootComponents: [
                ...webResources.map((resource) => ({ type: COMPONENT_TYPE.webResource, schemaName: resource.name })),
                { type: COMPONENT_TYPE.customControl, schemaName: controlName },
            ],
        }),
    );
    const customizations = encodeZipXml(
        renderCustomizationsXmlLines({
            webResources,
            customControlNames: [controlName],
            languages: solutionLanguages(control.facts.languages),
        }),
    );
    entries.set("solution.xml", solution);
    entries.set("customizations.xml", customizations);

    const overrideParts = [
        `Controls/${controlName}/ControlManifest.xml`,
        ...webResources.map((resource) => resource.zipPath),
    ];
    entries.set("[Content_Types].xml", encodeZipXml(renderContentTypesXml([...entries.keys()], overrideParts)));

    return { entries, controlName, xml: { solution, customizations } };
}

/**
 * Output file names, as cathalnoonan/pcf-tools and pac-based pipelines name them.
 * @param {import("./config.mjs").SolutionConfig} config
 */
export function solutionZipFileNames(config) {
    const base = `${config.solution.uniqueName}_${config.solution.version}`;
    return { unmanaged: `${base}.zip`, managed: `${base}_managed.zip` };
}

/** Every entry gets this modification time, so the same content always gives the same bytes. */
const FIXED_ENTRY_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/**
 * A zip with only file entries (no directory entries), forward-slash names in ordinal order,
 * DEFLATE level 9 and a fixed timestamp. JSZip writes DOS times from the UTC fields, so the
 * result does not depend on the machine's time zone.
 * @param {ReadonlyMap<string, Buffer>} entries name -> content
 * @returns {Promise<Buffer>}
 */
export async function writeDeterministicZip(entries) {
    const zip = new JSZip();
    for (const [name, content] of [...entries].sort(([a], [b]) => compareOrdinal(a, b))) {
        if (name.includes("\\") || name.startsWith("/") || name.endsWith("/") || name.split("/").includes("..")) {
            throw new Error(`Zip entry name "${name}" must be a relative path with forward slashes.`);
        }
        zip.file(name, content, { date: FIXED_ENTRY_DATE, createFolders: false, binary: true });
    }
    return zip.generateAsync({
        type: "nodebuffer",
        compression: "DEFLATE",
        compressionOptions: { level: 9 },
        platform: "DOS",
        streamFiles: false,
    });
}
