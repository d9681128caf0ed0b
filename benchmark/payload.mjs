// Payload figures: the control's own code, in Node, turning a retrieved row into the JSON body it POSTs —
// record reader (warm metadata cache, in-memory Web API) → payload builder → JSON.stringify — for rows of
// 10, 100 and 1,000 columns cycling through every column type the reader sends.
// The TypeScript modules are compiled with the project's tsc to CommonJS in a temporary folder.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./pcfProject.mjs";

const require = createRequire(import.meta.url);
const SIZES = [10, 100, 1000];
const WARM_UP = 20;
const SAMPLES = 200;
const RECORD_ID = "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f";
const CURRENCY_ID = "228f42f8-e646-e111-8eb7-78e7d162ced1";
const OPTIONS = [1, 2, 3, 4].map((value) => ({ value, label: `Option ${value}` }));
const FORMATTED = "@OData.Community.Display.V1.FormattedValue";
const LOOKUP_TABLE = "@Microsoft.Dynamics.CRM.lookuplogicalname";

function compile() {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "ftc-bench-payload-"));
    const tsc = path.join(path.dirname(require.resolve("typescript/package.json", { paths: [ROOT] })), "bin", "tsc");
    const sources = ["payload/recordReader.ts", "payload/payloadBuilder.ts"].map((file) =>
        path.join(ROOT, "FlowTriggerControl", file),
    );
    const result = spawnSync(
        process.execPath,
        [
            tsc,
            ...["--outDir", outDir, "--rootDir", path.join(ROOT, "FlowTriggerControl")],
            ...["--module", "commonjs", "--target", "es2020", "--moduleResolution", "node", "--strict"],
            ...["--skipLibCheck", "--types", "node", "--typeRoots", path.join(ROOT, "node_modules", "@types")],
            ...sources,
        ],
        { cwd: ROOT, encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`tsc failed:\n${result.stdout}${result.stderr}`);
    return {
        outDir,
        reader: require(path.join(outDir, "payload", "recordReader.js")),
        builder: require(path.join(outDir, "payload", "payloadBuilder.js")),
    };
}

/**
 * The client API's shape of one column (context.utils.getEntityMetadata) and its Web API value with
 * annotations, for column `index`: every type the reader sends, in turn.
 */
const COLUMN_KINDS = [
    (name) => ({ meta: { AttributeType: 14 }, row: { [name]: `Text ${name}` } }),
    (name) => ({ meta: { AttributeType: 7 }, row: { [name]: `Line one\nline two of ${name}` } }),
    (name) => ({ meta: { AttributeType: 5 }, row: { [name]: 1234, [name + FORMATTED]: "1,234" } }),
    (name) => ({ meta: { AttributeType: 18 }, row: { [name]: "9007199254740993" } }),
    (name) => ({ meta: { AttributeType: 3 }, row: { [name]: 12.5 } }),
    (name) => ({ meta: { AttributeType: 4 }, row: { [name]: 0.125 } }),
    (name) => ({ meta: { AttributeType: 8 }, row: { [name]: 12500.5, [name + FORMATTED]: "€12,500.50" } }),
    (name) => ({
        meta: {
            AttributeType: 0,
            OptionSet: {
                TrueOption: { Value: 1, Label: { UserLocalizedLabel: { Label: "Yes" } } },
                FalseOption: { Value: 0, Label: { UserLocalizedLabel: { Label: "No" } } },
            },
        },
        row: { [name]: true, [name + FORMATTED]: "Yes" },
    }),
    (name) => ({
        meta: { AttributeType: 11, OptionSet: Object.fromEntries(OPTIONS.map((o) => [o.value, { text: o.label }])) },
        row: { [name]: 2, [name + FORMATTED]: "Option 2" },
    }),
    (name) => ({
        meta: {
            AttributeType: 17,
            AttributeTypeName: { value: "MultiSelectPicklistType" },
            OptionSet: Object.fromEntries(OPTIONS.map((o) => [o.value, { text: o.label }])),
        },
        row: { [name]: "1,3", [name + FORMATTED]: "Option 1; Option 3" },
    }),
    (name) => ({
        meta: { AttributeType: 6, Targets: ["contact"] },
        row: {
            [`_${name}_value`]: "aadbf27c-8efb-e511-80d2-00155db07c77",
            [`_${name}_value${FORMATTED}`]: "Adele Vance",
            [`_${name}_value${LOOKUP_TABLE}`]: "contact",
        },
    }),
    (name) => ({ meta: { AttributeType: 2, Behavior: 1 }, row: { [name]: "2026-11-26T10:15:30Z" } }),
    (name) => ({ meta: { AttributeType: 2, Behavior: 2, Format: "date" }, row: { [name]: "2026-11-26" } }),
    (name) => ({ meta: { AttributeType: 15 }, row: { [name]: "{B05EC7CE-5D51-DF11-97E0-00155DB232D0}" } }),
    (name) => ({ meta: { AttributeType: 20 }, row: { [name]: "account" } }),
];

