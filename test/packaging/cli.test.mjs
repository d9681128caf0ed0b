/** `node scripts/solution/cli.mjs` as a maker runs it: exit codes and messages. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runNodeScript } from "../support/runNodeScript.mjs";
import { readFile, writeFile, rm, utimes, access } from "node:fs/promises";
import path from "node:path";
import { createFixtureProject, sampleConfig, REPO_ROOT } from "./support/fixtureProject.mjs";
import { readControlVersion } from "../../scripts/solution/config.mjs";

const SCRIPT = path.join(REPO_ROOT, "scripts", "solution", "cli.mjs");

/** Runs the CLI as a maker does, with a hard time limit. */
const runCli = (args, { timeoutMs = 60000 } = {}) => runNodeScript(SCRIPT, args, { timeoutMs });

/** Creates a fixture project, runs the test, always removes the project. */
async function withProject(options, body) {
    const project = await createFixtureProject(options);
    try {
        await body(project);
    } finally {
        await project.cleanup();
    }
}

const exists = (file) =>
    access(file).then(
        () => true,
        () => false,
    );

describe("cli.mjs command line", () => {
    it("packages a fresh build with --no-build and prints entries, sizes and timings", async () => {
        await withProject({}, async (project) => {
            const { code, stdout, stderr } = await runCli([
                "--root",
                project.root,
                "--no-build",
                "--out-dir",
                project.outDir,
            ]);
            assert.equal(code, 0, stderr);
            assert.match(stdout, /FlowTriggerControl_1\.2\.3\.4\.zip {2}\(\d+ bytes, unmanaged\)/);
            assert.match(stdout, /FlowTriggerControl_1\.2\.3\.4_managed\.zip {2}\(\d+ bytes, managed\)/);
            assert.match(stdout, /\d+ {2}Controls\/ftc_FlowTrigger\.FlowTriggerControl\/bundle\.js/);
            assert.match(stdout, /Control version 1\.2\.30004\. Build 0\.0 s, packaging [\d.]+ s, total [\d.]+ s\./);
            assert.ok(await exists(path.join(project.outDir, "FlowTriggerControl_1.2.3.4_managed.zip")));
        });
    });

    it("lists every configuration problem and writes nothing", async () => {
        const config = sampleConfig({
            publisher: { prefix: "mscrm1", optionValuePrefix: 5 },
            solution: { version: "1.0" },
        });
        await withProject({ config }, async (project) => {
            const { code, stderr } = await runCli(["--root", project.root, "--no-build", "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(stderr, /Solutions[\\/]solution\.config\.json is not valid:/);
            assert.match(stderr, /- publisher\.prefix: "mscrm1" must not start with "mscrm"/);
            assert.match(stderr, /- publisher\.optionValuePrefix: 5 must be a whole number from 10000 to 99999/);
            assert.match(stderr, /- solution\.version: "1\.0" must have four numeric parts/);
            assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace for a user error");
            assert.equal(await exists(project.outDir), false);
        });
    });

    it("refuses a build older than the control sources (e.g. after a version change)", async () => {
        await withProject({}, async (project) => {
            const source = path.join(project.root, "FlowTriggerControl", "strings", "FlowTriggerControl.1033.resx");
            const later = new Date("2024-01-02T00:00:00Z");
            await utimes(source, later, later);
            const { code, stderr } = await runCli(["--root", project.root, "--no-build", "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(stderr, /is older than .*FlowTriggerControl\.1033\.resx\. Rebuild/);
            assert.equal(await exists(project.outDir), false);
        });
    });

    it("refuses a build older than solution.config.json, which the bundle compiles in", async () => {
        await withProject({}, async (project) => {
            const later = new Date("2024-01-02T00:00:00Z");
            await utimes(path.join(project.root, "Solutions", "solution.config.json"), later, later);
            const { code, stderr } = await runCli(["--root", project.root, "--no-build", "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(stderr, /is older than .*solution\.config\.json\. Rebuild/);
        });
    });

    it("refuses a build whose manifest version is not the stamped control version", async () => {
        await withProject({ builtVersion: "1.2.30003" }, async (project) => {
            const { code, stderr } = await runCli(["--root", project.root, "--no-build", "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(
                stderr,
                /The built manifest has version 1\.2\.30003, expected 1\.2\.30004 for solution 1\.2\.3\.4/,
            );
        });
    });

    it("stamps the control version from the solution version before anything else", async () => {
        const config = sampleConfig({ solution: { version: "2.0.1.7" } });
        await withProject({ config, builtVersion: "2.0.10007" }, async (project) => {
            const manifestFile = path.join(project.root, "FlowTriggerControl", "ControlManifest.Input.xml");
            // Simulate an older manifest: the command must move it forward.
            const current = await readFile(manifestFile, "utf8");
            await writeFile(manifestFile, current.replace(/(<control\b[^>]*\sversion=")[^"]*"/, '$11.0.0"'));
            const { code, stdout } = await runCli(["--root", project.root, "--prepare-only"]);
            assert.equal(code, 0);
            assert.match(stdout, /Control version set to 2\.0\.10007 \(solution 2\.0\.1\.7\)/);
            assert.equal(readControlVersion(await readFile(manifestFile, "utf8")), "2.0.10007");
            const stamped = await readFile(manifestFile, "utf8");
            assert.equal(stamped, current.replace(/(<control\b[^>]*\sversion=")[^"]*"/, '$12.0.10007"'));
        });
    });

    it("--prepare-only writes Solutions/src and the web resource copies, and no zip", async () => {
        await withProject({ withBuild: false }, async (project) => {
            const { code, stdout, stderr } = await runCli(["--root", project.root, "--prepare-only"]);
            assert.equal(code, 0, stderr);
            assert.match(stdout, /Prepared: control version 1\.2\.30004, Solutions\/src in sync\./);
            const src = path.join(project.root, "Solutions", "src");
            for (const file of [
                "Other/Solution.xml",
                "Other/Customizations.xml",
                "Other/Relationships.xml",
                "WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
                "WebResources/ftc_/FlowTriggerControl/SignInRedirect.html.data.xml",
            ]) {
                assert.ok(await exists(path.join(src, ...file.split("/"))), file);
            }
            assert.equal(await exists(path.join(project.root, "Solutions", "out")), false);
            // Second run: nothing to update.
            const again = await runCli(["--root", project.root, "--prepare-only"]);
            assert.doesNotMatch(again.stdout, /Updated|Control version set/);
        });
    });

    it("names missing web resource sources", async () => {
        await withProject({}, async (project) => {
            await rm(path.join(project.root, "FlowTriggerControl", "auth", "redirect", "SignInRedirect.html"));
            const { code, stderr } = await runCli(["--root", project.root, "--no-build", "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(
                stderr,
                /- ftc_\/FlowTriggerControl\/SignInRedirect\.html: FlowTriggerControl\/auth\/redirect\/SignInRedirect\.html does not exist/,
            );
        });
    });

    it("refuses a web resource name outside Microsoft's documented characters, naming it, before writing anything", async () => {
        const config = sampleConfig();
        config.webResources[1].name = "FlowTriggerControl/msal-redirect-bridge.js";
        await withProject({ config }, async (project) => {
            const { code, stderr } = await runCli(["--root", project.root, "--no-build", "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(stderr, /solution\.config\.json is not valid/);
            assert.match(
                stderr,
                /webResources\[1\]\.name: "FlowTriggerControl\/msal-redirect-bridge\.js" must be a relative path .*Microsoft's rule for web resource names.*"-" is not allowed/,
            );
            assert.equal(await exists(project.outDir), false);
            assert.equal(await exists(path.join(project.root, "Solutions", "src")), false);
        });
    });

    it("explains a missing build:prod script instead of packaging a stale build", async () => {
        await withProject({}, async (project) => {
            const { code, stderr } = await runCli(["--root", project.root, "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(stderr, /package\.json has no "build:prod" script/);
            assert.equal(await exists(project.outDir), false);
        });
    });

    it("fails when the build script fails, and when pcf-scripts prints [build] Failed with exit code 0", async () => {
        for (const [script, expected] of [
            ['node -e "process.exit(3)"', /exited with code 3/],
            ["node -e \"console.log('[build] Failed: pcf-1023')\"", /reported "\[build\] Failed"/],
        ]) {
            await withProject({}, async (project) => {
                await writeFile(
                    path.join(project.root, "package.json"),
                    JSON.stringify({ name: "fixture", private: true, scripts: { "build:prod": script } }),
                );
                const { code, stderr } = await runCli(["--root", project.root, "--out-dir", project.outDir]);
                assert.equal(code, 1, stderr);
                assert.match(stderr, expected);
                assert.equal(await exists(project.outDir), false);
            });
        }
    });

    it("fails when the build script succeeds but does not rewrite the output", async () => {
        await withProject({}, async (project) => {
            await writeFile(
                path.join(project.root, "package.json"),
                JSON.stringify({
                    name: "fixture",
                    private: true,
                    scripts: { "build:prod": "node -e \"console.log('[build] Succeeded')\"" },
                }),
            );
            const { code, stderr } = await runCli(["--root", project.root, "--out-dir", project.outDir]);
            assert.equal(code, 1);
            assert.match(stderr, /The build did not rewrite .*ControlManifest\.xml/);
        });
    });

    it("runs build:prod with telemetry switched off", async () => {
        await withProject({}, async (project) => {
            const probe =
                "node -e \"const e=process.env;if(e.PP_TOOLS_TELEMETRY_OPTOUT!=='true'||e.APPLICATION_INSIGHTS_NO_STATSBEAT!=='true')process.exit(9);const fs=require('fs'),t=new Date();for(const f of ['ControlManifest.xml','bundle.js'])fs.utimesSync('out/controls/FlowTriggerControl/'+f,t,t)\"";
            await writeFile(
                path.join(project.root, "package.json"),
                JSON.stringify({ name: "fixture", private: true, scripts: { "build:prod": probe } }),
            );
            const { code, stderr } = await runCli(["--root", project.root, "--out-dir", project.outDir]);
            assert.equal(code, 0, stderr);
            assert.ok(await exists(path.join(project.outDir, "FlowTriggerControl_1.2.3.4.zip")));
        });
    });

    it("rejects unknown arguments with the usage line", async () => {
        const { code, stderr } = await runCli(["--managed-only"]);
        assert.equal(code, 1);
        assert.match(stderr, /Unknown or incomplete argument "--managed-only"/);
        assert.match(stderr, /usage: node scripts\/solution\/cli\.mjs/);
    });
});
