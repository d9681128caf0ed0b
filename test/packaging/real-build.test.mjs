/**
 * End to end on the real project: `node scripts/solution/cli.mjs` packages a production build of the
 * control. A build already in out/ is reused when the packager accepts it as fresh (right version, newer than
 * every source, production mode), as after `npm run build:prod` in `npm test`; otherwise the command runs
 * `npm run build:prod` itself (about 30 s on two cores), once, in `before`.
 * Zips go to a temporary folder.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { runNodeScript } from "../support/runNodeScript.mjs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { controlVersionFor, readControlVersion, readSolutionConfig } from "../../scripts/solution/config.mjs";
import { describeWebResources } from "../../scripts/solution/webResources.mjs";
import { SCHEMA_FILES, validateWithSchema } from "../../scripts/solution/xml.mjs";
import { REPO_ROOT } from "./support/fixtureProject.mjs";
import { openZip } from "./support/zipInspection.mjs";

const SCRIPT = path.join(REPO_ROOT, "scripts", "solution", "cli.mjs");
const BUILT = path.join(REPO_ROOT, "out", "controls", "FlowTriggerControl");
const BUILD_TIMEOUT_MS = 240000;

const runCli = (args) => runNodeScript(SCRIPT, args, { cwd: REPO_ROOT, timeoutMs: BUILD_TIMEOUT_MS });

describe("npm run solution on the real project", { timeout: BUILD_TIMEOUT_MS * 2 }, () => {
    let outDir;
    let config;
    let first;
    let zipName;

    before(async () => {
        outDir = await mkdtemp(path.join(os.tmpdir(), "ftc-real-solution-"));
        config = (await readSolutionConfig(path.join(REPO_ROOT, "Solutions", "solution.config.json"))).config;
        zipName = `${config.solution.uniqueName}_${config.solution.version}`;
        first = await runCli(["--no-build", "--out-dir", path.join(outDir, "first")]);
        first.built = false;
        if (first.code !== 0) {
            first = await runCli(["--out-dir", path.join(outDir, "first")]);
            first.built = true;
        }
    });

    after(async () => {
        if (outDir) await rm(outDir, { recursive: true, force: true });
    });

    it("packages a fresh production build without error", () => {
        assert.equal(first.code, 0, first.output.slice(-4000));
        if (first.built) assert.match(first.output, /\[build\] Succeeded/);
        console.log(
            `${first.built ? "build + package" : "package (fresh build reused)"}: ${(first.ms / 1000).toFixed(1)} s`,
        );
    });

    it("ships the freshly built manifest, bundle and resources byte for byte", async () => {
        assert.equal(first.code, 0, "packaging failed, see the first test");
        const zip = await openZip(await readFile(path.join(outDir, "first", `${zipName}.zip`)));
        const controlDir = `Controls/${config.publisher.prefix}_FlowTrigger.FlowTriggerControl`;
        const builtManifest = await readFile(path.join(BUILT, "ControlManifest.xml"));
        assert.deepEqual(await zip.read(`${controlDir}/ControlManifest.xml`), builtManifest);
        assert.equal(readControlVersion(builtManifest.toString("utf8")), controlVersionFor(config.solution.version));
        const listed = [
            ...builtManifest.toString("utf8").matchAll(/<(?:code|css|resx|img|html)\b[^>]*\bpath="([^"]+)"/g),
        ].map((match) => match[1]);
        assert.ok(listed.includes("bundle.js"));
        for (const resourcePath of listed) {
            assert.deepEqual(
                await zip.read(`${controlDir}/${resourcePath}`),
                await readFile(path.join(BUILT, ...resourcePath.split("/"))),
                resourcePath,
            );
        }
        for (const resource of describeWebResources(config)) {
            assert.deepEqual(
                await zip.read(resource.zipPath),
                await readFile(path.join(REPO_ROOT, ...resource.source.split("/"))),
                resource.name,
            );
        }
        assert.equal(
            (await validateWithSchema(await zip.read("solution.xml"), "solution.xml", SCHEMA_FILES.solution)).valid,
            true,
        );
        assert.equal(
            (
                await validateWithSchema(
                    await zip.read("customizations.xml"),
                    "customizations.xml",
                    SCHEMA_FILES.customizations,
                )
            ).valid,
            true,
        );
    });

    it("ships the command library in both zips, as the freshly built script", async () => {
        assert.equal(first.code, 0, "packaging failed, see the first test");
        const library = describeWebResources(config).find(
            (resource) => resource.name === `${config.publisher.prefix}_/FlowTriggerControl/FlowTriggerCommand.js`,
        );
        assert.ok(library, "solution.config.json lists FlowTriggerControl/FlowTriggerCommand.js");
        const built = await readFile(path.join(REPO_ROOT, "out", "command", "FlowTriggerCommand.js"));
        for (const name of [`${zipName}.zip`, `${zipName}_managed.zip`]) {
            const zip = await openZip(await readFile(path.join(outDir, "first", name)));
            assert.deepEqual(await zip.read(library.zipPath), built, name);
            const customizations = (await zip.read("customizations.xml")).toString("utf8");
            const entry = customizations
                .split("<WebResource>")
                .find((part) => part.includes("<Name>ftc_/FlowTriggerControl/FlowTriggerCommand.js</Name>"));
            assert.ok(entry, `${name}: customizations.xml lists the library`);
            assert.match(entry, /<WebResourceType>3<\/WebResourceType>/, name);
            assert.ok(entry.includes(`<FileName>/${library.zipPath}</FileName>`), name);
            assert.match(built.toString("utf8"), /FlowTriggerCommand/);
        }
    });

    it("ships the setup page, its script and style sheet in both zips, as web resources beside the sign-in page", async () => {
        assert.equal(first.code, 0, "packaging failed, see the first test");
        const expected = [
            ["FlowTriggerControl/Setup.html", path.join("FlowTriggerControl", "setup", "page", "Setup.html"), 1],
            ["FlowTriggerControl/Setup.js", path.join("out", "setup", "Setup.js"), 3],
            ["FlowTriggerControl/Setup.css", path.join("FlowTriggerControl", "setup", "page", "Setup.css"), 2],
        ];
        const resources = describeWebResources(config);
        for (const name of [`${zipName}.zip`, `${zipName}_managed.zip`]) {
            const zip = await openZip(await readFile(path.join(outDir, "first", name)));
            const customizations = (await zip.read("customizations.xml")).toString("utf8");
            for (const [configName, source, typeCode] of expected) {
                const fullName = `${config.publisher.prefix}_/${configName}`;
                const resource = resources.find((r) => r.name === fullName);
                assert.ok(resource, `solution.config.json lists ${configName}`);
                assert.deepEqual(
                    await zip.read(resource.zipPath),
                    await readFile(path.join(REPO_ROOT, source)),
                    fullName,
                );
                const entry = customizations
                    .split("<WebResource>")
                    .find((part) => part.includes(`<Name>${fullName}</Name>`));
                assert.ok(entry, `${name}: customizations.xml lists ${fullName}`);
                assert.match(entry, new RegExp(`<WebResourceType>${typeCode}</WebResourceType>`), fullName);
            }
        }
        // Same-origin scripts only, no inline script: the page runs under a strict Content Security Policy.
        const html = (
            await readFile(path.join(REPO_ROOT, "FlowTriggerControl", "setup", "page", "Setup.html"))
        ).toString();
        const sources = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>\s*<\/script>/g)].map((m) => m[1]);
        assert.deepEqual(sources, ["../../ClientGlobalContext.js.aspx", "Setup.js"]);
        assert.equal([...html.matchAll(/<script\b/g)].length, sources.length, "no inline script");
    });

    it("packages the same build again into byte-identical zips", async () => {
        assert.equal(first.code, 0, "packaging failed, see the first test");
        const second = await runCli(["--no-build", "--out-dir", path.join(outDir, "second")]);
        assert.equal(second.code, 0, second.output);
        for (const name of [`${zipName}.zip`, `${zipName}_managed.zip`]) {
            assert.ok(
                (await readFile(path.join(outDir, "first", name))).equals(
                    await readFile(path.join(outDir, "second", name)),
                ),
                name,
            );
        }
    });
});
