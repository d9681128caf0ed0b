import { escapeXml } from "./xmlEscape.mjs";

/**
 * customizations.xml. Elements keep the order of Microsoft's ImportExportXml sequence:
 * Entities … optionsets, WebResources, CustomControls, SolutionPluginAssemblies, EntityDataProviders, Languages.
 * The source form (Other/Customizations.xml) passes no web resources and no controls: SolutionPackager
 * merges them from WebResources/*.data.xml and the referenced .pcfproj.
 * @param {object} input
 * @param {readonly import("./webResources.mjs").WebResourceDescriptor[]} input.webResources
 * @param {readonly string[]} input.customControlNames  "<prefix>_<namespace>.<constructor>"
 * @param {readonly number[]} input.languages  LCIDs
 * @param {boolean} [input.sourceForm]  true for Other/Customizations.xml (no <WebResources> element at all)
 * @returns {string[]} lines
 */
export function renderCustomizationsXmlLines({ webResources, customControlNames, languages, sourceForm = false }) {
    return [
        `<?xml version="1.0" encoding="utf-8"?>`,
        `<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
        `  <Entities />`,
        `  <Roles />`,
        `  <Workflows />`,
        `  <FieldSecurityProfiles />`,
        `  <Templates />`,
        `  <EntityMaps />`,
        `  <EntityRelationships />`,
        `  <OrganizationSettings />`,
        `  <optionsets />`,
        ...(sourceForm ? [] : webResourcesElement(webResources)),
        ...customControlsElement(customControlNames),
        `  <SolutionPluginAssemblies />`,
        `  <EntityDataProviders />`,
        `  <Languages>`,
        ...languages.map((lcid) => `    <Language>${lcid}</Language>`),
        `  </Languages>`,
        `</ImportExportXml>`,
    ];
}

/**
 * The <WebResource> element; also the body of a source-form WebResources/<name>.data.xml.
 * @param {import("./webResources.mjs").WebResourceDescriptor} resource
 * @param {string} indent
 * @param {string} [rootAttributes] e.g. ' xmlns:xsi="…"' for the standalone .data.xml
 */
export function renderWebResourceLines(resource, indent, rootAttributes = "") {
    return [
        `${indent}<WebResource${rootAttributes}>`,
        `${indent}  <WebResourceId>{${resource.id}}</WebResourceId>`,
        `${indent}  <Name>${escapeXml(resource.name)}</Name>`,
        `${indent}  <DisplayName>${escapeXml(resource.displayName)}</DisplayName>`,
        ...(resource.description === ""
            ? []
            : [`${indent}  <Description>${escapeXml(resource.description)}</Description>`]),
        `${indent}  <WebResourceType>${resource.typeCode}</WebResourceType>`,
        `${indent}  <IntroducedVersion>${escapeXml(resource.introducedVersion)}</IntroducedVersion>`,
        `${indent}  <IsEnabledForMobileClient>0</IsEnabledForMobileClient>`,
        `${indent}  <IsAvailableForMobileOffline>0</IsAvailableForMobileOffline>`,
        `${indent}  <IsCustomizable>1</IsCustomizable>`,
        `${indent}  <CanBeDeleted>1</CanBeDeleted>`,
        `${indent}  <IsHidden>0</IsHidden>`,
        `${indent}  <FileName>/${escapeXml(resource.zipPath)}</FileName>`,
        `${indent}</WebResource>`,
    ];
}

function webResourcesElement(webResources) {
    if (webResources.length === 0) return [`  <WebResources />`];
    return [
        `  <WebResources>`,
        ...webResources.flatMap((resource) => renderWebResourceLines(resource, "    ")),
        `  </WebResources>`,
    ];
}

function customControlsElement(names) {
    if (names.length === 0) return [`  <CustomControls />`];
    return [
        `  <CustomControls>`,
        ...names.flatMap((name) => [
            `    <CustomControl>`,
            `      <Name>${escapeXml(name)}</Name>`,
            `      <FileName>/Controls/${escapeXml(name)}/ControlManifest.xml</FileName>`,
            `    </CustomControl>`,
        ]),
        `  </CustomControls>`,
    ];
}
