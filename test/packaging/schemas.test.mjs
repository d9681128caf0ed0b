import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { validateXML } from "xmllint-wasm";
import { SCHEMA_FILES, validateWithSchema } from "../../scripts/solution/xml.mjs";
import { renderCustomizationsXmlLines, renderSolutionXmlLines } from "../../scripts/solution/render.mjs";
import { describeWebResources } from "../../scripts/solution/webResources.mjs";
import { validateSolutionConfig } from "../../scripts/solution/config.mjs";
import { sampleConfig } from "./support/fixtureProject.mjs";

const config = validateSolutionConfig(sampleConfig()).config;
const solutionXml = renderSolutionXmlLines({
    config,
    managed: 0,
    rootComponents: [
        { type: 61, schemaName: "ftc_/FlowTriggerControl/SignInRedirect.html" },
        { type: 66, schemaName: "ftc_FlowTrigger.FlowTriggerControl" },
    ],
}).join("\n");
const customizationsXml = renderCustomizationsXmlLines({
    webResources: describeWebResources(config),
    customControlNames: ["ftc_FlowTrigger.FlowTriggerControl"],
    languages: [1031, 1033, 1036],
}).join("\n");

/** Applies a textual change and makes sure it really changed something. */
function mutate(text, from, to) {
    const changed = text.replace(from, to);
    assert.notEqual(changed, text, `mutation ${from} did not apply`);
    return changed;
}

/**
 * Validates many documents in one xmllint run; returns the names of the documents that failed.
 * A known-good document rides along, so a schema that rejects everything cannot make a negative test pass.
 */
async function failingDocuments(documents, schemaFile, knownGood) {
    const schema = await readFile(schemaFile, "utf8");
    const all = [["known-good.xml", knownGood], ...documents];
    const result = await validateXML({
        xml: all.map(([fileName, contents]) => ({ fileName, contents })),
        schema: [{ fileName: "schema.xsd", contents: schema }],
    });
    // xmllint ends each document with "<file> validates" or "<file> fails to validate".
    const lines = result.rawOutput.split("\n");
    const failing = new Set();
    for (const [fileName] of all) {
        const passed = lines.includes(`${fileName} validates`);
        const failed = lines.includes(`${fileName} fails to validate`);
        assert.ok(passed !== failed, `no single verdict for ${fileName}:\n${result.rawOutput}`);
        if (failed) failing.add(fileName);
    }
    assert.ok(!failing.has("known-good.xml"), result.rawOutput);
    return failing;
}

