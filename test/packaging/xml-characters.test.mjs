/**
 * Issue 19 item 5: text that XML 1.0 cannot carry is refused by name, in the config and in what
 * `--prepare-only` writes to Solutions/src.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { access } from "node:fs/promises";
import path from "node:path";
import { validateSolutionConfig, formatConfigErrors } from "../../scripts/solution/config.mjs";
import { checkSolutionSource, renderSolutionSource } from "../../scripts/solution/sourceTree.mjs";
import { runNodeScript } from "../support/runNodeScript.mjs";
import { createFixtureProject, sampleConfig, REPO_ROOT } from "./support/fixtureProject.mjs";

const SCRIPT = path.join(REPO_ROOT, "scripts", "solution", "cli.mjs");

const exists = (file) =>
    access(file).then(
        () => true,
        () => false,
    );

/** [field path, change, character shown in the problem] */
const REFUSED = [
    ["solution.description", (c) => (c.solution.description = "Line one\u000bline two"), "U+000B"],
    ["publisher.displayName", (c) => (c.publisher.displayName = "Flow\u000cTrigger"), "U+000C"],
    ["webResources[0].description", (c) => (c.webResources[0].description = "Colour \u001b[31mred"), "U+001B"],
    ["solution.displayName", (c) => (c.solution.displayName = "Flow \ud800 Trigger"), "U+D800"],
    ["publisher.description", (c) => (c.publisher.description = "ends with a low half \udc00"), "U+DC00"],
    ["webResources[1].displayName", (c) => (c.webResources[1].displayName = "not a character \ufffe"), "U+FFFE"],
    ["solution.description", (c) => (c.solution.description = "NUL \u0000"), "U+0000"],
];

describe("XML 1.0 characters in solution.config.json", () => {
    for (const [field, change, shown] of REFUSED) {
        it(`refuses ${shown} in ${field}, naming the field`, () => {
            const config = structuredClone(sampleConfig());
            change(config);
            const result = validateSolutionConfig(config);
            assert.equal(result.ok, false);
            const error = result.errors.find((candidate) => candidate.field === field);
            assert.ok(error, formatConfigErrors(result.errors));
            assert.match(error.problem, new RegExp(`${shown.replace("+", "\\+")}.*XML 1\\.0 cannot carry`));
        });
    }

    it("accepts tab, line breaks, characters beyond the BMP and the last allowed BMP characters", () => {
        const config = structuredClone(sampleConfig());
        config.solution.description = "tab\there\r\nnew line, emoji \ud83d\ude80, private use \ue000, \ufffd end";
        config.publisher.displayName = "Zürich — Ωmega 𝄞";
        const result = validateSolutionConfig(config);
        assert.equal(result.ok, true, result.ok ? "" : formatConfigErrors(result.errors));
    });

    it("lists every such text at once", () => {
        const config = structuredClone(sampleConfig());
        config.solution.description = "\u000b";
        config.publisher.description = "\u000c";
        const result = validateSolutionConfig(config);
        assert.deepEqual(result.errors.map((error) => error.field).sort(), [
            "publisher.description",
            "solution.description",
        ]);
    });
});

describe("--prepare-only checks Solutions/src like the zips", () => {
    it("exits 1 naming the field and writes nothing for a vertical tab in a description", async () => {
        const config = sampleConfig();
        config.webResources[0].description = "pasted\u000bfrom Word";
        const project = await createFixtureProject({ config, withBuild: false });
        try {
            const { code, stderr } = await runNodeScript(SCRIPT, ["--root", project.root, "--prepare-only"], {
                timeoutMs: 60000,
            });
            assert.equal(code, 1, stderr);
            assert.match(stderr, /- webResources\[0\]\.description: contains U\+000B \(vertical tab\) at position 7/);
            assert.equal(await exists(path.join(project.root, "Solutions", "src")), false);
        } finally {
            await project.cleanup();
        }
    });

    it("checkSolutionSource passes the rendered source and fails ill-formed or out-of-schema files by name", async () => {
        const config = validateSolutionConfig(sampleConfig()).config;
        const rendered = renderSolutionSource({ config, languages: [1033] });
        assert.deepEqual(await checkSolutionSource(rendered), []);

        const broken = new Map(rendered);
        const dataXml = [...rendered.keys()].find((name) => name.endsWith(".data.xml"));
        broken.set(dataXml, rendered.get(dataXml).replace("<DisplayName>", "<DisplayName>\u000b"));
        broken.set(
            "Other/Solution.xml",
            rendered.get("Other/Solution.xml").replace("<Managed>2</Managed>", "<Managed>5</Managed>"),
        );
        const problems = await checkSolutionSource(broken);
        assert.equal(problems.length, 2, problems.join("\n"));
        assert.match(problems[0], /^Solutions\/src\/Other\/Solution\.xml:/);
        assert.match(problems[1], new RegExp(`^Solutions/src/${dataXml.replace(/[.]/g, "\\.")}:`));
    });
});
