import { escapeXml } from "./xmlEscape.mjs";
import { compareOrdinal } from "./ordinalOrder.mjs";

/** Solution component types used here (RootComponent/@type). */
export const COMPONENT_TYPE = Object.freeze({ webResource: 61, customControl: 66 });

/** pac's template values; newer package versions are refused by older orgs. */
const PACKAGE_VERSION = { version: "9.1.0.643", solutionPackageVersion: "9.1" };
const BASE_LANGUAGE = 1033;

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
 * @typedef {{ type: number, schemaName: string }} RootComponent
 */

/**
 * solution.xml (zip form, Managed 0/1) or Other/Solution.xml (source form, Managed 2 = both).
 * @param {object} input
 * @param {import("./solutionConfig.mjs").SolutionConfig} input.config
 * @param {0 | 1 | 2} input.managed
 * @param {readonly RootComponent[]} input.rootComponents
 * @returns {string[]} lines, without line terminators
 */
export function renderSolutionXmlLines({ config, managed, rootComponents }) {
    const { solution, publisher } = config;
    const roots = [...rootComponents].sort((a, b) => a.type - b.type || compareOrdinal(a.schemaName, b.schemaName));
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
                  ...roots.map(
                      (root) =>
                          `      <RootComponent type="${root.type}" schemaName="${escapeXml(root.schemaName)}" behavior="0" />`,
                  ),
                  `    </RootComponents>`,
              ]),
        `    <MissingDependencies />`,
        `  </SolutionManifest>`,
        `</ImportExportXml>`,
    ];
}

function localizedNames(indent, displayName) {
    return [
        `${indent}<LocalizedNames>`,
        `${indent}  <LocalizedName description="${escapeXml(displayName)}" languagecode="${BASE_LANGUAGE}" />`,
        `${indent}</LocalizedNames>`,
    ];
}

function descriptions(indent, description) {
    if (description === "") return [`${indent}<Descriptions />`];
    return [
        `${indent}<Descriptions>`,
        `${indent}  <Description description="${escapeXml(description)}" languagecode="${BASE_LANGUAGE}" />`,
        `${indent}</Descriptions>`,
    ];
}

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
