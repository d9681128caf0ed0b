import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import {
    controlVersionFor,
    parseSolutionVersion,
    readControlVersion,
    stampControlVersion,
    MAX_REVISION,
} from "../../scripts/solution/config.mjs";
import { REPO_ROOT } from "./support/fixtureProject.mjs";

/** Lexicographic comparison of dotted numeric versions, as Dataverse compares them. */
function compareVersions(a, b) {
    const left = a.split(".").map(Number);
    const right = b.split(".").map(Number);
    for (let index = 0; index < Math.max(left.length, right.length); index++) {
        const difference = (left[index] ?? 0) - (right[index] ?? 0);
        if (difference !== 0) return Math.sign(difference);
    }
    return 0;
}

const solutionVersion = fc
    .tuple(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 214747 }),
        fc.integer({ min: 0, max: MAX_REVISION }),
    )
    .map((parts) => parts.join("."));

describe("solution version -> control version", () => {
    for (const [solution, control] of [
        ["1.0.0.0", "1.0.0"],
        ["1.2.3.4", "1.2.30004"],
        ["1.2.3.0", "1.2.30000"],
        ["1.2.0.9999", "1.2.9999"],
        ["1.2.1.0", "1.2.10000"],
        ["0.0.214748.3647", "0.0.2147483647"],
    ]) {
        it(`maps ${solution} to ${control}`, () => {
            assert.equal(controlVersionFor(solution), control);
        });
    }

    it("gives a higher control version whenever the solution version is higher", () => {
        fc.assert(
            fc.property(solutionVersion, solutionVersion, (a, b) => {
                assert.equal(
                    compareVersions(controlVersionFor(a), controlVersionFor(b)),
                    compareVersions(a, b),
                    `${a} vs ${b}`,
                );
            }),
            { numRuns: 2000 },
        );
    });

    it("changes the control version for every single-step increase", () => {
        const base = "3.4.5.6";
        for (const next of ["4.0.0.0", "3.5.0.0", "3.4.6.0", "3.4.5.7"]) {
            assert.equal(compareVersions(controlVersionFor(next), controlVersionFor(base)), 1, next);
        }
    });

    it("refuses versions the mapping cannot represent", () => {
        assert.throws(() => controlVersionFor("1.0.0.10000"), /revision must be at most 9999/);
        assert.throws(() => controlVersionFor("1.0.214749.0"), /build must be at most/);
        assert.throws(() => controlVersionFor("1.0.0"), /four numeric parts/);
        assert.equal(parseSolutionVersion("1.0.214748.3648").ok, false);
    });
});

describe("control manifest version stamping", () => {
    const manifest = [
        `<?xml version="1.0" encoding="utf-8" ?>`,
        `<manifest>`,
        `  <control namespace="FlowTrigger" constructor="FlowTriggerControl" version="1.0.0" display-name-key="x" control-type="virtual">`,
        `    <!-- version="9.9.9" in a comment stays -->`,
        `    <resources><resx path="strings/a.1033.resx" version="1.0.0" /></resources>`,
        `  </control>`,
        `</manifest>`,
    ].join("\n");

    it("changes only the version attribute of <control>", () => {
        const stamped = stampControlVersion(manifest, "2.3.40005");
        assert.equal(readControlVersion(stamped), "2.3.40005");
        assert.equal(
            stamped,
            manifest.replace(
                `constructor="FlowTriggerControl" version="1.0.0"`,
                `constructor="FlowTriggerControl" version="2.3.40005"`,
            ),
        );
        assert.match(stamped, /<resx path="strings\/a.1033.resx" version="1.0.0" \/>/);
        assert.match(stamped, /<\?xml version="1.0"/);
    });

    it("is idempotent", () => {
        const once = stampControlVersion(manifest, "1.0.7");
        assert.equal(stampControlVersion(once, "1.0.7"), once);
    });

    it("does not mistake api-version for version", () => {
        const built = `<manifest><control namespace="N" constructor="C" api-version="1.3.18" version="1.0.0"></control></manifest>`;
        assert.equal(readControlVersion(built), "1.0.0");
        assert.equal(
            stampControlVersion(built, "1.0.5"),
            `<manifest><control namespace="N" constructor="C" api-version="1.3.18" version="1.0.5"></control></manifest>`,
        );
    });

    it("keeps single quotes and odd spacing", () => {
        const text = `<manifest><control\n  namespace='N' constructor='C'\n  version = '1.0.0'></control></manifest>`;
        assert.equal(
            stampControlVersion(text, "1.0.1"),
            `<manifest><control\n  namespace='N' constructor='C'\n  version = '1.0.1'></control></manifest>`,
        );
    });

    it("rejects manifests without exactly one control or without a version", () => {
        assert.throws(() => stampControlVersion("<manifest></manifest>", "1.0.0"), /exactly one <control>/);
        assert.throws(
            () =>
                stampControlVersion(
                    `<manifest><control version="1.0.0"/><control version="1.0.0"/></manifest>`,
                    "1.0.0",
                ),
            /found 2/,
        );
        assert.throws(
            () => stampControlVersion(`<manifest><control namespace="N"></control></manifest>`, "1.0.0"),
            /no version attribute/,
        );
        assert.throws(() => stampControlVersion(manifest, "1.0.0.0"), /major.minor.patch/);
    });

    it("the project's ControlManifest.Input.xml carries the control version of the configured solution version", async () => {
        const config = JSON.parse(await readFile(path.join(REPO_ROOT, "Solutions", "solution.config.json"), "utf8"));
        const input = await readFile(path.join(REPO_ROOT, "FlowTriggerControl", "ControlManifest.Input.xml"), "utf8");
        assert.equal(
            readControlVersion(input),
            controlVersionFor(config.solution.version),
            "run `node scripts/solution/cli.mjs --prepare-only` (or npm run solution) after changing the solution version",
        );
    });
});
