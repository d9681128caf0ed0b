/**
 * The committed pac project under Solutions/ (for `dotnet build`) agrees with solution.config.json and
 * with what the Node packager writes.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { readSolutionConfig } from "../../scripts/solution/config.mjs";
import { renderSolutionSource, findSolutionSourceDrift } from "../../scripts/solution/sourceTree.mjs";
import { describeControlManifest } from "../../scripts/solution/control.mjs";
import { describeWebResources } from "../../scripts/solution/webResources.mjs";
import { solutionLanguages } from "../../scripts/solution/render.mjs";
import { SCHEMA_FILES, validateWithSchema } from "../../scripts/solution/xml.mjs";
import { REPO_ROOT } from "./support/fixtureProject.mjs";
import {
    parseOrdered,
    child,
    text,
    childNames,
    localizedName,
    localizedDescription,
} from "./support/zipInspection.mjs";

const SOLUTIONS = path.join(REPO_ROOT, "Solutions");
const SRC = path.join(SOLUTIONS, "src");

async function projectConfig() {
    const result = await readSolutionConfig(path.join(SOLUTIONS, "solution.config.json"));
    assert.equal(result.ok, true);
    return result.config;
}

describe("Solutions/ pac project", () => {
    it("Solutions/src is exactly what solution.config.json generates", async () => {
        const config = await projectConfig();
        const inputFacts = await describeControlManifest(
            await readFile(path.join(REPO_ROOT, "FlowTriggerControl", "ControlManifest.Input.xml"), "utf8"),
        );
        const rendered = renderSolutionSource({ config, languages: solutionLanguages(inputFacts.languages) });
        assert.deepEqual(
            await findSolutionSourceDrift(SRC, rendered),
            [],
            "run `node scripts/solution/cli.mjs --prepare-only` and commit Solutions/src",
        );
    });

    it("Other/Solution.xml carries the configured solution and publisher values", async () => {
        const config = await projectConfig();
        const solution = await parseOrdered(await readFile(path.join(SRC, "Other", "Solution.xml")));
        const manifest = child(solution, "SolutionManifest");
        assert.equal(text(manifest, "UniqueName"), config.solution.uniqueName);
        assert.equal(localizedName(manifest), config.solution.displayName);
        assert.equal(localizedDescription(manifest), config.solution.description);
        assert.equal(text(manifest, "Version"), config.solution.version);
        assert.equal(text(manifest, "Managed"), "2");
        const publisher = child(manifest, "Publisher");
        assert.equal(text(publisher, "UniqueName"), config.publisher.uniqueName);
        assert.equal(localizedName(publisher), config.publisher.displayName);
        assert.equal(localizedDescription(publisher), config.publisher.description);
        assert.equal(text(publisher, "CustomizationPrefix"), config.publisher.prefix);
        assert.equal(Number(text(publisher, "CustomizationOptionValuePrefix")), config.publisher.optionValuePrefix);
        // msbuild adds the control's RootComponent itself; the web resources must be listed here.
        const roots = child(manifest, "RootComponents").$$.map((root) => root.$);
        assert.deepEqual(
            roots,
            describeWebResources(config).map((resource) => ({ type: "61", schemaName: resource.name, behavior: "0" })),
        );
    });

    it("Other/Solution.xml and Other/Customizations.xml pass the project's schemas", async () => {
        assert.deepEqual(
            await validateWithSchema(
                await readFile(path.join(SRC, "Other", "Solution.xml")),
                "Solution.xml",
                SCHEMA_FILES.solution,
            ),
            { valid: true, errors: [] },
        );
        const customizations = await readFile(path.join(SRC, "Other", "Customizations.xml"));
        assert.deepEqual(await validateWithSchema(customizations, "Customizations.xml", SCHEMA_FILES.customizations), {
            valid: true,
            errors: [],
        });
        const parsed = await parseOrdered(customizations);
        assert.ok(childNames(parsed).includes("CustomControls"));
        assert.deepEqual(
            child(parsed, "CustomControls").$$ ?? [],
            [],
            "pac source form: controls come from the .pcfproj reference",
        );
        await assert.doesNotReject(parseOrdered(await readFile(path.join(SRC, "Other", "Relationships.xml"))));
    });

    it("each WebResources/…data.xml names the same id, type and zip file as the Node package", async () => {
        const config = await projectConfig();
        for (const resource of describeWebResources(config)) {
            const data = await parseOrdered(
                await readFile(path.join(SRC, ...`${resource.sourceTreePath}.data.xml`.split("/"))),
            );
            assert.equal(data["#name"], "WebResource");
            assert.equal(text(data, "WebResourceId"), `{${resource.id}}`);
            assert.equal(text(data, "Name"), resource.name);
            assert.equal(Number(text(data, "WebResourceType")), resource.typeCode);
            assert.equal(text(data, "FileName"), `/${resource.zipPath}`);
        }
    });

    it("Solutions.cdsproj references the control project and prepares src/ before building", async () => {
        const cdsproj = await readFile(path.join(SOLUTIONS, "Solutions.cdsproj"), "utf8");
        const project = await parseOrdered(cdsproj);
        assert.equal(project["#name"], "Project");
        assert.match(cdsproj, /<ProjectReference Include="\.\.\\FlowTriggerControl\.pcfproj" \/>/);
        assert.match(cdsproj, /<SolutionRootPath>src<\/SolutionRootPath>/);
        assert.match(cdsproj, /<SolutionPackageType>Both<\/SolutionPackageType>/);
        assert.match(
            cdsproj,
            /<PackageReference Include="Microsoft\.PowerApps\.MSBuild\.Solution" Version="1\.\*" \/>/,
        );
        assert.match(
            cdsproj,
            /<Target Name="FtcPrepareSolutionSource" BeforeTargets="BeforeBuild">\s*<Exec Command="node &quot;\$\(MSBuildThisFileDirectory\)\.\.\\scripts\\solution\\cli\.mjs&quot; --prepare-only"/,
        );
        await assert.doesNotReject(readFile(path.join(REPO_ROOT, "FlowTriggerControl.pcfproj")));
    });

    it("FlowTriggerControl.pcfproj builds in production mode into pcfconfig's outDir", async () => {
        const pcfproj = await readFile(path.join(REPO_ROOT, "FlowTriggerControl.pcfproj"), "utf8");
        await assert.doesNotReject(parseOrdered(pcfproj));
        assert.match(pcfproj, /<PcfBuildMode>production<\/PcfBuildMode>/);
        assert.match(pcfproj, /<Name>FlowTriggerControl<\/Name>/);
        assert.match(pcfproj, /<PackageReference Include="Microsoft\.PowerApps\.MSBuild\.Pcf" Version="1\.\*" \/>/);
        const outputPath = /<OutputPath>\$\(MSBuildThisFileDirectory\)([^<]+)<\/OutputPath>/.exec(pcfproj)[1];
        const pcfConfig = JSON.parse(await readFile(path.join(REPO_ROOT, "pcfconfig.json"), "utf8"));
        assert.equal(path.normalize(outputPath.replace(/\\/g, "/")), path.normalize(pcfConfig.outDir));
    });

    it("Solutions/.gitignore keeps build output and copied web resources out, .data.xml in", async () => {
        const lines = (await readFile(path.join(SOLUTIONS, ".gitignore"), "utf8"))
            .split("\n")
            .map((line) => line.trim());
        for (const expected of [
            "/bin",
            "/obj",
            "/out",
            "/src/WebResources/**",
            "!/src/WebResources/**/",
            "!/src/WebResources/**/*.data.xml",
        ]) {
            assert.ok(lines.includes(expected), expected);
        }
    });
});
