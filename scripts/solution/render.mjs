/**
 * The XML documents of a solution, as lines: solution.xml, customizations.xml (and a web resource's
 * .data.xml) and [Content_Types].xml. Pure: the same input always gives the same text.
 */
import { escapeXml, compareOrdinal } from "./xml.mjs";

const BASE_LANGUAGE = 1033;

/**
 * LCIDs for <Languages>: the base language plus every resx language of the control.
 * @param {readonly number[]} controlLanguages
 */
export function solutionLanguages(controlLanguages) {
    return [...new Set([BASE_LANGUAGE, ...controlLanguages])].sort((a, b) => a - b);
}

/** Solution component types used here (RootComponent/@type). */
export const COMPONENT_TYPE = Object.freeze({ workflow: 29, webResource: 61, customControl: 66 });

/** pac's template values; newer package versions are refused by older orgs. */
const PACKAGE_VERSION = { version: "9.1.0.643", solutionPackageVersion: "9.1" };

/** Children of each publisher <Address>, in pac's order; all empty. */
const ADDRESS_FIELDS = [
    "City",
    "County",
    "Country",
    "Fax",
    "FreightTermsCode",
    "ImportSequenceNumber",
    "Latitude",
    "Line1",
    "Line2",
    "Line3",
    "Longitude",
    "Name",
    "PostalCode",
    "PostOfficeBox",
    "PrimaryContactName",
    "ShippingMethodCode",
    "StateOrProvince",
    "Telephone1",
    "Telephone2",
    "Telephone3",
    "TimeZoneRuleVersionNumber",
    "UPSZone",
    "UTCOffset",
    "UTCConversionTimeZoneCode",
];

/**
 * By schema name (web resources, controls) or by id (workflows: `id="{guid}"`, as real exports write them).
 * @typedef {{ type: number, schemaName: string, id?: undefined } | { type: number, id: string, schemaName?: undefined }} RootComponent
 */

/**
 * solution.xml (zip form, Managed 0/1) or Other/Solution.xml (source form, Managed 2 = both).
 * @param {object} input
 * @param {import("./config.mjs").SolutionConfig} input.config
 * @param {0 | 1 | 2} input.managed
 * @param {readonly RootComponent[]} input.rootComponents
 * @returns {string[]} lines, without line terminators
 */
