/**
 * Issue 17 item 1: the starter solution zip written by `npm run solution` when the config has a "starter"
 * section: its config checks, layout, XML (against the project's own XSDs) and flow JSON (against the project's
 * own starter-flow.schema.json, and the trigger schema against `npm run payload-schema`).
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { runSolutionCommand } from "../../scripts/solution/cli.mjs";
import { formatConfigErrors, validateSolutionConfig } from "../../scripts/solution/config.mjs";
import { SCHEMA_FILES, validateWithSchema } from "../../scripts/solution/xml.mjs";
import { assembleStarterEntries } from "../../scripts/solution/starterZip.mjs";
import { runNodeScript } from "../support/runNodeScript.mjs";
import { createFixtureProject, REPO_ROOT } from "./support/fixtureProject.mjs";
import { jsonSchemaViolations } from "./support/jsonSchemaCheck.mjs";
import { starterConfig, STARTER_FLOWS } from "./support/starterConfig.mjs";
import { child, childNames, CUSTOMIZATIONS_ORDER, openZip, parseOrdered, text } from "./support/zipInspection.mjs";

/** Progress lines of the command are not under test here. */
const ignoreLog = () => undefined;

const FLOW_SCHEMA = JSON.parse(
    await readFile(path.join(REPO_ROOT, "Solutions", "schemas", "starter-flow.schema.json"), "utf8"),
);

/** What `npm run payload-schema -- --fields <spec>` prints, parsed. */
async function printedPayloadSchema(fields) {
    const result = await runNodeScript(path.join(REPO_ROOT, "scripts", "payload-schema.mjs"), ["--fields", fields], {
        timeoutMs: 30000,
    });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
}

describe("starter section of solution.config.json", () => {
    it("accepts the two modes and keeps the flows", () => {
        const result = validateSolutionConfig(starterConfig());
        assert.equal(result.ok, true, result.ok ? "" : formatConfigErrors(result.errors));
        assert.equal(result.config.starter.flows.length, 2);
        assert.deepEqual(result.config.starter.flows[1].allowedUsers, ["adele@contoso.test", "megan@contoso.test"]);
    });

    it("is optional: no section, no starter", () => {
        const config = starterConfig();
        delete config.starter;
        const result = validateSolutionConfig(config);
        assert.equal(result.ok, true);
        assert.equal(result.config.starter, undefined);
    });

    const INVALID = [
        ["starter.uniqueName", (s) => (s.uniqueName = "Flow Trigger Starter"), "no spaces"],
        ["starter.uniqueName", (s) => (s.uniqueName = "flowtriggercontrol"), "must differ from solution.uniqueName"],
        ["starter.displayName", (s) => (s.displayName = " "), "non-empty"],
        ["starter.flows", (s) => (s.flows = []), "non-empty array"],
        ["starter.extra", (s) => (s.extra = 1), "not a known setting"],
        ["starter.flows[0].name", (s) => (s.flows[0].name = ""), "non-empty"],
        ["starter.flows[0].name", (s) => (s.flows[0].name = "x".repeat(101)), "at most 100"],
        ["starter.flows[1].name", (s) => (s.flows[1].name = "request APPROVAL"), "listed twice"],
        ["starter.flows[0].table", (s) => (s.flows[0].table = "Account"), "logical name"],
        ["starter.flows[0].fields", (s) => (s.flows[0].fields = "name:text"), "isn't a known type"],
        ["starter.flows[0].fields", (s) => (s.flows[0].fields = 3), "must be a string"],
        ["starter.flows[0].whoCanTrigger", (s) => (s.flows[0].whoCanTrigger = "Anyone"), "AnyUserInTenant"],
        ["starter.flows[0].allowedUsers", (s) => (s.flows[0].allowedUsers = ["a@b.test"]), "only used with"],
        ["starter.flows[1].allowedUsers", (s) => (s.flows[1].allowedUsers = []), "at least one user"],
        ["starter.flows[1].allowedUsers[1]", (s) => (s.flows[1].allowedUsers[1] = "megan"), "email address"],
        ["starter.flows[1].allowedUsers[1]", (s) => (s.flows[1].allowedUsers[1] = "ADELE@contoso.test"), "twice"],
        ["starter.flows[0].environmentVariable", (s) => (s.flows[0].environmentVariable = "new_X"), "prefix"],
        ["starter.flows[0].environmentVariable", (s) => (s.flows[0].environmentVariable = "ftc-x"), "letters"],
        [
            "starter.flows[1].environmentVariable",
            (s) => (s.flows[1].environmentVariable = "FTC_RequestApprovalFlowUrl".replace("FTC", "ftc")),
            "two flows",
        ],
        ["starter.flows[0].unknown", (s) => (s.flows[0].unknown = true), "not a known setting"],
        ["starter.flows[0].name", (s) => (s.flows[0].name = "bell\u0007"), "XML 1.0 cannot carry"],
    ];
    for (const [field, change, fragment] of INVALID) {
        it(`rejects ${field}: ${fragment}`, () => {
            const config = starterConfig();
            change(config.starter);
            const result = validateSolutionConfig(config);
            assert.equal(result.ok, false);
            const error = result.errors.find((candidate) => candidate.field === field);
            assert.ok(error, `expected ${field}, got:\n${formatConfigErrors(result.errors)}`);
            assert.ok(error.problem.includes(fragment), `"${error.problem}" should mention "${fragment}"`);
        });
    }

    it("lists every starter problem at once, with the rest of the config", () => {
        const config = starterConfig();
        config.publisher.optionValuePrefix = 1;
        config.starter.flows[0].table = "";
        config.starter.flows[1].whoCanTrigger = "Everyone";
        const fields = validateSolutionConfig(config).errors.map((error) => error.field);
        assert.deepEqual(fields.sort(), [
            "publisher.optionValuePrefix",
            "starter.flows[0].table",
            "starter.flows[1].allowedUsers",
            "starter.flows[1].whoCanTrigger",
        ]);
    });
});