describe("own XSD for solution.xml", () => {
    it("accepts the generated solution.xml (unmanaged, managed and source form)", async () => {
        assert.deepEqual(await validateWithSchema(solutionXml, "solution.xml", SCHEMA_FILES.solution), {
            valid: true,
            errors: [],
        });
        for (const managed of ["1", "2"]) {
            const variant = mutate(solutionXml, "<Managed>0</Managed>", `<Managed>${managed}</Managed>`);
            assert.deepEqual(await validateWithSchema(variant, "solution.xml", SCHEMA_FILES.solution), {
                valid: true,
                errors: [],
            });
        }
    });

    const negatives = [
        [
            "elements in the wrong order (Version before UniqueName)",
            (x) =>
                mutate(
                    mutate(x, "    <Version>1.2.3.4</Version>\n", ""),
                    "    <UniqueName>FlowTriggerControl</UniqueName>",
                    "    <Version>1.2.3.4</Version>\n    <UniqueName>FlowTriggerControl</UniqueName>",
                ),
        ],
        [
            "Managed before Version",
            (x) =>
                mutate(
                    mutate(x, "    <Managed>0</Managed>\n", ""),
                    "    <Version>",
                    "    <Managed>0</Managed>\n    <Version>",
                ),
        ],
        ["a missing MissingDependencies element", (x) => mutate(x, "    <MissingDependencies />\n", "")],
        [
            "an unknown element in SolutionManifest",
            (x) => mutate(x, "    <MissingDependencies />", "    <MissingDependencies />\n    <Extra />"),
        ],
        ["Managed 3", (x) => mutate(x, "<Managed>0</Managed>", "<Managed>3</Managed>")],
        ["a three-part version", (x) => mutate(x, "<Version>1.2.3.4</Version>", "<Version>1.2.3</Version>")],
        [
            "a version with a leading zero",
            (x) => mutate(x, "<Version>1.2.3.4</Version>", "<Version>01.2.3.4</Version>"),
        ],
        [
            "a solution unique name with a space",
            (x) => mutate(x, "<UniqueName>FlowTriggerControl</UniqueName>", "<UniqueName>Flow Trigger</UniqueName>"),
        ],
        [
            "a publisher unique name with a hyphen",
            (x) =>
                mutate(
                    x,
                    "<UniqueName>FlowTriggerControlPublisher</UniqueName>",
                    "<UniqueName>Flow-Publisher</UniqueName>",
                ),
        ],
        ...["f", "abcdefghi", "Ftc", "1ab", "ft_c", "ft-c", "mscrm", "mscrmabc", ""].map((prefix) => [
            `the prefix "${prefix}"`,
            (x) =>
                mutate(
                    x,
                    "<CustomizationPrefix>ftc</CustomizationPrefix>",
                    `<CustomizationPrefix>${prefix}</CustomizationPrefix>`,
                ),
        ]),
        ...["9999", "100000", "5e4", "abc"].map((value) => [
            `the option value prefix ${value}`,
            (x) => mutate(x, "<CustomizationOptionValuePrefix>51270<", `<CustomizationOptionValuePrefix>${value}<`),
        ]),
        [
            "a root component without behavior",
            (x) =>
                mutate(
                    x,
                    `schemaName="ftc_FlowTrigger.FlowTriggerControl" behavior="0"`,
                    `schemaName="ftc_FlowTrigger.FlowTriggerControl"`,
                ),
        ],
        [
            "a control root component without the publisher prefix",
            (x) =>
                mutate(
                    x,
                    `schemaName="ftc_FlowTrigger.FlowTriggerControl"`,
                    `schemaName="FlowTrigger.FlowTriggerControl"`,
                ),
        ],
        [
            "a root component with a folder-only web resource name",
            (x) =>
                mutate(
                    x,
                    `schemaName="ftc_/FlowTriggerControl/SignInRedirect.html"`,
                    `schemaName="ftc_/FlowTriggerControl/"`,
                ),
        ],
        ["a missing languagecode attribute", (x) => mutate(x, ` languagecode="1033" generatedBy`, ` generatedBy`)],
    ];

    it("rejects every broken variant", async () => {
        const documents = negatives.map(([description, change], index) => [
            `negative-${index}.xml`,
            change(solutionXml),
            description,
        ]);
        const failing = await failingDocuments(documents, SCHEMA_FILES.solution, solutionXml);
        for (const [fileName, , description] of documents) {
            assert.ok(failing.has(fileName), `solution.xsd accepted ${description}`);
        }
    });

    it("spells the prefix rule exactly: 2-8 lower-case letters/digits, letter first, not mscrm*", async () => {
        // The XSD 1.0 pattern has no look-ahead; compare it with the plain rule over every string of a
        // small alphabet that contains all the letters of "mscrm" (6^0 … 6^8 strings), then confirm with
        // libxml2 itself on a sample that the pattern means the same there.
        const xsd = await readFile(SCHEMA_FILES.solution, "utf8");
        const typeBlock = xsd.slice(xsd.indexOf(`name="CustomizationPrefixType"`));
        const xsdPattern = /<xs:pattern value="([^"]+)"/.exec(typeBlock)[1];
        const fromXsd = new RegExp(`^(?:${xsdPattern})$`);
        const reference = (text) => /^[a-z][a-z0-9]{1,7}$/.test(text) && !text.startsWith("mscrm");

        const alphabet = ["m", "s", "c", "r", "a", "1"];
        let checked = 0;
        let current = [""];
        for (let length = 0; length <= 8; length++) {
            for (const candidate of current) {
                assert.equal(fromXsd.test(candidate), reference(candidate), `"${candidate}"`);
                checked++;
            }
            if (length < 8) current = current.flatMap((prefix) => alphabet.map((letter) => prefix + letter));
        }
        assert.equal(checked, (6 ** 9 - 1) / 5);
        for (const longer of ["abcdefghi", "mscrmmscr", "aaaaaaaaaaaa"]) assert.equal(fromXsd.test(longer), false);

        const samples = [
            "ab",
            "a1",
            "mscr",
            "mscrn",
            "mscr1",
            "msc1rm",
            "m1",
            "ms",
            "msabc",
            "mscrm",
            "mscrm1",
            "ab1c2d3e",
            "ab1c2d3ef",
            "1a",
            "Ab",
            "a",
        ];
        const documents = samples.map((prefix, index) => [
            `prefix-${index}.xml`,
            solutionXml.replace("<CustomizationPrefix>ftc<", `<CustomizationPrefix>${prefix}<`),
            prefix,
        ]);
        const failing = await failingDocuments(documents, SCHEMA_FILES.solution, solutionXml);
        for (const [fileName, , prefix] of documents) {
            assert.equal(!failing.has(fileName), reference(prefix), `libxml2 on "${prefix}"`);
        }
    });
});