export function renderSolutionXmlLines({ config, managed, rootComponents }) {
    const { solution, publisher } = config;
    const key = (/** @type {RootComponent} */ root) => root.schemaName ?? root.id ?? "";
    const roots = [...rootComponents].sort((a, b) => a.type - b.type || compareOrdinal(key(a), key(b)));
    return [
        `<?xml version="1.0" encoding="utf-8"?>`,
        `<ImportExportXml version="${PACKAGE_VERSION.version}" SolutionPackageVersion="${PACKAGE_VERSION.solutionPackageVersion}" languagecode="${BASE_LANGUAGE}" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
        `  <SolutionManifest>`,
        `    <UniqueName>${escapeXml(solution.uniqueName)}</UniqueName>`,
        ...localizedNames("    ", solution.displayName),
        ...descriptions("    ", solution.description),
        `    <Version>${escapeXml(solution.version)}</Version>`,
        `    <Managed>${managed}</Managed>`,
        `    <Publisher>`,
        `      <UniqueName>${escapeXml(publisher.uniqueName)}</UniqueName>`,
        ...localizedNames("      ", publisher.displayName),
        ...descriptions("      ", publisher.description),
        `      <EMailAddress xsi:nil="true"></EMailAddress>`,
        `      <SupportingWebsiteUrl xsi:nil="true"></SupportingWebsiteUrl>`,
        `      <CustomizationPrefix>${escapeXml(publisher.prefix)}</CustomizationPrefix>`,
        `      <CustomizationOptionValuePrefix>${publisher.optionValuePrefix}</CustomizationOptionValuePrefix>`,
        `      <Addresses>`,
        ...address(1),
        ...address(2),
        `      </Addresses>`,
        `    </Publisher>`,
        ...(roots.length === 0
            ? [`    <RootComponents />`]
            : [
                  `    <RootComponents>`,
                  ...roots.map((root) =>
                      root.id === undefined
                          ? `      <RootComponent type="${root.type}" schemaName="${escapeXml(root.schemaName)}" behavior="0" />`
                          : `      <RootComponent type="${root.type}" id="{${escapeXml(root.id)}}" behavior="0" />`,
                  ),
                  `    </RootComponents>`,
              ]),
        `    <MissingDependencies />`,
        `  </SolutionManifest>`,
        `</ImportExportXml>`,
    ];
}

/**
 * @param {string} indent
 * @param {string} displayName
 */
function localizedNames(indent, displayName) {
    return [
        `${indent}<LocalizedNames>`,
        `${indent}  <LocalizedName description="${escapeXml(displayName)}" languagecode="${BASE_LANGUAGE}" />`,
        `${indent}</LocalizedNames>`,
    ];
}

/**
 * @param {string} indent
 * @param {string} description
 */
function descriptions(indent, description) {
    if (description === "") return [`${indent}<Descriptions />`];
    return [
        `${indent}<Descriptions>`,
        `${indent}  <Description description="${escapeXml(description)}" languagecode="${BASE_LANGUAGE}" />`,
        `${indent}</Descriptions>`,
    ];
}

/** @param {1 | 2} number */
function address(number) {
    return [
        `        <Address>`,
        `          <AddressNumber>${number}</AddressNumber>`,
        `          <AddressTypeCode>1</AddressTypeCode>`,
        ...ADDRESS_FIELDS.map((field) =>
            field === "ShippingMethodCode"
                ? `          <ShippingMethodCode>1</ShippingMethodCode>`
                : `          <${field} xsi:nil="true"></${field}>`,
        ),
        `        </Address>`,
    ];
}

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

/** @param {readonly import("./webResources.mjs").WebResourceDescriptor[]} webResources */
function webResourcesElement(webResources) {
    if (webResources.length === 0) return [`  <WebResources />`];
    return [
        `  <WebResources>`,
        ...webResources.flatMap((resource) => renderWebResourceLines(resource, "    ")),
        `  </WebResources>`,
    ];
}

/** @param {readonly string[]} names */
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

const CONTENT_TYPES_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types";
const OCTET_STREAM = "application/octet-stream";

/**
 * [Content_Types].xml as msbuild writes it: xml is text/xml, every other extension in the zip
 * is application/octet-stream, and each listed part (control manifests, extension-less web
 * resource files) gets an Override. Import fails when a file's type is not covered.
 * @param {readonly string[]} entryNames   every zip entry name
 * @param {readonly string[]} overrideParts entry names (without leading slash) that get an Override
 * @returns {string} one line, no line terminator
 */
export function renderContentTypesXml(entryNames, overrideParts) {
    const extensions = new Set(["xml"]);
    for (const name of entryNames) {
        const base = name.slice(name.lastIndexOf("/") + 1);
        if (base.includes(".")) extensions.add(base.slice(base.lastIndexOf(".") + 1).toLowerCase());
    }
    const defaults = ["xml", ...[...extensions].filter((extension) => extension !== "xml").sort(compareOrdinal)].map(
        (extension) =>
            `<Default Extension="${extension}" ContentType="${extension === "xml" ? "text/xml" : OCTET_STREAM}" />`,
    );
    const overrides = [...overrideParts]
        .sort(compareOrdinal)
        .map((part) => `<Override PartName="/${part}" ContentType="${OCTET_STREAM}" />`);
    return `<?xml version="1.0" encoding="utf-8"?><Types xmlns="${CONTENT_TYPES_NAMESPACE}">${defaults.join("")}${overrides.join("")}</Types>`;
}