describe("the starter zip", () => {
    let project;
    let result;
    let zip;
    before(async () => {
        project = await createFixtureProject({ config: starterConfig() });
        result = await runSolutionCommand({ root: project.root, build: false, outDir: project.outDir, log: ignoreLog });
        const starter = result.zips.find((candidate) => candidate.kind === "starter");
        zip = await openZip(starter.bytes);
    });
    after(() => project?.cleanup());

    it("is written next to the product zips as <starter.uniqueName>_<version>.zip", () => {
        assert.deepEqual(
            result.zips.map((candidate) => [candidate.kind, path.basename(candidate.file)]),
            [
                ["unmanaged", "FlowTriggerControl_1.2.3.4.zip"],
                ["managed", "FlowTriggerControl_1.2.3.4_managed.zip"],
                ["starter", "FlowTriggerStarter_1.2.3.4.zip"],
            ],
        );
    });

    it("holds exactly the root files, one flow JSON and one variable definition per flow, no folders", async () => {
        const solution = await parseOrdered(await zip.read("customizations.xml"));
        const workflows = child(solution, "Workflows").$$;
        const jsonNames = workflows.map((workflow) => text(workflow, "JsonFileName").slice(1));
        assert.deepEqual(
            [...zip.names].sort(),
            [
                "[Content_Types].xml",
                ...jsonNames,
                "customizations.xml",
                "environmentvariabledefinitions/ftc_NotifyTeamFlowUrl/environmentvariabledefinition.xml",
                "environmentvariabledefinitions/ftc_RequestApprovalFlowUrl/environmentvariabledefinition.xml",
                "solution.xml",
            ].sort(),
        );
        assert.deepEqual(zip.directories, []);
        for (const name of jsonNames) assert.match(name, /^Workflows\/[A-Za-z0-9]+-[0-9A-F-]{36}\.json$/);
        assert.ok(jsonNames.some((name) => name.startsWith("Workflows/Notifytheaccountsteam-")));
    });

    it("solution.xml: unmanaged, its own unique name, the product's publisher, one type 29 root per flow", async () => {
        const bytes = await zip.read("solution.xml");
        assert.deepEqual(await validateWithSchema(bytes, "solution.xml", SCHEMA_FILES.solution), {
            valid: true,
            errors: [],
        });
        const manifest = child(await parseOrdered(bytes), "SolutionManifest");
        assert.equal(text(manifest, "UniqueName"), "FlowTriggerStarter");
        assert.equal(text(manifest, "Managed"), "0");
        assert.equal(text(manifest, "Version"), "1.2.3.4");
        const publisher = child(manifest, "Publisher");
        assert.equal(text(publisher, "UniqueName"), "FlowTriggerControlPublisher");
        assert.equal(text(publisher, "CustomizationPrefix"), "ftc");
        const customizations = await parseOrdered(await zip.read("customizations.xml"));
        const ids = child(customizations, "Workflows").$$.map((workflow) => workflow.$.WorkflowId);
        const roots = child(manifest, "RootComponents").$$.map((root) => root.$);
        assert.deepEqual(
            roots.map((root) => [root.type, root.id, root.behavior]),
            [...ids].sort().map((id) => ["29", id, "0"]),
        );
    });

    it("customizations.xml: the project's XSD accepts it; each Workflow is a modern flow that is on", async () => {
        const bytes = await zip.read("customizations.xml");
        assert.deepEqual(await validateWithSchema(bytes, "customizations.xml", SCHEMA_FILES.customizations), {
            valid: true,
            errors: [],
        });
        const document = await parseOrdered(bytes);
        // The platform's order, without the web resources and plug-ins a flow-only solution has none of.
        assert.deepEqual(
            childNames(document),
            CUSTOMIZATIONS_ORDER.filter((name) => name !== "WebResources" && name !== "SolutionPluginAssemblies"),
        );
        const workflows = child(document, "Workflows").$$;
        assert.deepEqual(
            workflows.map((workflow) => workflow.$.Name),
            STARTER_FLOWS.map((flow) => flow.name),
        );
        for (const workflow of workflows) {
            assert.equal(text(workflow, "Category"), "5");
            assert.equal(text(workflow, "Type"), "1");
            assert.equal(text(workflow, "StateCode"), "1");
            assert.equal(text(workflow, "StatusCode"), "2");
            assert.equal(text(workflow, "PrimaryEntity"), "none");
            const id = workflow.$.WorkflowId.slice(1, -1).toUpperCase();
            assert.ok(text(workflow, "JsonFileName").endsWith(`-${id}.json`));
        }
    });

    it("environment variable definitions: Text, no value, named by the config, valid against the project's XSD", async () => {
        for (const flow of STARTER_FLOWS) {
            const name = `environmentvariabledefinitions/${flow.environmentVariable}/environmentvariabledefinition.xml`;
            const bytes = await zip.read(name);
            assert.deepEqual(await validateWithSchema(bytes, name, SCHEMA_FILES.environmentVariableDefinition), {
                valid: true,
                errors: [],
            });
            const definition = await parseOrdered(bytes);
            assert.equal(definition.$.schemaname, flow.environmentVariable);
            assert.equal(text(definition, "type"), "100000000");
            assert.ok(!childNames(definition).includes("defaultvalue"), "no value travels with the solution");
        }
        assert.ok(!zip.names.some((name) => name.endsWith("environmentvariablevalues.json")));
    });

    it("[Content_Types].xml: xml and json Defaults and one Override per variable definition", async () => {
        const types = (await zip.read("[Content_Types].xml")).toString("utf8");
        assert.match(
            types,
            /<Default Extension="xml" ContentType="text\/xml" \/><Default Extension="json" ContentType="application\/octet-stream" \/>/,
        );
        for (const flow of STARTER_FLOWS) {
            assert.ok(
                types.includes(
                    `<Override PartName="/environmentvariabledefinitions/${flow.environmentVariable}/environmentvariabledefinition.xml" ContentType="application/octet-stream" />`,
                ),
            );
        }
    });

    async function flowJson(name) {
        const customizations = await parseOrdered(await zip.read("customizations.xml"));
        const workflow = child(customizations, "Workflows").$$.find((candidate) => candidate.$.Name === name);
        return JSON.parse((await zip.read(text(workflow, "JsonFileName").slice(1))).toString("utf8"));
    }

    it("each flow JSON meets the project's starter-flow schema", async () => {
        for (const flow of STARTER_FLOWS) {
            assert.deepEqual(jsonSchemaViolations(await flowJson(flow.name), FLOW_SCHEMA), [], flow.name);
        }
    });

    it("the trigger: POST, Who can trigger from the config, the schema exactly as npm run payload-schema prints it", async () => {
        const [tenant, users] = await Promise.all(STARTER_FLOWS.map((flow) => flowJson(flow.name)));
        const tenantInputs = tenant.properties.definition.triggers.manual.inputs;
        assert.equal(tenantInputs.method, "POST");
        assert.equal(tenantInputs.triggerAuthenticationType, "Tenant");
        assert.equal("triggerAllowedUsers" in tenantInputs, false);
        assert.deepEqual(tenantInputs.schema, await printedPayloadSchema(STARTER_FLOWS[0].fields));
        const userInputs = users.properties.definition.triggers.manual.inputs;
        assert.equal(userInputs.triggerAuthenticationType, "User");
        assert.equal(userInputs.triggerAllowedUsers, "adele@contoso.test;megan@contoso.test");
        assert.deepEqual(userInputs.schema, await printedPayloadSchema(STARTER_FLOWS[1].fields));
    });

    it("the Response answers 200 with a message from the payload and the x-ms-* header names, never values", async () => {
        const definition = (await flowJson("Notify the account's team")).properties.definition;
        const response = definition.actions.Response;
        assert.equal(response.inputs.statusCode, 200);
        // The flow's name is a literal in the expression: its quote is doubled.
        assert.match(response.inputs.body.message, /^@concat\('Notify the account''s team: received '/);
        assert.match(response.inputs.body.message, /triggerBody\(\)\?\['record'\]\?\['primaryName'\]/);
        assert.equal(response.inputs.body.receivedHeaderNames, "@body('Caller_header_names')");
        assert.match(definition.actions.Request_header_names.inputs.select, /name\(\/\*\)/);
        assert.match(definition.actions.Caller_header_names.inputs.where, /startsWith\(toLower\(item\(\)\), 'x-ms-'\)/);
        assert.doesNotMatch(JSON.stringify(definition.actions), /text\(\)|\/headers\/\*\/text/);
    });

    it("is byte-identical when built twice from the same config", async () => {
        const again = await runSolutionCommand({
            root: project.root,
            build: false,
            outDir: project.outDir,
            log: ignoreLog,
        });
        const first = result.zips.find((candidate) => candidate.kind === "starter").bytes;
        const second = again.zips.find((candidate) => candidate.kind === "starter").bytes;
        assert.ok(first.equals(second));
    });
});

describe("the starter-flow schema rejects what the control cannot call", () => {
    let good;
    before(async () => {
        const project = await createFixtureProject({ config: starterConfig() });
        try {
            const built = await runSolutionCommand({
                root: project.root,
                build: false,
                outDir: project.outDir,
                log: ignoreLog,
            });
            const zip = await openZip(built.zips.find((candidate) => candidate.kind === "starter").bytes);
            const name = zip.names.find((entry) => entry.startsWith("Workflows/Requestapproval-"));
            good = JSON.parse((await zip.read(name)).toString("utf8"));
        } finally {
            await project.cleanup();
        }
    });

    const MUTATIONS = [
        ["a GET trigger", (f) => (f.properties.definition.triggers.manual.inputs.method = "GET")],
        ["Anyone (All)", (f) => (f.properties.definition.triggers.manual.inputs.triggerAuthenticationType = "All")],
        ["no trigger schema", (f) => delete f.properties.definition.triggers.manual.inputs.schema],
        [
            "a schema without the payload envelope",
            (f) => (f.properties.definition.triggers.manual.inputs.schema.properties = {}),
        ],
        ["a trigger that is not Request", (f) => (f.properties.definition.triggers.manual.type = "Recurrence")],
        ["no Response action", (f) => delete f.properties.definition.actions.Response],
        ["a Response answering 202", (f) => (f.properties.definition.actions.Response.inputs.statusCode = 202)],
        ["a connection reference", (f) => (f.properties.connectionReferences.shared_x = {})],
        ["a second trigger", (f) => (f.properties.definition.triggers.other = {})],
        [
            "allowed users with a space",
            (f) => (f.properties.definition.triggers.manual.inputs.triggerAllowedUsers = "a b"),
        ],
    ];
    for (const [description, change] of MUTATIONS) {
        it(`rejects ${description}`, () => {
            assert.deepEqual(jsonSchemaViolations(good, FLOW_SCHEMA), []);
            const flow = structuredClone(good);
            change(flow);
            assert.notDeepEqual(jsonSchemaViolations(flow, FLOW_SCHEMA), []);
        });
    }
});

describe("the project's XSDs for Workflow entries and environment variable definitions", () => {
    const config = validateSolutionConfig(starterConfig()).config;
    const assembled = assembleStarterEntries({ config });
    const customizations = assembled.xml.customizations.toString("utf8");
    const variable = [...assembled.xml.environmentVariables.values()][0].toString("utf8");

    function mutate(textValue, from, to) {
        const changed = textValue.replace(from, to);
        assert.notEqual(changed, textValue, `mutation ${from} did not apply`);
        return changed;
    }

    const WORKFLOW_NEGATIVES = [
        ["a classic workflow (Category 0)", (x) => mutate(x, "<Category>5</Category>", "<Category>0</Category>")],
        ["a lower-case id in JsonFileName", (x) => mutate(x, /-([0-9A-F-]{36})\.json/, (m) => m.toLowerCase())],
        ["a JsonFileName outside /Workflows", (x) => mutate(x, "<JsonFileName>/Workflows/", "<JsonFileName>/Flows/")],
        ["no StateCode", (x) => mutate(x, /\s*<StateCode>1<\/StateCode>/, "")],
        [
            "Type before JsonFileName",
            (x) => mutate(x, /(\s*<JsonFileName>[^<]*<\/JsonFileName>)(\s*<Type>1<\/Type>)/, "$2$1"),
        ],
        ["a WorkflowId without braces", (x) => mutate(x, /WorkflowId="\{([^}]+)\}"/, 'WorkflowId="$1"')],
        ["StatusCode 3", (x) => mutate(x, "<StatusCode>2</StatusCode>", "<StatusCode>3</StatusCode>")],
    ];
    for (const [description, change] of WORKFLOW_NEGATIVES) {
        it(`customizations.xsd rejects ${description}`, async () => {
            const result = await validateWithSchema(change(customizations), "c.xml", SCHEMA_FILES.customizations);
            assert.equal(result.valid, false);
        });
    }

    const VARIABLE_NEGATIVES = [
        ["a JSON variable (type 100000003)", (x) => mutate(x, "<type>100000000</type>", "<type>100000003</type>")],
        ["a schema name without a prefix", (x) => mutate(x, 'schemaname="ftc_', 'schemaname="')],
        ["no displayname", (x) => mutate(x, /\s*<displayname[\s\S]*<\/displayname>/, "")],
        [
            "type before introducedversion",
            (x) =>
                mutate(
                    x,
                    /(\s*<introducedversion>[^<]*<\/introducedversion>)([\s\S]*)(\s*<type>100000000<\/type>)/,
                    "$3$2$1",
                ),
        ],
    ];
    for (const [description, change] of VARIABLE_NEGATIVES) {
        it(`environmentvariabledefinition.xsd rejects ${description}`, async () => {
            const result = await validateWithSchema(
                change(variable),
                "v.xml",
                SCHEMA_FILES.environmentVariableDefinition,
            );
            assert.equal(result.valid, false);
        });
    }
});

describe("npm run solution with a starter section", () => {
    it("prints the starter zip with its entries after the product zips", async () => {
        const project = await createFixtureProject({ config: starterConfig() });
        try {
            const { code, stdout, stderr } = await runNodeScript(
                path.join(REPO_ROOT, "scripts", "solution", "cli.mjs"),
                ["--root", project.root, "--no-build", "--out-dir", project.outDir],
                { timeoutMs: 60000 },
            );
            assert.equal(code, 0, stderr);
            assert.match(stdout, /FlowTriggerStarter_1\.2\.3\.4\.zip {2}\(\d+ bytes, starter\)/);
            assert.match(
                stdout,
                /\d+ {2}environmentvariabledefinitions\/ftc_RequestApprovalFlowUrl\/environmentvariabledefinition\.xml/,
            );
            assert.ok(stdout.indexOf("_managed.zip") < stdout.indexOf("FlowTriggerStarter_"));
        } finally {
            await project.cleanup();
        }
    });

    it("refuses a starter problem before writing any zip", async () => {
        const config = starterConfig();
        config.starter.flows[0].whoCanTrigger = "Anyone";
        const project = await createFixtureProject({ config });
        try {
            const { code, stderr } = await runNodeScript(
                path.join(REPO_ROOT, "scripts", "solution", "cli.mjs"),
                ["--root", project.root, "--no-build", "--out-dir", project.outDir],
                { timeoutMs: 60000 },
            );
            assert.equal(code, 1);
            assert.match(
                stderr,
                /- starter\.flows\[0\]\.whoCanTrigger: "Anyone" must be one of: AnyUserInTenant, SpecificUsers/,
            );
            assert.equal(
                await readFile(path.join(project.outDir, "FlowTriggerControl_1.2.3.4.zip")).catch(() => "none"),
                "none",
            );
        } finally {
            await project.cleanup();
        }
    });
});