describe("own XSD for customizations.xml", () => {
    it("accepts the generated customizations.xml (zip and source form)", async () => {
        assert.deepEqual(
            await validateWithSchema(customizationsXml, "customizations.xml", SCHEMA_FILES.customizations),
            { valid: true, errors: [] },
        );
        const sourceForm = renderCustomizationsXmlLines({
            webResources: [],
            customControlNames: [],
            languages: [1033],
            sourceForm: true,
        }).join("\n");
        assert.equal(
            (await validateWithSchema(sourceForm, "Customizations.xml", SCHEMA_FILES.customizations)).valid,
            true,
        );
    });

    const controlBlock = [
        `    <CustomControl>`,
        `      <Name>ftc_FlowTrigger.FlowTriggerControl</Name>`,
        `      <FileName>/Controls/ftc_FlowTrigger.FlowTriggerControl/ControlManifest.xml</FileName>`,
        `    </CustomControl>`,
    ].join("\n");

    const negatives = [
        [
            "CustomControls before WebResources",
            (x) => {
                const webResources = x.slice(
                    x.indexOf("  <WebResources>"),
                    x.indexOf("  </WebResources>") + "  </WebResources>\n".length,
                );
                return mutate(
                    mutate(x, webResources, ""),
                    "  <SolutionPluginAssemblies />",
                    `${webResources}  <SolutionPluginAssemblies />`,
                );
            },
        ],
        [
            "Languages before CustomControls",
            (x) => {
                const languages = x.slice(
                    x.indexOf("  <Languages>"),
                    x.indexOf("  </Languages>") + "  </Languages>\n".length,
                );
                return mutate(mutate(x, languages, ""), "  <CustomControls>", `${languages}  <CustomControls>`);
            },
        ],
        [
            "the attribute form <CustomControl Name=… />",
            (x) =>
                mutate(
                    x,
                    controlBlock,
                    `    <CustomControl Name="ftc_FlowTrigger.FlowTriggerControl" FileName="/Controls/ftc_FlowTrigger.FlowTriggerControl/ControlManifest.xml" />`,
                ),
        ],
        [
            "a ForceUpdate child",
            (x) =>
                mutate(
                    x,
                    "ControlManifest.xml</FileName>\n",
                    "ControlManifest.xml</FileName>\n      <ForceUpdate>true</ForceUpdate>\n",
                ),
        ],
        [
            "FileName before Name in CustomControl",
            (x) =>
                mutate(
                    x,
                    controlBlock,
                    [
                        `    <CustomControl>`,
                        `      <FileName>/Controls/ftc_FlowTrigger.FlowTriggerControl/ControlManifest.xml</FileName>`,
                        `      <Name>ftc_FlowTrigger.FlowTriggerControl</Name>`,
                        `    </CustomControl>`,
                    ].join("\n"),
                ),
        ],
        [
            "a control name without the publisher prefix",
            (x) =>
                mutate(
                    x,
                    "<Name>ftc_FlowTrigger.FlowTriggerControl</Name>",
                    "<Name>FlowTrigger.FlowTriggerControl</Name>",
                ),
        ],
        [
            "a control name without a namespace",
            (x) => mutate(x, "<Name>ftc_FlowTrigger.FlowTriggerControl</Name>", "<Name>ftc_FlowTriggerControl</Name>"),
        ],
        [
            "a control FileName outside /Controls",
            (x) =>
                mutate(
                    x,
                    "<FileName>/Controls/ftc_FlowTrigger.FlowTriggerControl/ControlManifest.xml",
                    "<FileName>Controls/ftc_FlowTrigger.FlowTriggerControl/ControlManifest.xml",
                ),
        ],
        [
            "a control FileName that is not ControlManifest.xml",
            (x) =>
                mutate(
                    x,
                    "FlowTriggerControl/ControlManifest.xml</FileName>",
                    "FlowTriggerControl/ControlManifest.Input.xml</FileName>",
                ),
        ],
        [
            "WebResource children out of order",
            (x) => mutate(x, /( {6}<WebResourceId>[^\n]*\n)( {6}<Name>[^\n]*\n)/, "$2$1"),
        ],
        [
            "WebResourceType 13",
            (x) => mutate(x, "<WebResourceType>1</WebResourceType>", "<WebResourceType>13</WebResourceType>"),
        ],
        ["a web resource id without braces", (x) => mutate(x, /<WebResourceId>\{([^}]+)\}/, "<WebResourceId>$1")],
        // eslint-disable-next-line @microsoft/power-apps/use-cached-webresource -- XML text in a Node test, not a browser URL
        [
            "a web resource file inside a folder",
            (x) => mutate(x, /<FileName>\/WebResources\/ftc_/, "<FileName>/WebResources/ftc_/"),
        ],
        [
            "a web resource name without the prefix folder",
            (x) =>
                mutate(
                    x,
                    "<Name>ftc_/FlowTriggerControl/SignInRedirect.html</Name>",
                    "<Name>FlowTriggerControl/SignInRedirect.html</Name>",
                ),
        ],
        ["an unknown top-level element", (x) => mutate(x, "  <Roles />", "  <Roles />\n  <Unknown />")],
        ["a language that is not an LCID", (x) => mutate(x, "<Language>1033</Language>", "<Language>en-US</Language>")],
        ["an empty Languages element", (x) => mutate(x, /<Languages>[\s\S]*<\/Languages>/, "<Languages />")],
    ];

    it("rejects every broken variant", async () => {
        const documents = negatives.map(([description, change], index) => [
            `negative-${index}.xml`,
            change(customizationsXml),
            description,
        ]);
        const failing = await failingDocuments(documents, SCHEMA_FILES.customizations, customizationsXml);
        for (const [fileName, , description] of documents) {
            assert.ok(failing.has(fileName), `customizations.xsd accepted ${description}`);
        }
    });
});
