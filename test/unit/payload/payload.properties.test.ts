import fc from "fast-check";
import { parseFieldList } from "../../../FlowTriggerControl/payload/fieldListSpec";
import { isSentToFlow, toPayloadFields } from "../../../FlowTriggerControl/payload/fieldValues";
import { normalizeEntityMetadata } from "../../../FlowTriggerControl/payload/metadata";
import { buildPayload } from "../../../FlowTriggerControl/payload/payloadBuilder";
import { buildPayloadSchema } from "../../../FlowTriggerControl/payload/payloadSchema";
import type { ColumnInfo, ColumnType, DateBehavior } from "../../../FlowTriggerControl/payload/payload.types";
import type { RecordReaderSources } from "../../../FlowTriggerControl/payload/recordReader";
import { ACCOUNT_ID, accountAttributes, accountMetadata, accountRow, readRecord } from "./fixtures";
import { FORMATTED, LOOKUP } from "../../support/odata";
import { validateAgainst } from "./schemaSubset";

const LOWER_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RUNS = { numRuns: 300 };

const ALL_TYPES: ColumnType[] = [
    "string",
    "memo",
    "integer",
    "bigint",
    "decimal",
    "double",
    "money",
    "boolean",
    "choice",
    "multichoice",
    "lookup",
    "datetime",
    "dateonly",
    "uniqueidentifier",
    "entityname",
    "image",
    "file",
    "partylist",
    "unsupported",
    "unknown",
];

/** GUIDs as hosts hand them out: any case, sometimes braced. */
const guidAsGiven = fc.tuple(fc.uuid(), fc.boolean(), fc.boolean()).map(([id, upper, braces]) => {
    const text = upper ? id.toUpperCase() : id;
    return braces ? `{${text}}` : text;
});

