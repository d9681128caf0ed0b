import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { validateSolutionConfig, readSolutionConfig, formatConfigErrors } from "../../scripts/solution/config.mjs";
import { sampleConfig, REPO_ROOT } from "./support/fixtureProject.mjs";

/** Deep copy of the sample with one change applied. */
function withChange(change) {
    const config = structuredClone(sampleConfig());
    change(config);
    return config;
}

/** [description, change, field that must be reported, text the problem must contain] */
const INVALID = [
    [
        "prefix too short",
        (c) => {
            c.publisher.prefix = "f";
        },
        "publisher.prefix",
        "2 to 8",
    ],
    [
        "prefix too long",
        (c) => {
            c.publisher.prefix = "abcdefghi";
        },
        "publisher.prefix",
        "2 to 8",
    ],
    [
        "prefix with upper case",
        (c) => {
            c.publisher.prefix = "Ftc";
        },
        "publisher.prefix",
        "lower-case",
    ],
    [
        "prefix starting with a digit",
        (c) => {
            c.publisher.prefix = "1ftc";
        },
        "publisher.prefix",
        "start with a lower-case letter",
    ],
    [
        "prefix with underscore",
        (c) => {
            c.publisher.prefix = "ft_c";
        },
        "publisher.prefix",
        "only lower-case letters and digits",
    ],
    [
        "prefix mscrm",
        (c) => {
            c.publisher.prefix = "mscrm";
        },
        "publisher.prefix",
        "mscrm",
    ],
    [
        "prefix starting with mscrm",
        (c) => {
            c.publisher.prefix = "mscrmx1";
        },
        "publisher.prefix",
        "mscrm",
    ],
    [
        "prefix not a string",
        (c) => {
            c.publisher.prefix = 12;
        },
        "publisher.prefix",
        "must be a string",
    ],
    [
        "option value prefix below range",
        (c) => {
            c.publisher.optionValuePrefix = 9999;
        },
        "publisher.optionValuePrefix",
        "10000 to 99999",
    ],
    [
        "option value prefix above range",
        (c) => {
            c.publisher.optionValuePrefix = 100000;
        },
        "publisher.optionValuePrefix",
        "10000 to 99999",
    ],
    [
        "option value prefix fractional",
        (c) => {
            c.publisher.optionValuePrefix = 12345.5;
        },
        "publisher.optionValuePrefix",
        "whole number",
    ],
    [
        "option value prefix as string",
        (c) => {
            c.publisher.optionValuePrefix = "51270";
        },
        "publisher.optionValuePrefix",
        "whole number",
    ],
    [
        "solution unique name with space",
        (c) => {
            c.solution.uniqueName = "Flow Trigger";
        },
        "solution.uniqueName",
        "no spaces",
    ],
    [
        "solution unique name starting with digit",
        (c) => {
            c.solution.uniqueName = "1Flow";
        },
        "solution.uniqueName",
        "start with a letter",
    ],
    [
        "solution unique name with hyphen",
        (c) => {
            c.solution.uniqueName = "Flow-Trigger";
        },
        "solution.uniqueName",
        "only letters, digits",
    ],
    [
        "publisher unique name missing",
        (c) => {
            delete c.publisher.uniqueName;
        },
        "publisher.uniqueName",
        "start with a letter",
    ],
    [
        "display name empty",
        (c) => {
            c.solution.displayName = "  ";
        },
        "solution.displayName",
        "must not be empty",
    ],
    [
        "publisher display name not text",
        (c) => {
            c.publisher.displayName = 5;
        },
        "publisher.displayName",
        "must be a string",
    ],
    [
        "version with three parts",
        (c) => {
            c.solution.version = "1.0.0";
        },
        "solution.version",
        "four numeric parts",
    ],
    [
        "version with five parts",
        (c) => {
            c.solution.version = "1.0.0.0.0";
        },
        "solution.version",
        "four numeric parts",
    ],
    [
        "version with leading zero",
        (c) => {
            c.solution.version = "1.01.0.0";
        },
        "solution.version",
        "leading zeros",
    ],
    [
        "version with letters",
        (c) => {
            c.solution.version = "1.0.0.beta";
        },
        "solution.version",
        "four numeric parts",
    ],
    [
        "version part beyond Int32",
        (c) => {
            c.solution.version = "2147483648.0.0.0";
        },
        "solution.version",
        "larger than 2147483647",
    ],
    [
        "revision too large for the control version",
        (c) => {
            c.solution.version = "1.0.0.10000";
        },
        "solution.version",
        "at most 9999",
    ],
    [
        "build too large for the control version",
        (c) => {
            c.solution.version = "1.0.214749.0";
        },
        "solution.version",
        "build must be at most",
    ],
    [
        "version as number",
        (c) => {
            c.solution.version = 1;
        },
        "solution.version",
        "must be a string",
    ],
    [
        "unknown top-level key",
        (c) => {
            c.solutions = {};
        },
        "solutions",
        "not a known setting",
    ],
    [
        "misspelt publisher key",
        (c) => {
            c.publisher.prefx = "ftc";
        },
        "publisher.prefx",
        "not a known setting",
    ],
    [
        "web resources not an array",
        (c) => {
            c.webResources = {};
        },
        "webResources",
        "must be an array",
    ],
    [
        "web resource not an object",
        (c) => {
            c.webResources = ["x.js"];
        },
        "webResources[0]",
        "must be an object",
    ],
    [
        "web resource type unknown",
        (c) => {
            c.webResources[0].type = "htm";
        },
        "webResources[0].type",
        "must be one of",
    ],
    [
        "web resource extension not matching type",
        (c) => {
            c.webResources[1].type = "css";
        },
        "webResources[1].name",
        "must end with .css",
    ],
    [
        "web resource name with double slash",
        (c) => {
            c.webResources[0].name = "FlowTriggerControl//a.html";
        },
        "webResources[0].name",
        'single "/"',
    ],
    [
        "web resource name with leading slash",
        (c) => {
            c.webResources[0].name = "/a.html";
        },
        "webResources[0].name",
        "relative path",
    ],
    [
        "web resource name with parent folder",
        (c) => {
            c.webResources[0].name = "../a.html";
        },
        "webResources[0].name",
        "relative path",
    ],
    [
        "web resource name with space",
        (c) => {
            c.webResources[0].name = "Flow Trigger/a.html";
        },
        "webResources[0].name",
        "relative path",
    ],
    [
        "web resource name with a hyphen (not in Microsoft's documented characters)",
        (c) => {
            c.webResources[0].name = "FlowTriggerControl/signin-redirect.html";
        },
        "webResources[0].name",
        '"FlowTriggerControl/signin-redirect.html" must be a relative path',
    ],
    [
        "web resource name with an underscore",
        (c) => {
            c.webResources[0].name = "Flow_Trigger/a.html";
        },
        "webResources[0].name",
        '"_" is not allowed',
    ],
    [
        "web resource name with a letter outside A-Z",
        (c) => {
            c.webResources[0].name = "FlowTriggerControl/Anmeldeseiteä.html";
        },
        "webResources[0].name",
        '"ä" is not allowed',
    ],
    [
        "web resource name with a hyphen in a folder",
        (c) => {
            c.webResources[1].name = "Flow-Trigger/bridge.js";
        },
        "webResources[1].name",
        "Microsoft's rule for web resource names",
    ],
    [
        "web resource name with a dot folder",
        (c) => {
            c.webResources[0].name = "FlowTriggerControl/./a.html";
        },
        "webResources[0].name",
        '"." or ".."',
    ],
    [
        "web resource name that is not a string",
        (c) => {
            c.webResources[0].name = 7;
        },
        "webResources[0].name",
        "7 must be a relative path",
    ],
    [
        "web resource names differing only in case",
        (c) => {
            c.webResources[1] = { ...c.webResources[0], name: c.webResources[0].name.toUpperCase() };
        },
        "webResources[1].name",
        "listed twice",
    ],
    [
        "web resource source absolute",
        (c) => {
            c.webResources[0].source = "/etc/passwd";
        },
        "webResources[0].source",
        "relative to the repository root",
    ],
    [
        "web resource source on a Windows drive",
        (c) => {
            c.webResources[0].source = "C:\\x.html";
        },
        "webResources[0].source",
        "relative to the repository root",
    ],
    [
        "web resource source outside the repository",
        (c) => {
            c.webResources[0].source = "FlowTriggerControl/../../x.html";
        },
        "webResources[0].source",
        'without ".."',
    ],
    [
        "web resource unknown key",
        (c) => {
            c.webResources[0].path = "x";
        },
        "webResources[0].path",
        "not a known setting",
    ],
    [
        "web resource introduced version invalid",
        (c) => {
            c.webResources[0].introducedVersion = "1.0";
        },
        "webResources[0].introducedVersion",
        "four numeric parts",
    ],
];