/** Metadata (client API collection), Web API row and the column list for a row of `count` columns. */
export function syntheticRecord(count) {
    const attributes = [{ LogicalName: "name", AttributeType: 14 }];
    const row = { name: "Contoso Ltd", _transactioncurrencyid_value: CURRENCY_ID };
    row[`_transactioncurrencyid_value${FORMATTED}`] = "Euro";
    const names = [];
    for (let index = 0; index < count; index += 1) {
        const name = `new_column${String(index).padStart(4, "0")}`;
        const column = COLUMN_KINDS[index % COLUMN_KINDS.length](name);
        attributes.push({ LogicalName: name, IsValidForRead: true, ...column.meta });
        Object.assign(row, column.row);
        names.push(name);
    }
    const byName = new Map(attributes.map((attribute) => [attribute.LogicalName, attribute]));
    const metadata = {
        getEntityMetadata: (table, wanted) => {
            const selected = (wanted ?? []).map((name) => byName.get(name)).filter(Boolean);
            return Promise.resolve({
                LogicalName: table,
                PrimaryIdAttribute: "accountid",
                PrimaryNameAttribute: "name",
                EntitySetName: "accounts",
                Attributes: { getAll: () => selected },
            });
        },
    };
    const records = {
        retrieveRecord: (table) => Promise.resolve(table === "transactioncurrency" ? { isocurrencycode: "EUR" } : row),
    };
    return { sources: { records, metadata, userTimeZoneOffsetMinutes: () => 60 }, names };
}

/** @returns {Promise<Record<string, number[]>>} payload.<columns>: ms per payload */
export async function measurePayload({ log }) {
    log("compiling the payload modules and timing them …");
    const compiled = compile();
    try {
        const figures = {};
        for (const count of SIZES) {
            const { sources, names } = syntheticRecord(count);
            const reader = compiled.reader.createRecordReader(sources);
            const selection = { kind: "list", names };
            const once = async () => {
                const read = await reader.read("account", RECORD_ID, selection);
                if (!read.ok) throw new Error(`The reader refused the synthetic record: ${read.reason.key}`);
                const payload = compiled.builder.buildPayload({
                    correlationId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
                    triggeredAt: new Date(),
                    record: read.record,
                    caller: { userId: "b05ec7ce-5d51-df11-97e0-00155db232d0", name: "Adele Vance", languageId: 1033 },
                });
                const body = JSON.stringify(payload);
                if (Object.keys(payload.record.fields).length !== count) throw new Error("columns went missing");
                return body;
            };
            for (let index = 0; index < WARM_UP; index += 1) await once();
            const samples = [];
            for (let index = 0; index < SAMPLES; index += 1) {
                const started = performance.now();
                await once();
                samples.push(performance.now() - started);
            }
            figures[`payload.${count}`] = samples;
        }
        return figures;
    } finally {
        fs.rmSync(compiled.outDir, { recursive: true, force: true });
    }
}
