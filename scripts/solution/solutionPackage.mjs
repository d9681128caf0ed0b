import { renderSolutionXmlLines, COMPONENT_TYPE } from "./solutionXml.mjs";
import { renderCustomizationsXmlLines } from "./customizationsXml.mjs";
import { renderContentTypesXml } from "./contentTypesXml.mjs";
import { describeWebResources } from "./webResources.mjs";
import { encodeZipXml } from "./xmlFileEncoding.mjs";

const BASE_LANGUAGE = 1033;

/**
 * "<prefix>_<namespace>.<constructor>": the control folder, CustomControl/Name and RootComponent
 * schemaName. Import fails when the prefix differs from the publisher's.
 * @param {string} prefix
 * @param {{ namespace: string, constructor: string }} facts
 */
export function customControlName(prefix, facts) {
    return `${prefix}_${facts.namespace}.${facts.constructor}`;
}

/**
 * LCIDs for <Languages>: the base language plus every resx language of the control.
 * @param {readonly number[]} controlLanguages
 */
export function solutionLanguages(controlLanguages) {
    return [...new Set([BASE_LANGUAGE, ...controlLanguages])].sort((a, b) => a - b);
}

/**
 * All entries of one solution zip. Pure: everything it needs is passed in.
 * @param {object} input
 * @param {import("./solutionConfig.mjs").SolutionConfig} input.config
 * @param {import("./builtControl.mjs").BuiltControl} input.control
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
 * @param {import("./solutionConfig.mjs").SolutionConfig} config
 */
export function solutionZipFileNames(config) {
    const base = `${config.solution.uniqueName}_${config.solution.version}`;
    return { unmanaged: `${base}.zip`, managed: `${base}_managed.zip` };
}