describe("solution.config.json validation", () => {
    it("accepts the sample configuration and fills in defaults", () => {
        const config = sampleConfig();
        delete config.solution.description;
        const result = validateSolutionConfig(config);
        assert.equal(result.ok, true, result.ok ? "" : formatConfigErrors(result.errors));
        assert.equal(result.config.solution.description, "");
        assert.equal(result.config.publisher.prefix, "ftc");
        assert.equal(result.config.webResources.length, 2);
    });

    it("accepts the boundaries of every rule", () => {
        for (const [prefix, optionValuePrefix, version] of [
            ["ab", 10000, "0.0.0.0"],
            ["abcdefgh", 99999, "2147483647.2147483647.214748.3647"],
            ["a1", 50000, "1.0.214747.9999"],
            ["mscr", 12345, "1.2.3.4"],
            ["msc1rm", 12345, "1.2.3.4"],
        ]) {
            const result = validateSolutionConfig(
                withChange((c) => {
                    c.publisher.prefix = prefix;
                    c.publisher.optionValuePrefix = optionValuePrefix;
                    c.solution.version = version;
                }),
            );
            assert.equal(
                result.ok,
                true,
                `${prefix} ${optionValuePrefix} ${version}: ${result.ok ? "" : formatConfigErrors(result.errors)}`,
            );
        }
    });

    it("accepts web resource names of letters, digits, periods and single slashes (Microsoft's documented rule)", () => {
        for (const name of ["a.html", "FlowTriggerControl/SignInRedirect.html", "v1.2/Page2.html", "A/b/C/d9.htm"]) {
            const result = validateSolutionConfig(
                withChange((c) => {
                    c.webResources[0].name = name;
                }),
            );
            assert.equal(result.ok, true, `${name}: ${result.ok ? "" : formatConfigErrors(result.errors)}`);
        }
    });

    it("accepts a config without web resources", () => {
        assert.equal(
            validateSolutionConfig(
                withChange((c) => {
                    delete c.webResources;
                }),
            ).ok,
            true,
        );
        assert.equal(
            validateSolutionConfig(
                withChange((c) => {
                    c.webResources = [];
                }),
            ).ok,
            true,
        );
    });

    for (const [description, change, field, fragment] of INVALID) {
        it(`rejects ${description}`, () => {
            const result = validateSolutionConfig(withChange(change));
            assert.equal(result.ok, false);
            const error = result.errors.find((candidate) => candidate.field === field);
            assert.ok(error, `expected an error for ${field}, got:\n${formatConfigErrors(result.errors)}`);
            assert.ok(error.problem.includes(fragment), `"${error.problem}" should mention "${fragment}"`);
        });
    }

    it("reports every problem at once", () => {
        const result = validateSolutionConfig(
            withChange((c) => {
                c.publisher.prefix = "mscrm1";
                c.publisher.optionValuePrefix = 1;
                c.solution.version = "1.0";
            }),
        );
        assert.equal(result.ok, false);
        assert.deepEqual(result.errors.map((error) => error.field).sort(), [
            "publisher.optionValuePrefix",
            "publisher.prefix",
            "solution.version",
        ]);
    });

    it("rejects a config that is not an object", () => {
        for (const raw of [null, [], "x", 3]) {
            const result = validateSolutionConfig(raw);
            assert.equal(result.ok, false);
            assert.equal(result.errors[0].field, "(root)");
        }
    });

    it("formats errors one per line with the field first", () => {
        assert.equal(
            formatConfigErrors([
                { field: "a.b", problem: "is wrong" },
                { field: "c", problem: "too" },
            ]),
            "  - a.b: is wrong\n  - c: too",
        );
    });

    it("reports unreadable and malformed files instead of throwing", async () => {
        const missing = await readSolutionConfig(path.join(REPO_ROOT, "does-not-exist.json"));
        assert.equal(missing.ok, false);
        assert.match(missing.errors[0].problem, /cannot read/);
        const malformed = await readSolutionConfig(path.join(REPO_ROOT, "test", "packaging", "fixtures", "README.md"));
        assert.equal(malformed.ok, false);
        assert.match(malformed.errors[0].problem, /not valid JSON/);
    });

    it("the project's own Solutions/solution.config.json is valid", async () => {
        const result = await readSolutionConfig(path.join(REPO_ROOT, "Solutions", "solution.config.json"));
        assert.equal(result.ok, true, result.ok ? "" : formatConfigErrors(result.errors));
        assert.equal(result.config.publisher.prefix, "ftc");
    });
});