const isoInstant = fc
    .date({ min: new Date("1753-01-01T00:00:00Z"), max: new Date("9999-12-30T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().replace(/\.\d{3}Z$/, "Z"));
const isoDate = isoInstant.map((text) => text.slice(0, 10));
/** Text as hosts may hand it over: any UTF-16, lone surrogates included. */
const anyText = fc.string({ unit: "binary" });
/** Numbers JSON can't carry as they are: -0 reads back as 0, NaN and ±Infinity become null. */
const nonJsonNumber = fc.constantFrom(-0, NaN, Infinity, -Infinity, "-0", "-0.0");
const junk = fc.oneof(anyText, fc.integer(), fc.boolean(), fc.constant(null), fc.double(), nonJsonNumber);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const columnArb: fc.Arbitrary<ColumnInfo> = fc.record({
    // Object.prototype member names too: the payload must keep them as plain keys.
    logicalName: fc.oneof(
        { weight: 5, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/) },
        fc.constantFrom("__proto__", "constructor", "tostring", "valueof", "hasownproperty"),
    ),
    type: fc.constantFrom(...ALL_TYPES),
    dateBehavior: fc.constantFrom<DateBehavior>("UserLocal", "DateOnly", "TimeZoneIndependent"),
    options: fc.array(fc.record({ value: fc.integer({ min: -1, max: 100000010 }), label: anyText }), {
        maxLength: 4,
    }),
    targets: fc.array(fc.constantFrom("account", "contact", "team", "systemuser"), { maxLength: 3 }),
});

/** A Web API value (plus annotations) for one column, realistic or odd. */
function rawFor(column: ColumnInfo): fc.Arbitrary<Record<string, unknown>> {
    const name = column.logicalName;
    const withFormatted = (value: fc.Arbitrary<unknown>, property = name) =>
        fc
            .tuple(value, maybe(anyText))
            .map(([v, text]) => ({ [property]: v, ...(text === undefined ? {} : { [property + FORMATTED]: text }) }));
    switch (column.type) {
        case "integer":
            return withFormatted(fc.oneof(fc.integer(), junk));
        case "bigint":
            return withFormatted(
                fc.oneof(
                    fc.maxSafeInteger(),
                    fc.bigInt({ min: BigInt("-9223372036854775808"), max: BigInt("9223372036854775807") }).map(String),
                    fc.double(),
                    junk,
                ),
            );
        case "decimal":
        case "double":
            return withFormatted(fc.oneof(fc.double(), fc.double().map(String), junk));
        case "money":
            return fc
                .tuple(
                    withFormatted(fc.oneof(fc.double(), junk)),
                    fc.option(guidAsGiven, { nil: null }),
                    maybe(anyText),
                )
                .map(([value, currency, currencyName]) => ({
                    ...value,
                    _transactioncurrencyid_value: currency,
                    ...(currencyName === undefined
                        ? {}
                        : { [`_transactioncurrencyid_value${FORMATTED}`]: currencyName }),
                }));
        case "boolean":
            return withFormatted(fc.oneof(fc.boolean(), fc.constantFrom(0, 1), junk));
        case "choice":
            return withFormatted(fc.oneof(fc.integer({ min: 0, max: 100000010 }), junk));
        case "multichoice":
            return withFormatted(
                fc.oneof(
                    fc.array(fc.integer({ min: 0, max: 100000010 }), { maxLength: 5 }).map((v) => v.join(",")),
                    junk,
                ),
            );
        case "lookup": {
            const property = `_${name}_value`;
            return fc
                .tuple(
                    fc.oneof(guidAsGiven, junk),
                    maybe(fc.constantFrom("account", "contact", "Team")),
                    maybe(anyText),
                )
                .map(([id, table, text]) => ({
                    [property]: id,
                    ...(table === undefined ? {} : { [property + LOOKUP]: table }),
                    ...(text === undefined ? {} : { [property + FORMATTED]: text }),
                }));
        }
        case "datetime":
        case "dateonly":
            return withFormatted(fc.oneof(isoInstant, isoDate, junk));
        case "uniqueidentifier":
            return withFormatted(fc.oneof(guidAsGiven, junk));
        default:
            return withFormatted(fc.oneof(junk, fc.object(), fc.array(fc.anything())));
    }
}

const scenario = fc.uniqueArray(columnArb, { selector: (c) => c.logicalName, maxLength: 12 }).chain((columns) =>
    fc.record({
        columns: fc.constant(columns),
        row: fc.tuple(...columns.map(rawFor)).map(asWebApiRow),
        offset: fc.integer({ min: -720, max: 840 }),
        recordId: guidAsGiven,
        correlationId: guidAsGiven,
        userId: guidAsGiven,
        at: fc.date({
            min: new Date("2000-01-01T00:00:00Z"),
            max: new Date("2100-01-01T00:00:00Z"),
            noInvalidDate: true,
        }),
        currencyCode: maybe(fc.constantFrom("EUR", "USD", "JPY")),
    }),
);

function build(s: {
    columns: ColumnInfo[];
    row: Record<string, unknown>;
    offset: number;
    recordId: string;
    correlationId: string;
    userId: string;
    at: Date;
    currencyCode?: string;
}) {
    const currency =
        typeof s.row._transactioncurrencyid_value === "string"
            ? s.row._transactioncurrencyid_value.replace(/[{}]/g, "").toLowerCase()
            : "";
    const fields = toPayloadFields(s.row, s.columns, {
        userTimeZoneOffsetMinutes: () => s.offset,
        currencyCodes: s.currencyCode ? { [currency]: s.currencyCode } : {},
    });
    const payload = buildPayload({
        correlationId: s.correlationId,
        triggeredAt: s.at,
        record: { table: "account", id: s.recordId, primaryName: null, fields },
        caller: { userId: s.userId, name: "Adele", languageId: 1033 },
    });
    return { fields, payload };
}

/** What JSON.parse makes of the Web API's answer: every property an own data property, "__proto__" included. */
function asWebApiRow(parts: Record<string, unknown>[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (const part of parts) {
        for (const [key, value] of Object.entries(part)) {
            Object.defineProperty(row, key, { value, enumerable: true, writable: true, configurable: true });
        }
    }
    return row;
}

function own(object: Record<string, unknown>, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** The request body as the browser sends it: JSON text encoded as UTF-8. */
function overTheWire(value: unknown): unknown {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
}

function containsUndefined(value: unknown): boolean {
    if (value === undefined) return true;
    if (Array.isArray(value)) return value.some(containsUndefined);
    if (typeof value === "object" && value !== null) return Object.values(value).some(containsUndefined);
    return false;
}

/** Anything, with prototype-member keys, null prototypes and non-JSON numbers among it. */
const oddJson = fc.anything({
    key: fc.oneof(anyText, fc.constantFrom("__proto__", "constructor", "Attributes", "LogicalName")),
    withNullPrototype: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
});

describe("payload properties (fast-check)", () => {
    it("is always JSON-serialisable and survives a round trip unchanged, with no undefined anywhere", () => {
        fc.assert(
            fc.property(scenario, (s) => {
                const { payload } = build(s);
                expect(containsUndefined(payload)).toBe(false);
                // toEqual tells -0 from 0, and NaN or Infinity would come back as null.
                expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
                expect(overTheWire(payload)).toEqual(payload);
            }),
            RUNS,
        );
    });

    it("every field validates against the generated schema", () => {
        fc.assert(
            fc.property(scenario, (s) => {
                const { payload } = build(s);
                expect(validateAgainst(buildPayloadSchema(s.columns), JSON.parse(JSON.stringify(payload)))).toEqual([]);
            }),
            RUNS,
        );
    });

    it("dates are UTC ISO strings and date-only values yyyy-mm-dd", () => {
        fc.assert(
            fc.property(scenario, (s) => {
                const { fields } = build(s);
                for (const column of s.columns) {
                    const value = own(fields, column.logicalName);
                    if (value === null) continue;
                    if (column.type === "datetime") expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
                    if (column.type === "dateonly") expect(value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
                }
            }),
            RUNS,
        );
    });

    it("ids are always lower-case GUIDs without braces", () => {
        fc.assert(
            fc.property(scenario, (s) => {
                const { payload } = build(s);
                expect(payload.record.id).toMatch(LOWER_GUID);
                expect(payload.correlationId).toMatch(LOWER_GUID);
                expect(payload.caller.userId).toMatch(LOWER_GUID);
                for (const column of s.columns) {
                    const value = own(payload.record.fields, column.logicalName) as Record<string, unknown> | null;
                    if (column.type === "lookup" && value) expect(value.id).toMatch(LOWER_GUID);
                    const currency =
                        column.type === "money" && value ? (value.currency as { id: string } | null) : null;
                    if (currency) expect(currency.id).toMatch(LOWER_GUID);
                }
            }),
            RUNS,
        );
    });

    it("has exactly one key per sendable column and none for the others", () => {
        fc.assert(
            fc.property(scenario, (s) => {
                const { fields } = build(s);
                const sendable = s.columns.filter(isSentToFlow).map((c) => c.logicalName);
                for (const name of Object.keys(fields)) expect(sendable).toContain(name);
                const missing = sendable.filter((name) => !Object.prototype.hasOwnProperty.call(fields, name));
                // Only an unknown type with a non-primitive value may be left out.
                for (const name of missing) expect(s.columns.find((c) => c.logicalName === name)?.type).toBe("unknown");
            }),
            RUNS,
        );
    });

    it("metadata normalisation never throws and never invents columns", () => {
        fc.assert(
            fc.property(oddJson, fc.array(oddJson, { maxLength: 5 }), (raw, attributes) => {
                const meta = normalizeEntityMetadata(raw);
                expect(Array.isArray(meta.columns)).toBe(true);
                const fromArray = normalizeEntityMetadata({ Attributes: attributes });
                expect(fromArray.columns.length).toBeLessThanOrEqual(attributes.length);
            }),
            RUNS,
        );
    });

    it("field list parsing never throws", () => {
        fc.assert(
            fc.property(anyText, (spec) => {
                const result = parseFieldList(spec);
                expect(typeof result.ok).toBe("boolean");
            }),
            RUNS,
        );
    });
});

describe("record reader selection property", () => {
    const selectable = normalizeEntityMetadata(accountMetadata())
        .columns.filter((c) => isSentToFlow(c) && c.isValidForRead !== false)
        .map((c) => c.logicalName);

    it("never puts anything in the fields that wasn't selected, and always everything that was", async () => {
        expect(selectable.length).toBeGreaterThan(20);
        expect(accountAttributes.length).toBeGreaterThan(selectable.length);
        await fc.assert(
            fc.asyncProperty(fc.subarray(selectable), async (names) => {
                const options: (string | undefined)[] = [];
                const sources: RecordReaderSources = {
                    records: {
                        retrieveRecord: (table, _id, option) => {
                            if (table !== "account") return Promise.resolve({ isocurrencycode: "EUR" });
                            options.push(option);
                            return Promise.resolve(accountRow());
                        },
                    },
                    metadata: { getEntityMetadata: (_table, attrs) => Promise.resolve(accountMetadata(attrs)) },
                    userTimeZoneOffsetMinutes: () => 0,
                };
                const result = await readRecord("account", ACCOUNT_ID, { kind: "list", names }, sources);
                if (!result.ok) throw new Error(JSON.stringify(result.reason));
                expect(Object.keys(result.value.fields).sort()).toEqual([...names].sort());
                const selected = (options[0] ?? "").replace("?$select=", "").split(",");
                const expected = [
                    "name",
                    ...names.map((n) =>
                        selectable.includes(n) &&
                        ["primarycontactid", "parentaccountid", "ownerid", "transactioncurrencyid"].includes(n)
                            ? `_${n}_value`
                            : n,
                    ),
                ];
                expect(new Set(selected)).toEqual(new Set(expected));
            }),
            { numRuns: 150 },
        );
    });
});
