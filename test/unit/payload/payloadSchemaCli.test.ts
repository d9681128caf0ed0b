/** @jest-environment node */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { schemaForFieldList } from "../../../FlowTriggerControl/payload/fieldListSpec";

const ROOT = resolve(__dirname, "../../..");
const CLI = resolve(ROOT, "scripts/payload-schema.mjs");

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

function runCli(args: string[]): Promise<Run> {
    return new Promise((resolve) => {
        execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 15000 }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
            resolve({ code, stdout, stderr });
        });
    });
}

const EXAMPLE =
    "name:string,revenue:money,statuscode:choice,primarycontactid:lookup,birthdate:dateonly,createdon:datetime,donotemail:boolean,industrycodes:multichoice,numberofemployees:integer";

describe("scripts/payload-schema.mjs", () => {
    it("prints the same schema the TypeScript builder makes", async () => {
        const run = await runCli(["--fields", EXAMPLE]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        const expected = schemaForFieldList(EXAMPLE);
        expect(expected.ok).toBe(true);
        expect(JSON.parse(run.stdout)).toEqual(expected.ok ? expected.schema : undefined);
    });

    it("accepts --fields=… and prints pretty JSON", async () => {
        const run = await runCli(["--fields=revenue:money"]);
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('\n  "type": "object"');
        const schema = JSON.parse(run.stdout) as {
            properties: { record: { properties: { fields: { properties: object } } } };
        };
        expect(Object.keys(schema.properties.record.properties.fields.properties)).toEqual(["revenue"]);
    });

    it("explains bad entries in the maker's language and exits with 2", async () => {
        const run = await runCli(["--fields", "revenue:cash,name", "--lang", "1031"]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain('"cash" ist kein bekannter Typ (Feld revenue)');
        expect(run.stderr).toContain('"name" ist kein gültiger Feldeintrag');
    });

    it("prints usage and exits with 2 without --fields, and 0 for --help", async () => {
        const missing = await runCli([]);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/^Usage: node scripts\/payload-schema\.mjs --fields/);
        expect(missing.stderr).toContain("multichoice");
        const help = await runCli(["--help"]);
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/^Usage:/);
    });

    it("can be imported by other Node code", async () => {
        const script = `import(${JSON.stringify("file://" + CLI)}).then((m) => { const r = m.schemaForFieldList("a:integer"); process.stdout.write(JSON.stringify(r.schema.properties.record.properties.fields.properties)); })`;
        const output = await new Promise<string>((resolve, reject) =>
            execFile(process.execPath, ["-e", script], { cwd: ROOT, timeout: 15000 }, (error, stdout) =>
                error ? reject(new Error(error.message)) : resolve(stdout),
            ),
        );
        expect(JSON.parse(output)).toEqual({ a: { type: ["integer", "null"] } });
    });
});
