/**
 * The starter solution zip (unmanaged, its own unique name, the product's publisher): per configured flow a
 * solution-aware cloud flow and a Text environment variable definition (no value) for its trigger URL.
 *
 * Layout and XML follow real exports (pnp/powerplatform-samples):
 * - samples/always-reply-to-request/solution/always-respond-to-request.zip: root files, Workflows/<Name>-<ID>.json,
 *   the <Workflow> entry of customizations.xml and its children's order, RootComponent type 29 by id,
 *   [Content_Types].xml with a json Default;
 * - samples/mail-archive-pdf/solution/mail-archive-pdf.zip (exported 2026): ModernFlowType, Descriptions,
 *   environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml (no XML declaration, no BOM),
 *   one [Content_Types].xml Override per definition, and no RootComponent for the definitions;
 * - microsoft/coe-starter-kit CenterofExcellenceCoreComponents/SolutionPackage/src/environmentvariabledefinitions/
 *   coe_EnvironmentRequestAdminAppUrl/environmentvariabledefinition.xml: a Text variable (type 100000000) with no
 *   defaultvalue and no environmentvariablevalues.json, i.e. no value travels with the solution.
 * What is inferred rather than seen is listed in docs/starter-flows.md.
 */
import { COMPONENT_TYPE, renderContentTypesXml, renderSolutionXmlLines } from "./render.mjs";
import { describeStarterFlows } from "./starter.mjs";
import { encodeZipXml, escapeXml } from "./xml.mjs";

const BASE_LANGUAGE = 1033;
/** environmentvariabledefinition.type: 100000000 = String (shown as "Text"). */
export const ENVIRONMENT_VARIABLE_TYPE_TEXT = 100000000;

/**
 * @param {import("./config.mjs").SolutionConfig} config with a starter section
 * @returns {{ unmanaged: string }}
 */
export function starterZipFileName(config) {
    if (!config.starter) throw new Error("No starter section in the config.");
    return { unmanaged: `${config.starter.uniqueName}_${config.solution.version}.zip` };
}

/**
 * The <Workflow> element of customizations.xml (children in the order real exports write them).
 * @param {import("./starter.mjs").StarterFlow} flow
 * @param {string} introducedVersion
 * @param {string} indent
 */
export function renderWorkflowLines(flow, introducedVersion, indent) {
    const name = escapeXml(flow.config.name);
    const description = `Starter flow of the Flow Trigger Control for ${flow.config.table}: answers the control with a message built from the payload. Add your steps before the Response.`;
    return [
        `${indent}<Workflow WorkflowId="{${flow.workflowId}}" Name="${name}" Description="${escapeXml(description)}">`,
        `${indent}  <JsonFileName>${escapeXml(flow.jsonFileName)}</JsonFileName>`,
        `${indent}  <Type>1</Type>`,
        `${indent}  <Subprocess>0</Subprocess>`,
        `${indent}  <Category>5</Category>`,
        `${indent}  <Mode>0</Mode>`,
        `${indent}  <Scope>4</Scope>`,
        `${indent}  <OnDemand>0</OnDemand>`,
        `${indent}  <TriggerOnCreate>0</TriggerOnCreate>`,
        `${indent}  <TriggerOnDelete>0</TriggerOnDelete>`,
        `${indent}  <AsyncAutodelete>0</AsyncAutodelete>`,
        `${indent}  <SyncWorkflowLogOnFailure>0</SyncWorkflowLogOnFailure>`,
        // On after import: a flow with only Request/Response needs no connection, so it is restored as exported.
        `${indent}  <StateCode>1</StateCode>`,
        `${indent}  <StatusCode>2</StatusCode>`,
        `${indent}  <RunAs>1</RunAs>`,
        `${indent}  <IsTransacted>1</IsTransacted>`,
        `${indent}  <IntroducedVersion>${escapeXml(introducedVersion)}</IntroducedVersion>`,
        `${indent}  <IsCustomizable>1</IsCustomizable>`,
        `${indent}  <BusinessProcessType>0</BusinessProcessType>`,
        `${indent}  <IsCustomProcessingStepAllowedForOtherPublishers>1</IsCustomProcessingStepAllowedForOtherPublishers>`,
        `${indent}  <ModernFlowType>0</ModernFlowType>`,
        `${indent}  <PrimaryEntity>none</PrimaryEntity>`,
        `${indent}  <LocalizedNames>`,
        `${indent}    <LocalizedName languagecode="${BASE_LANGUAGE}" description="${name}" />`,
        `${indent}  </LocalizedNames>`,
        `${indent}  <Descriptions>`,
        `${indent}    <Description languagecode="${BASE_LANGUAGE}" description="${escapeXml(description)}" />`,
        `${indent}  </Descriptions>`,
        `${indent}</Workflow>`,
    ];
}

