/**
 * The zips `npm run solution` writes, opened and checked entry by entry. Uses a temporary project with
 * a captured pcf-scripts build (no build here); test/packaging/real-build.test.mjs does the real build.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { runSolutionCommand } from "../../scripts/solution/cli.mjs";
import { SCHEMA_FILES, validateWithSchema } from "../../scripts/solution/xml.mjs";
import { nameBasedUuid } from "../../scripts/solution/webResources.mjs";
import { createFixtureProject, sampleConfig, REPO_ROOT } from "./support/fixtureProject.mjs";
import {
    CUSTOMIZATIONS_ORDER,
    openZip,
    parseOrdered,
    childNames,
    child,
    text,
    localHeaderTimes,
    localizedName,
    localizedDescription,
} from "./support/zipInspection.mjs";

const run = promisify(execFile);
const CONTROL = "ftc_FlowTrigger.FlowTriggerControl";
const CONTROL_DIR = `Controls/${CONTROL}`;
const SIGNIN = "ftc_/FlowTriggerControl/SignInRedirect.html";
const BRIDGE = "ftc_/FlowTriggerControl/MsalRedirectBridge.js";
const quiet = () => undefined;

const MANIFEST_ORDER = [
    "UniqueName",
    "LocalizedNames",
    "Descriptions",
    "Version",
    "Managed",
    "Publisher",
    "RootComponents",
    "MissingDependencies",
];
const PUBLISHER_ORDER = [
    "UniqueName",
    "LocalizedNames",
    "Descriptions",
    "EMailAddress",
    "SupportingWebsiteUrl",
    "CustomizationPrefix",
    "CustomizationOptionValuePrefix",
    "Addresses",
];
const WEB_RESOURCE_ORDER = [
    "WebResourceId",
    "Name",
    "DisplayName",
    "WebResourceType",
    "IntroducedVersion",
    "IsEnabledForMobileClient",
    "IsAvailableForMobileOffline",
    "IsCustomizable",
    "CanBeDeleted",
    "IsHidden",
    "FileName",
];

describe("solution zips", () => {
    let project;
    let result;
    let unmanaged;
    let managed;

    before(async () => {
        project = await createFixtureProject();
        result = await runSolutionCommand({ root: project.root, build: false, outDir: project.outDir, log: quiet });
        unmanaged = result.zips.find((zip) => zip.kind === "unmanaged");
        managed = result.zips.find((zip) => zip.kind === "managed");
    });

    after(async () => {
        await project?.cleanup();
    });

    it("writes <UniqueName>_<version>.zip and <UniqueName>_<version>_managed.zip", async () => {
        assert.equal(path.basename(unmanaged.file), "FlowTriggerControl_1.2.3.4.zip");
        assert.equal(path.basename(managed.file), "FlowTriggerControl_1.2.3.4_managed.zip");
        assert.deepEqual(await readFile(unmanaged.file), unmanaged.bytes);
        assert.equal(result.controlVersion, "1.2.30004");
    });

    it("contains exactly the expected entries, files only, forward slashes, root files at the root", async () => {
        const zip = await openZip(unmanaged.bytes);
        const signInId = nameBasedUuid(`webresource:${SIGNIN.toLowerCase()}`).toUpperCase();
        const bridgeId = nameBasedUuid(`webresource:${BRIDGE.toLowerCase()}`).toUpperCase();
        assert.deepEqual(zip.names, [
            `${CONTROL_DIR}/ControlManifest.xml`,
            `${CONTROL_DIR}/bundle.js`,
            `${CONTROL_DIR}/bundle.js.LICENSE.txt`,
            `${CONTROL_DIR}/strings/FlowTriggerControl.1031.resx`,
            `${CONTROL_DIR}/strings/FlowTriggerControl.1033.resx`,
            `${CONTROL_DIR}/strings/FlowTriggerControl.1036.resx`,
            `WebResources/ftc_FlowTriggerControlMsalRedirectBridgejs${bridgeId}`,
            `WebResources/ftc_FlowTriggerControlSignInRedirecthtml${signInId}`,
            "[Content_Types].xml",
            "customizations.xml",
            "solution.xml",
        ]);
        assert.deepEqual(zip.directories, []);
        for (const name of zip.names) {
            assert.ok(!name.includes("\\") && !name.startsWith("/") && !name.split("/").includes(".."), name);
        }
    });

    it("has well-formed XML in every XML and resx entry, with a BOM on the three root files", async () => {
        const zip = await openZip(unmanaged.bytes);
        for (const name of zip.names.filter((entry) => /\.(xml|resx)$/.test(entry))) {
            await assert.doesNotReject(parseOrdered(await zip.read(name)), name);
        }
        for (const name of ["solution.xml", "customizations.xml", "[Content_Types].xml"]) {
            assert.deepEqual([...(await zip.read(name)).subarray(0, 3)], [0xef, 0xbb, 0xbf], name);
        }
    });

    it("validates solution.xml and customizations.xml against the project's own schemas", async () => {
        for (const { bytes } of [unmanaged, managed]) {
            const zip = await openZip(bytes);
            assert.deepEqual(
                await validateWithSchema(await zip.read("solution.xml"), "solution.xml", SCHEMA_FILES.solution),
                { valid: true, errors: [] },
            );
            assert.deepEqual(
                await validateWithSchema(
                    await zip.read("customizations.xml"),
                    "customizations.xml",
                    SCHEMA_FILES.customizations,
                ),
                { valid: true, errors: [] },
            );
        }
    });

    it("keeps the element order the platform expects", async () => {
        const zip = await openZip(unmanaged.bytes);
        const customizations = await parseOrdered(await zip.read("customizations.xml"));
        assert.deepEqual(childNames(customizations), CUSTOMIZATIONS_ORDER);
        for (const resource of child(customizations, "WebResources").$$) {
            assert.deepEqual(childNames(resource), WEB_RESOURCE_ORDER);
        }
        for (const control of child(customizations, "CustomControls").$$) {
            assert.deepEqual(childNames(control), ["Name", "FileName"]);
            assert.equal(control.$, undefined, "CustomControl must use child elements, not attributes");
        }
        const solution = await parseOrdered(await zip.read("solution.xml"));
        assert.deepEqual(childNames(solution), ["SolutionManifest"]);
        const manifest = child(solution, "SolutionManifest");
        assert.deepEqual(childNames(manifest), MANIFEST_ORDER);
        assert.deepEqual(childNames(child(manifest, "Publisher")), PUBLISHER_ORDER);
    });

    it("uses one control name everywhere: folder, CustomControl, FileName, RootComponent, Content_Types", async () => {
        const zip = await openZip(unmanaged.bytes);
        const builtManifest = await parseOrdered(await zip.read(`${CONTROL_DIR}/ControlManifest.xml`));
        const controlAttributes = child(builtManifest, "control").$;
        const expected = `ftc_${controlAttributes.namespace}.${controlAttributes.constructor}`;
        assert.equal(expected, CONTROL);

        const folders = new Set(
            zip.names.filter((name) => name.startsWith("Controls/")).map((name) => name.split("/")[1]),
        );
        assert.deepEqual([...folders], [expected]);

        const customizations = await parseOrdered(await zip.read("customizations.xml"));
        const [control] = child(customizations, "CustomControls").$$;
        assert.equal(text(control, "Name"), expected);
        assert.equal(text(control, "FileName"), `/Controls/${expected}/ControlManifest.xml`);

        const solution = await parseOrdered(await zip.read("solution.xml"));
        const roots = child(child(solution, "SolutionManifest"), "RootComponents").$$.map((root) => root.$);
        assert.deepEqual(
            roots.filter((root) => root.type === "66"),
            [{ type: "66", schemaName: expected, behavior: "0" }],
        );

        const contentTypes = (await zip.read("[Content_Types].xml")).toString("utf8");
        assert.ok(
            contentTypes.includes(
                `<Override PartName="/Controls/${expected}/ControlManifest.xml" ContentType="application/octet-stream" />`,
            ),
        );
        // The packaged manifest keeps the un-prefixed namespace; only the folder carries the prefix.
        assert.equal(controlAttributes.namespace, "FlowTrigger");
    });

    it("registers each web resource consistently: entry, <WebResource>, RootComponent type 61, stable id", async () => {
        const zip = await openZip(unmanaged.bytes);
        const customizations = await parseOrdered(await zip.read("customizations.xml"));
        const resources = child(customizations, "WebResources").$$.map((resource) => ({
            id: text(resource, "WebResourceId"),
            name: text(resource, "Name"),
            type: text(resource, "WebResourceType"),
            fileName: text(resource, "FileName"),
        }));
        assert.deepEqual(
            resources.map((resource) => resource.name),
            [BRIDGE, SIGNIN],
        );
        assert.deepEqual(
            resources.map((resource) => resource.type),
            ["3", "1"],
        );
        // Pinned: changing the namespace or the naming would re-create the web resources in every environment
        // (last changed for the documented naming rule, before the first release).
        assert.equal(
            resources.find((resource) => resource.name === SIGNIN).id,
            "{68c779c3-7c89-540c-afa5-c6014b2e2ad4}",
        );
        for (const resource of resources) {
            assert.match(resource.id, /^\{[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
            assert.ok(zip.names.includes(resource.fileName.slice(1)), `${resource.fileName} is not in the zip`);
            assert.equal(
                resource.fileName,
                `/WebResources/${resource.name.replace(/[^A-Za-z0-9_]/g, "")}${resource.id.slice(1, -1).toUpperCase()}`,
            );
        }
        const solution = await parseOrdered(await zip.read("solution.xml"));
        const roots = child(child(solution, "SolutionManifest"), "RootComponents").$$.map((root) => root.$);
        assert.deepEqual(
            roots.filter((root) => root.type === "61").map((root) => root.schemaName),
            [BRIDGE, SIGNIN],
        );

        const signInSource = await readFile(
            path.join(project.root, "FlowTriggerControl", "auth", "redirect", "SignInRedirect.html"),
        );
        const bridgeSource = await readFile(
            path.join(
                REPO_ROOT,
                "node_modules",
                "@azure",
                "msal-browser",
                "lib",
                "redirect-bridge",
                "msal-redirect-bridge.min.js",
            ),
        );
        assert.deepEqual(await zip.read(resources[1].fileName.slice(1)), signInSource);
        assert.deepEqual(await zip.read(resources[0].fileName.slice(1)), bridgeSource);
    });

    it("declares a content type for every entry: a Default per extension, an Override for the manifest and each extension-less file", async () => {
        const zip = await openZip(unmanaged.bytes);
        const contentTypes = await parseOrdered(await zip.read("[Content_Types].xml"));
        assert.equal(contentTypes.$.xmlns, "http://schemas.openxmlformats.org/package/2006/content-types");
        const defaults = new Map(
            contentTypes.$$.filter((item) => item["#name"] === "Default").map((item) => [
                item.$.Extension,
                item.$.ContentType,
            ]),
        );
        const overrides = new Map(
            contentTypes.$$.filter((item) => item["#name"] === "Override").map((item) => [
                item.$.PartName,
                item.$.ContentType,
            ]),
        );
        assert.equal(defaults.get("xml"), "text/xml");
        for (const name of zip.names) {
            const base = name.slice(name.lastIndexOf("/") + 1);
            const extension = base.includes(".") ? base.slice(base.lastIndexOf(".") + 1).toLowerCase() : undefined;
            if (extension !== undefined) assert.ok(defaults.has(extension), `no Default for .${extension} (${name})`);
            else assert.ok(overrides.has(`/${name}`), `no Override for ${name}`);
        }
        assert.deepEqual([...defaults.keys()], ["xml", "js", "resx", "txt"]);
        assert.ok(overrides.has(`/${CONTROL_DIR}/ControlManifest.xml`));
        for (const part of overrides.keys())
            assert.ok(zip.names.includes(part.slice(1)), `Override for missing part ${part}`);
        for (const type of [
            ...overrides.values(),
            ...[...defaults].filter(([extension]) => extension !== "xml").map(([, type]) => type),
        ]) {
            assert.equal(type, "application/octet-stream");
        }
    });

    it("ships the built manifest byte for byte, every resource it lists, and the licence notice", async () => {
        const zip = await openZip(unmanaged.bytes);
        const builtManifest = await readFile(path.join(project.builtDir, "ControlManifest.xml"));
        assert.deepEqual(await zip.read(`${CONTROL_DIR}/ControlManifest.xml`), builtManifest);
        const listed = [
            ...builtManifest.toString("utf8").matchAll(/<(?:code|css|resx|img|html)\b[^>]*\bpath="([^"]+)"/g),
        ].map((match) => match[1]);
        assert.deepEqual(listed.sort(), [
            "bundle.js",
            "strings/FlowTriggerControl.1031.resx",
            "strings/FlowTriggerControl.1033.resx",
            "strings/FlowTriggerControl.1036.resx",
        ]);
        for (const resourcePath of [...listed, "bundle.js.LICENSE.txt"]) {
            assert.deepEqual(
                await zip.read(`${CONTROL_DIR}/${resourcePath}`),
                await readFile(path.join(project.builtDir, ...resourcePath.split("/"))),
                resourcePath,
            );
        }
    });

    it("fills solution.xml from solution.config.json, escaped", async () => {
        const config = sampleConfig();
        const zip = await openZip(unmanaged.bytes);
        const solution = await parseOrdered(await zip.read("solution.xml"));
        assert.deepEqual(solution.$, {
            version: "9.1.0.643",
            SolutionPackageVersion: "9.1",
            languagecode: "1033",
            generatedBy: "CrmLive",
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        });
        const manifest = child(solution, "SolutionManifest");
        assert.equal(text(manifest, "UniqueName"), config.solution.uniqueName);
        assert.equal(localizedName(manifest), config.solution.displayName);
        assert.equal(localizedDescription(manifest), "Test solution & <friends>");
        assert.equal(text(manifest, "Version"), "1.2.3.4");
        assert.equal(text(manifest, "Managed"), "0");
        const publisher = child(manifest, "Publisher");
        assert.equal(text(publisher, "UniqueName"), config.publisher.uniqueName);
        assert.equal(localizedName(publisher), config.publisher.displayName);
        assert.equal(text(publisher, "CustomizationPrefix"), "ftc");
        assert.equal(text(publisher, "CustomizationOptionValuePrefix"), "51270");
        assert.equal(child(publisher, "Addresses").$$.length, 2);
    });

    it("lists the base language and every resx language in <Languages>", async () => {
        const zip = await openZip(unmanaged.bytes);
        const customizations = await parseOrdered(await zip.read("customizations.xml"));
        assert.deepEqual(
            child(customizations, "Languages").$$.map((language) => language._),
            ["1031", "1033", "1036"],
        );
    });

    it("makes managed and unmanaged differ only in <Managed>", async () => {
        const left = await openZip(unmanaged.bytes);
        const right = await openZip(managed.bytes);
        assert.deepEqual(right.names, left.names);
        for (const name of left.names) {
            const a = await left.read(name);
            const b = await right.read(name);
            if (name === "solution.xml") {
                assert.equal(
                    b.toString("utf8"),
                    a.toString("utf8").replace("<Managed>0</Managed>", "<Managed>1</Managed>"),
                );
                assert.notDeepEqual(a, b);
            } else {
                assert.deepEqual(b, a, name);
            }
        }
    });

    it("stamps a fixed timestamp on every entry", () => {
        const headers = localHeaderTimes(unmanaged.bytes);
        assert.equal(headers.length, 11);
        for (const header of headers) {
            assert.equal(header.dosDate, ((2000 - 1980) << 9) | (1 << 5) | 1, header.name);
            assert.equal(header.dosTime, 0, header.name);
        }
    });

    it("gives byte-identical zips when run again, in another process and another time zone", async () => {
        const again = await runSolutionCommand({
            root: project.root,
            build: false,
            outDir: path.join(project.root, "zips-again"),
            log: quiet,
        });
        assert.ok(again.zips[0].bytes.equals(unmanaged.bytes));
        assert.ok(again.zips[1].bytes.equals(managed.bytes));

        const other = await createFixtureProject();
        try {
            const outDir = path.join(other.root, "zips");
            await run(
                process.execPath,
                [
                    path.join(REPO_ROOT, "scripts", "solution", "cli.mjs"),
                    "--root",
                    other.root,
                    "--no-build",
                    "--out-dir",
                    outDir,
                ],
                { env: { ...process.env, TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8" }, timeout: 60000 },
            );
            assert.ok((await readFile(path.join(outDir, "FlowTriggerControl_1.2.3.4.zip"))).equals(unmanaged.bytes));
            assert.ok(
                (await readFile(path.join(outDir, "FlowTriggerControl_1.2.3.4_managed.zip"))).equals(managed.bytes),
            );
        } finally {
            await other.cleanup();
        }
    });
});
