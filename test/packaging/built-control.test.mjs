/** Reading pcf-scripts' output: what goes into Controls/<name>/ and what is refused. */
import { describe, it, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { readBuiltControl, describeControlManifest } from "../../scripts/solution/control.mjs";
import { createFixtureProject } from "./support/fixtureProject.mjs";

describe("reading the built control", () => {
    let project;

    beforeEach(async () => {
        project = await createFixtureProject();
    });

    afterEach(async () => {
        await project.cleanup();
    });

    it("takes the manifest, every listed resource and the licence notice the bundle points to", async () => {
        const control = await readBuiltControl(project.builtDir);
        assert.deepEqual(
            control.files.map((file) => file.path),
            [
                "ControlManifest.xml",
                "bundle.js",
                "bundle.js.LICENSE.txt",
                "strings/FlowTriggerControl.1031.resx",
                "strings/FlowTriggerControl.1033.resx",
                "strings/FlowTriggerControl.1036.resx",
            ],
        );
        assert.deepEqual(control.files[0].bytes, await readFile(path.join(project.builtDir, "ControlManifest.xml")));
        assert.deepEqual(control.facts.languages, [1031, 1033, 1036]);
        assert.equal(control.facts.namespace, "FlowTrigger");
        assert.equal(control.facts.constructor, "FlowTriggerControl");
    });

    it("leaves out a licence notice the bundle does not point to (left over from an older build)", async () => {
        const bundle = path.join(project.builtDir, "bundle.js");
        await writeFile(
            bundle,
            (await readFile(bundle, "utf8")).replace(
                "/*! For license information please see bundle.js.LICENSE.txt */",
                "",
            ),
        );
        const control = await readBuiltControl(project.builtDir);
        assert.ok(!control.files.some((file) => file.path === "bundle.js.LICENSE.txt"));
    });

    it("refuses a bundle that points to a missing licence notice", async () => {
        await rm(path.join(project.builtDir, "bundle.js.LICENSE.txt"));
        await assert.rejects(
            readBuiltControl(project.builtDir),
            /refers to bundle\.js\.LICENSE\.txt but .* does not exist/,
        );
    });

    it("refuses a development bundle", async () => {
        await writeFile(
            path.join(project.builtDir, "bundle.js"),
            `/*\n * ATTENTION: The "eval" devtool has been used (maybe by default in mode: "development").\n */\nvar x;`,
        );
        await assert.rejects(
            readBuiltControl(project.builtDir),
            /is a development build \(npm run build\)\. Run npm run build:prod/,
        );
    });

    it("refuses a manifest that lists a file the build did not write", async () => {
        await rm(path.join(project.builtDir, "strings", "FlowTriggerControl.1036.resx"));
        await assert.rejects(
            readBuiltControl(project.builtDir),
            /lists "strings\/FlowTriggerControl\.1036\.resx" but .* does not exist/,
        );
    });

    it("explains a missing build", async () => {
        await rm(path.join(project.builtDir, "ControlManifest.xml"));
        await assert.rejects(readBuiltControl(project.builtDir), /No built manifest at .*npm run build:prod/);
    });

    it("rejects resource paths that leave the control folder", async () => {
        for (const bad of ["../secret.js", "/abs.js", "a//b.js", "a\\b.js", "./x.js"]) {
            await assert.rejects(
                describeControlManifest(
                    `<manifest><control namespace="N" constructor="C" version="1.0.0"><resources><code path="${bad}" order="1"/></resources></control></manifest>`,
                ),
                /is not a plain relative path/,
                bad,
            );
        }
    });

    it("needs namespace, constructor and version on <control>", async () => {
        await assert.rejects(
            describeControlManifest(`<manifest><control namespace="N" version="1.0.0"/></manifest>`),
            /no constructor attribute/,
        );
        await assert.rejects(
            describeControlManifest(`<manifest><other/></manifest>`),
            /no <manifest><control> element/,
        );
        await assert.rejects(describeControlManifest(`<manifest><control`), /./);
    });
});
