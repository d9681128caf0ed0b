import { toPayloadFields, type FieldValueOptions } from "../../../FlowTriggerControl/payload/fieldValues";
import { normalizeEntityMetadata } from "../../../FlowTriggerControl/payload/metadata";
import type { ColumnInfo } from "../../../FlowTriggerControl/payload/payload.types";
import { FORMATTED } from "../../support/odata";
import {
    ACCOUNT_ID,
    accountMetadata,
    accountRow,
    CONTACT_ID,
    contactMetadataWebApiShape,
    contactRow,
    CURRENCY_ID,
    emailMetadata,
    TEAM_ID,
} from "./fixtures";

const berlin: FieldValueOptions = { userTimeZoneOffsetMinutes: () => 60 };
const accountColumns = normalizeEntityMetadata(accountMetadata()).columns;
const fields = toPayloadFields(accountRow(), accountColumns, { ...berlin, currencyCodes: { [CURRENCY_ID]: "EUR" } });

function only(name: string, row: Record<string, unknown>, options: FieldValueOptions = berlin): unknown {
    const column = accountColumns.find((c) => c.logicalName === name)!;
    return toPayloadFields(row, [column], options)[name];
}

describe("toPayloadFields: one shape per column type", () => {
    it("text, memo, email, phone, url and ticker columns are strings", () => {
        expect(fields.name).toBe("Contoso Ltd");
        expect(fields.emailaddress1).toBe("info@contoso.example");
        expect(fields.telephone1).toBe("+49 30 1234567");
        expect(fields.websiteurl).toBe("https://contoso.example");
        expect(fields.tickersymbol).toBe("CTSO");
        expect(only("description", { description: "Long\ntext" })).toBe("Long\ntext");
    });

    it("whole number, decimal and float columns are numbers", () => {
        expect(fields.numberofemployees).toBe(250);
        expect(fields.exchangerate).toBe(1.068);
        expect(fields.address1_latitude).toBe(52.520008);
    });

    it("big integers are numbers when safe and digit strings beyond 2^53", () => {
        expect(fields.versionnumber).toBe(8412345);
        expect(fields.new_bignumber).toBe("9007199254740992");
        expect(only("new_bignumber", { new_bignumber: "123456789012345678901" })).toBe("123456789012345678901");
        expect(only("new_bignumber", { new_bignumber: "42" })).toBe(42);
    });

    it("money carries its value and the record's transaction currency (id, ISO code, name)", () => {
        expect(fields.revenue).toEqual({ value: 12500.5, currency: { id: CURRENCY_ID, code: "EUR", name: "Euro" } });
    });

    it("money without a looked-up code leaves the code out; base-currency columns have no currency", () => {
        expect(only("revenue", accountRow())).toEqual({ value: 12500.5, currency: { id: CURRENCY_ID, name: "Euro" } });
        expect(fields.revenue_base).toEqual({ value: 13350.53, currency: null });
        expect(only("revenue", { revenue: 3 })).toEqual({ value: 3, currency: null });
    });

    it("yes/no columns are { value, label } with the formatted label", () => {
        expect(fields.donotemail).toEqual({ value: true, label: "Do Not Allow" });
    });

    it("yes/no labels fall back to the metadata options, then to the value", () => {
        expect(only("donotemail", { donotemail: false })).toEqual({ value: false, label: "Allow" });
        const bare: ColumnInfo = { logicalName: "flag", type: "boolean" };
        expect(toPayloadFields({ flag: true }, [bare], berlin).flag).toEqual({ value: true, label: "true" });
    });

    it("choice, state and status columns are { value, label }", () => {
        expect(fields.industrycode).toEqual({ value: 1, label: "Accounting" });
        expect(fields.statecode).toEqual({ value: 0, label: "Active" });
        expect(fields.statuscode).toEqual({ value: 1, label: "Active" });
        expect(only("industrycode", { industrycode: 3 })).toEqual({ value: 3, label: "Broadcasting" });
    });

    it("multi-select choices are an array of { value, label }", () => {
        expect(fields.new_regions).toEqual([
            { value: 100000000, label: "North" },
            { value: 100000002, label: "South" },
        ]);
    });

    it("multi-select labels come from the formatted value when metadata has none and the count matches", () => {
        const column: ColumnInfo = { logicalName: "tags", type: "multichoice" };
        const row = { tags: "1,2", [`tags${FORMATTED}`]: "Red; Blue" };
        expect(toPayloadFields(row, [column], berlin).tags).toEqual([
            { value: 1, label: "Red" },
            { value: 2, label: "Blue" },
        ]);
        const mismatch = { tags: "1,2", [`tags${FORMATTED}`]: "Red; Blue; Extra" };
        expect(toPayloadFields(mismatch, [column], berlin).tags).toEqual([
            { value: 1, label: "1" },
            { value: 2, label: "2" },
        ]);
    });

    it("lookups are { id, table, name } read from _x_value and its annotations, ids lower-case", () => {
        expect(fields.primarycontactid).toEqual({ id: CONTACT_ID, table: "contact", name: "Adele Vance" });
        expect(fields.parentaccountid).toBeNull();
    });

    it("owner lookups take the table from the annotation (team or user)", () => {
        expect(fields.ownerid).toEqual({ id: TEAM_ID, table: "team", name: "Sales Team" });
    });

    it("customer lookups point to whichever table the annotation names", () => {
        const columns = normalizeEntityMetadata(contactMetadataWebApiShape()).columns;
        const contact = toPayloadFields(contactRow(), columns, berlin);
        expect(contact.parentcustomerid).toEqual({ id: ACCOUNT_ID, table: "account", name: "Contoso Ltd" });
    });

    it("polymorphic regarding without an annotation has table null; single-target lookups use their target", () => {
        const columns = normalizeEntityMetadata(emailMetadata()).columns;
        const email = toPayloadFields({ _regardingobjectid_value: ACCOUNT_ID }, columns, berlin);
        expect(email.regardingobjectid).toEqual({ id: ACCOUNT_ID, table: null, name: null });
        expect(only("primarycontactid", { _primarycontactid_value: CONTACT_ID })).toEqual({
            id: CONTACT_ID,
            table: "contact",
            name: null,
        });
    });

    it("date-and-time (UserLocal) is a UTC ISO string without milliseconds", () => {
        expect(fields.createdon).toBe("2026-11-26T10:15:30Z");
        expect(only("createdon", { createdon: "2026-11-26T11:15:30.000+01:00" })).toBe("2026-11-26T10:15:30Z");
    });

    it("time-zone independent date-and-time keeps its wall-clock value", () => {
        expect(fields.new_meetingtime).toBe("2026-11-26T09:00:00Z");
    });

    it("date-only (DateOnly behaviour) is yyyy-mm-dd exactly as stored, whatever the user's zone", () => {
        expect(fields.new_contractdate).toBe("2026-11-26");
        const farWest: FieldValueOptions = { userTimeZoneOffsetMinutes: () => -600 };
        expect(only("new_contractdate", { new_contractdate: "2026-11-26" }, farWest)).toBe("2026-11-26");
        expect(only("new_contractdate", { new_contractdate: "2026-11-26T00:00:00Z" }, farWest)).toBe("2026-11-26");
    });

    it("date-only with UserLocal behaviour is shifted into the user's zone, where a naive UTC read would give the day before", () => {
        expect(fields.new_foundedon).toBe("2026-11-26");
        expect(new Date("2026-11-25T23:00:00Z").toISOString().slice(0, 10)).toBe("2026-11-25");
        // A user in New York (UTC-5) who typed 26 Nov is stored as 05:00 UTC the same day.
        const newYork: FieldValueOptions = { userTimeZoneOffsetMinutes: () => -300 };
        expect(only("new_foundedon", { new_foundedon: "2026-11-26T05:00:00Z" }, newYork)).toBe("2026-11-26");
    });

    it("asks the time-zone function about the stored instant (daylight saving)", () => {
        const asked: string[] = [];
        const options: FieldValueOptions = {
            userTimeZoneOffsetMinutes: (instant) => {
                asked.push(instant.toISOString());
                return 120;
            },
        };
        expect(only("new_foundedon", { new_foundedon: "2026-06-30T22:00:00Z" }, options)).toBe("2026-07-01");
        expect(asked).toEqual(["2026-06-30T22:00:00.000Z"]);
    });

    it("never reads the browser's local time (so the browser's zone can't shift a date)", () => {
        const localGetters = [
            "getFullYear",
            "getMonth",
            "getDate",
            "getHours",
            "getMinutes",
            "getTimezoneOffset",
            "toDateString",
            "toLocaleDateString",
        ] as const;
        const spies = localGetters.map((name) =>
            jest.spyOn(Date.prototype, name).mockImplementation(() => {
                throw new Error(`local-time ${name} used`);
            }),
        );
        try {
            expect(toPayloadFields(accountRow(), accountColumns, berlin).new_foundedon).toBe("2026-11-26");
            expect(only("new_contractdate", { new_contractdate: "2026-11-26T00:00:00Z" })).toBe("2026-11-26");
            expect(only("createdon", { createdon: "2026-11-26T00:30:00Z" })).toBe("2026-11-26T00:30:00Z");
        } finally {
            spies.forEach((spy) => spy.mockRestore());
        }
    });

    it("unique identifiers are lower-case GUIDs without braces", () => {
        expect(fields.new_externalkey).toBe("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        expect(fields.accountid).toBe(ACCOUNT_ID);
    });

    it("entity name columns are strings", () => {
        expect(fields.new_targettable).toBe("contact");
    });

    it("image, file, managed property and party list columns are left out", () => {
        expect(fields).not.toHaveProperty("entityimage");
        expect(fields).not.toHaveProperty("new_contract");
        expect(fields).not.toHaveProperty("new_managed");
        const email = toPayloadFields(
            { subject: "Hi", to: [] },
            normalizeEntityMetadata(emailMetadata()).columns,
            berlin,
        );
        expect(Object.keys(email)).toEqual(["subject", "regardingobjectid"]);
    });

    it("unknown types are sent as text when primitive and left out otherwise", () => {
        expect(fields.new_future).toBe("opaque-value");
        expect(only("new_future", { new_future: 5 })).toBe("5");
        expect(only("new_future", { new_future: { nested: true } })).toBeUndefined();
        expect(
            toPayloadFields(
                { new_future: { nested: true } },
                accountColumns.filter((c) => c.logicalName === "new_future"),
                berlin,
            ),
        ).toEqual({});
    });
});

describe("toPayloadFields: empty and odd values", () => {
    it("every empty or missing column is null, never undefined", () => {
        const empty = toPayloadFields({}, accountColumns, berlin);
        const sent = accountColumns.filter((c) => !["image", "file", "unsupported", "partylist"].includes(c.type));
        expect(Object.keys(empty).sort()).toEqual(sent.map((c) => c.logicalName).sort());
        for (const value of Object.values(empty)) expect(value).toBeNull();
    });

    it("values that don't fit their column type are null", () => {
        const odd = {
            numberofemployees: 2.5,
            revenue: "lots",
            donotemail: "maybe",
            industrycode: "x",
            new_regions: ",,",
            createdon: "not a date",
            new_contractdate: 20261126,
            _primarycontactid_value: "not-a-guid",
            exchangerate: Infinity,
        };
        const columns = accountColumns.filter(
            (c) => Object.keys(odd).includes(c.logicalName) || c.logicalName === "primarycontactid",
        );
        const result = toPayloadFields(odd, columns, berlin);
        for (const value of Object.values(result)) expect(value).toBeNull();
        expect(Object.keys(result)).toHaveLength(9);
    });

    it("negative zero becomes 0 so the payload survives a JSON round trip", () => {
        expect(Object.is(only("exchangerate", { exchangerate: -0 }), 0)).toBe(true);
    });

    // Found by the payload round-trip property: a bigint column holding -0 (JSON.stringify(-0) is "0").
    it.each<[ColumnInfo["type"], unknown]>([
        ["integer", -0],
        ["integer", "-0"],
        ["bigint", -0],
        ["bigint", "-0"],
        ["bigint", " -0 "],
        ["decimal", -0],
        ["decimal", "-0.0"],
        ["double", "-0e5"],
        ["money", -0],
        ["choice", -0],
        ["multichoice", "-0"],
    ])("a %s column never carries -0 (raw %j)", (type, raw) => {
        const column: ColumnInfo = { logicalName: "amount", type, options: [] };
        const payload = toPayloadFields({ amount: raw }, [column], berlin);
        const text = JSON.stringify(payload);
        expect(JSON.parse(text)).toEqual(payload);
        expect(text).not.toContain("-0");
        const numbers: number[] = [];
        JSON.stringify(payload, (_key, value: unknown) => {
            if (typeof value === "number") numbers.push(value);
            return value;
        });
        expect(numbers.length).toBeGreaterThan(0);
        for (const n of numbers) expect(Object.is(n, -0)).toBe(false);
    });

    it("reads only the row's own properties: columns named like Object.prototype members are empty, not inherited", () => {
        const columns: ColumnInfo[] = ["constructor", "tostring", "__proto__", "hasownproperty"].map((name) => ({
            logicalName: name,
            type: "unknown",
        }));
        const inherited = toPayloadFields(
            Object.create({ constructor: "inherited" }) as Record<string, unknown>,
            columns,
            berlin,
        );
        expect(inherited).toEqual(
            JSON.parse('{"constructor":null,"tostring":null,"__proto__":null,"hasownproperty":null}'),
        );
        expect(Object.keys(inherited).sort()).toEqual(["__proto__", "constructor", "hasownproperty", "tostring"]);
    });

    it("keys the fields by logical name only, and a column named __proto__ stays a plain key", () => {
        const column: ColumnInfo = { logicalName: "__proto__", type: "string" };
        const result = toPayloadFields({ ["__proto__"]: "x" }, [column], berlin);
        expect(Object.keys(result)).toEqual(["__proto__"]);
        expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse('{"__proto__":"x"}'));
    });
});