/**
 * customizations.xml of the starter zip: the element list of the pnp export, Workflows filled in.
 * @param {readonly import("./starter.mjs").StarterFlow[]} flows
 * @param {string} introducedVersion
 */
export function renderStarterCustomizationsXmlLines(flows, introducedVersion) {
    return [
        `<?xml version="1.0" encoding="utf-8"?>`,
        `<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
        `  <Entities />`,
        `  <Roles />`,
        `  <Workflows>`,
        ...flows.flatMap((flow) => renderWorkflowLines(flow, introducedVersion, "    ")),
        `  </Workflows>`,
        `  <FieldSecurityProfiles />`,
        `  <Templates />`,
        `  <EntityMaps />`,
        `  <EntityRelationships />`,
        `  <OrganizationSettings />`,
        `  <optionsets />`,
        `  <CustomControls />`,
        `  <EntityDataProviders />`,
        `  <Languages>`,
        `    <Language>${BASE_LANGUAGE}</Language>`,
        `  </Languages>`,
        `</ImportExportXml>`,
    ];
}

/**
 * environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml: Text, no default value.
 * @param {import("./starter.mjs").StarterFlowConfig} flow
 * @param {string} introducedVersion
 */
export function renderEnvironmentVariableDefinitionLines(flow, introducedVersion) {
    const displayName = escapeXml(`${flow.name} flow URL`);
    const description = escapeXml(
        `Trigger URL of the flow "${flow.name}" in this environment. Set it after import (the setup page fills it in); each environment has its own.`,
    );
    return [
        `<environmentvariabledefinition schemaname="${escapeXml(flow.environmentVariable)}">`,
        `  <description default="${description}">`,
        `    <label description="${description}" languagecode="${BASE_LANGUAGE}" />`,
        `  </description>`,
        `  <displayname default="${displayName}">`,
        `    <label description="${displayName}" languagecode="${BASE_LANGUAGE}" />`,
        `  </displayname>`,
        `  <introducedversion>${escapeXml(introducedVersion)}</introducedversion>`,
        `  <iscustomizable>1</iscustomizable>`,
        `  <isrequired>0</isrequired>`,
        `  <secretstore>0</secretstore>`,
        `  <type>${ENVIRONMENT_VARIABLE_TYPE_TEXT}</type>`,
        `</environmentvariabledefinition>`,
    ];
}

/**
 * All entries of the starter zip. Pure.
 * @param {{ config: import("./config.mjs").SolutionConfig }} input config with a starter section
 * @returns {{ entries: Map<string, Buffer>, flows: import("./starter.mjs").StarterFlow[],
 *   xml: { solution: Buffer, customizations: Buffer, environmentVariables: Map<string, Buffer> } }}
 */
export function assembleStarterEntries({ config }) {
    const starter = config.starter;
    if (!starter) throw new Error("No starter section in the config.");
    const version = config.solution.version;
    const flows = describeStarterFlows(starter);

    /** @type {Map<string, Buffer>} */
    const entries = new Map();
    for (const flow of flows) {
        // Real exports: indented JSON with CRLF, no BOM.
        const json = JSON.stringify(flow.clientData, null, 2).replace(/\n/g, "\r\n");
        entries.set(flow.jsonFileName.slice(1), Buffer.from(json, "utf8"));
    }
    /** @type {Map<string, Buffer>} */
    const environmentVariables = new Map();
    for (const flow of starter.flows) {
        const name = `environmentvariabledefinitions/${flow.environmentVariable}/environmentvariabledefinition.xml`;
        const bytes = Buffer.from(renderEnvironmentVariableDefinitionLines(flow, version).join("\r\n"), "utf8");
        entries.set(name, bytes);
        environmentVariables.set(name, bytes);
    }

    const solution = encodeZipXml(
        renderSolutionXmlLines({
            config: {
                ...config,
                solution: {
                    uniqueName: starter.uniqueName,
                    displayName: starter.displayName,
                    description: starter.description,
                    version,
                },
            },
            managed: 0,
            rootComponents: flows.map((flow) => ({ type: COMPONENT_TYPE.workflow, id: flow.workflowId })),
        }),
    );
    const customizations = encodeZipXml(renderStarterCustomizationsXmlLines(flows, version));
    entries.set("solution.xml", solution);
    entries.set("customizations.xml", customizations);
    entries.set(
        "[Content_Types].xml",
        encodeZipXml(renderContentTypesXml([...entries.keys()], [...environmentVariables.keys()])),
    );
    return { entries, flows, xml: { solution, customizations, environmentVariables } };
}
