import { createRecordReader, type RecordReaderSources } from "../../../FlowTriggerControl/payload/recordReader";
import type { FieldSelection } from "../../../FlowTriggerControl/payload/payload.types";
import {
    ACCOUNT_ID,
    accountMetadata,
    accountRow,
    CONTACT_ID,
    CURRENCY_ID,
    documentedShape,
    readRecord,
} from "./fixtures";

type RetrieveCall = [table: string, id: string, options: string | undefined];

/**
 * A fake context.webAPI + context.utils that behaves like Dataverse for `$select`: only the selected
 * properties (and their annotations), the primary key, the etag, and the currency with money columns.
 */
function fakeHost(
    overrides: Partial<{ retrieve: (call: RetrieveCall) => unknown; metadata: (names?: string[]) => unknown }> = {},
) {
    const retrieveCalls: RetrieveCall[] = [];
    const metadataCalls: (string[] | undefined)[] = [];
    const sources: RecordReaderSources = {
        records: {
            retrieveRecord: (table, id, ...rest: [string?]) =>
                new Promise<Record<string, unknown>>((resolve) => resolve(answer([table, id, rest[0]]))),
        },
        metadata: {
            getEntityMetadata: (_table, names) =>
                new Promise((resolve) => {
                    metadataCalls.push(names);
                    resolve(overrides.metadata ? overrides.metadata(names) : accountMetadata(names));
                }),
        },
        userTimeZoneOffsetMinutes: () => 60,
    };

    function answer([table, id, options]: RetrieveCall): Record<string, unknown> {
        retrieveCalls.push([table, id, options]);
        if (overrides.retrieve) return overrides.retrieve([table, id, options]) as Record<string, unknown>;
        if (table === "transactioncurrency") return { isocurrencycode: "EUR", transactioncurrencyid: id };
        const row = accountRow();
        if (options === undefined) return row;
        const selected = /^\?\$select=(.+)$/.exec(options)?.[1].split(",") ?? [];
        const result: Record<string, unknown> = { "@odata.etag": row["@odata.etag"], accountid: row.accountid };
        const include = (property: string) => {
            for (const key of Object.keys(row)) {
                if (key === property || key.startsWith(property + "@")) result[key] = row[key];
            }
            result[property] ??= null;
        };
        selected.forEach(include);
        if (selected.some((p) => p === "revenue" || p === "revenue_base")) include("_transactioncurrencyid_value");
        return result;
    }
    return { sources, retrieveCalls, metadataCalls };
}

const list = (...names: string[]): FieldSelection => ({ kind: "list", names });

describe("readRecord with a list of columns", () => {
    it("asks metadata for the listed columns, then $selects exactly them plus the primary name", async () => {
        const host = fakeHost();
        const selection = list(
            "revenue",
            "primarycontactid",
            "industrycode",
            "new_regions",
            "createdon",
            "new_contractdate",
            "donotemail",
        );
        const result = await readRecord("account", ACCOUNT_ID, selection, host.sources);

        expect(host.metadataCalls).toEqual([
            [
                "revenue",
                "primarycontactid",
                "industrycode",
                "new_regions",
                "createdon",
                "new_contractdate",
                "donotemail",
            ],
        ]);
        expect(host.retrieveCalls[0]).toEqual([
            "account",
            ACCOUNT_ID,
            "?$select=name,revenue,_primarycontactid_value,industrycode,new_regions,createdon,new_contractdate,donotemail",
        ]);
        expect(host.retrieveCalls[1]).toEqual(["transactioncurrency", CURRENCY_ID, "?$select=isocurrencycode"]);
        expect(result).toEqual({
            ok: true,
            value: {
                table: "account",
                id: ACCOUNT_ID,
                primaryName: "Contoso Ltd",
                fields: {
                    revenue: { value: 12500.5, currency: { id: CURRENCY_ID, code: "EUR", name: "Euro" } },
                    primarycontactid: { id: CONTACT_ID, table: "contact", name: "Adele Vance" },
                    industrycode: { value: 1, label: "Accounting" },
                    new_regions: [
                        { value: 100000000, label: "North" },
                        { value: 100000002, label: "South" },
                    ],
                    createdon: "2026-11-26T10:15:30Z",
                    new_contractdate: "2026-11-26",
                    donotemail: { value: true, label: "Do Not Allow" },
                },
            },
        });
    });

    it("accepts names as makers type them (case, spaces, _x_value) and selects each once", async () => {
        const host = fakeHost();
        const result = await readRecord(
            "Account",
            `{${ACCOUNT_ID.toUpperCase()}}`,
            list(" Name", "_primarycontactid_value", "primarycontactid"),
            host.sources,
        );
        expect(host.retrieveCalls).toEqual([["account", ACCOUNT_ID, "?$select=name,_primarycontactid_value"]]);
        expect(result.ok && Object.keys(result.value.fields)).toEqual(["name", "primarycontactid"]);
    });

    it("names unknown columns in the error and reads nothing", async () => {
        const host = fakeHost();
        const result = await readRecord(
            "account",
            ACCOUNT_ID,
            list("name", "nonexistent", "bad-name;drop"),
            host.sources,
        );
        expect(result).toEqual({
            ok: false,
            reason: { key: "Error_Payload_UnknownColumn", args: ["account", "bad-name;drop, nonexistent"] },
        });
        expect(host.retrieveCalls).toEqual([]);
        expect(host.metadataCalls).toEqual([["name", "nonexistent"]]);
    });

    it("rejects image, file, unreadable and unsupported columns by name", async () => {
        const host = fakeHost();
        const result = await readRecord(
            "account",
            ACCOUNT_ID,
            list("name", "entityimage", "new_contract", "new_secret", "new_managed"),
            host.sources,
        );
        expect(result).toEqual({
            ok: false,
            reason: {
                key: "Error_Payload_UnsupportedColumn",
                args: ["entityimage, new_contract, new_secret, new_managed"],
            },
        });
        expect(host.retrieveCalls).toEqual([]);
    });

    it("shifts UserLocal date-only values with the injected user time zone", async () => {
        const host = fakeHost();
        const result = await readRecord("account", ACCOUNT_ID, list("new_foundedon"), host.sources);
        expect(result.ok && result.value.fields.new_foundedon).toBe("2026-11-26");
    });

    it("falls back to the browser's zone when no user time zone is injected", async () => {
        // A browser in Berlin: getTimezoneOffset is -60 there.
        const zone = jest.spyOn(Date.prototype, "getTimezoneOffset").mockReturnValue(-60);
        try {
            const host = fakeHost();
            const { userTimeZoneOffsetMinutes: _unused, ...withoutZone } = host.sources;
            const result = await readRecord("account", ACCOUNT_ID, list("new_foundedon"), withoutZone);
            expect(result.ok && result.value.fields.new_foundedon).toBe("2026-11-26");
            expect(zone).toHaveBeenCalled();
        } finally {
            zone.mockRestore();
        }
    });

    it("keeps money usable without the ISO code when the currency can't be read", async () => {
        const host = fakeHost();
        const plain = host.sources.records.retrieveRecord;
        const sources: RecordReaderSources = {
            ...host.sources,
            records: {
                retrieveRecord: (table, id, options) =>
                    table === "transactioncurrency"
                        ? Promise.reject(new Error("no read on currency"))
                        : plain(table, id, options),
            },
        };
        const result = await readRecord("account", ACCOUNT_ID, list("revenue", "revenue_base"), sources);
        expect(result.ok && result.value.fields).toEqual({
            revenue: { value: 12500.5, currency: { id: CURRENCY_ID, name: "Euro" } },
            revenue_base: { value: 13350.53, currency: null },
        });
    });
});

describe("unsendableColumns: image and file columns found on load", () => {
    it("names the listed columns a flow can never receive, from the metadata the click then reuses", async () => {
        const host = fakeHost();
        const reader = createRecordReader(host.sources);
        const names = ["name", "EntityImage", "new_contract", "nosuchcolumn", "revenue"];
        expect(await reader.unsendableColumns("Account", names)).toEqual(["entityimage", "new_contract"]);
        expect(host.retrieveCalls).toEqual([]);
        expect(host.metadataCalls).toHaveLength(1);
        await reader.read("account", ACCOUNT_ID, list("name", "revenue"));
        expect(host.metadataCalls).toHaveLength(1);
    });

    it("finds nothing to report for sendable columns, an empty list or unreadable metadata, and never throws", async () => {
        expect(await createRecordReader(fakeHost().sources).unsendableColumns("account", ["name"])).toEqual([]);
        expect(await createRecordReader(fakeHost().sources).unsendableColumns("account", [])).toEqual([]);
        const failing = fakeHost({
            metadata: () => {
                throw new Error("offline");
            },
        });
        expect(await createRecordReader(failing.sources).unsendableColumns("account", ["entityimage"])).toEqual([]);
    });
});

describe("readRecord with all columns (*)", () => {
    it("retrieves without $select, asks metadata for the returned columns and maps _x_value back", async () => {
        const host = fakeHost();
        const result = await readRecord("account", ACCOUNT_ID, { kind: "all" }, host.sources);
        expect(host.retrieveCalls[0]).toEqual(["account", ACCOUNT_ID, undefined]);
        const asked = host.metadataCalls[0] ?? [];
        expect(asked).toContain("primarycontactid");
        expect(asked).toContain("transactioncurrencyid");
        expect(asked.some((name) => name.includes("@") || name.startsWith("_"))).toBe(false);
        if (!result.ok) throw new Error("expected ok");
        const names = Object.keys(result.value.fields);
        expect(names).toEqual(
            expect.arrayContaining(["name", "revenue", "primarycontactid", "ownerid", "new_regions", "new_foundedon"]),
        );
        expect(result.value.fields.transactioncurrencyid).toEqual({
            id: CURRENCY_ID,
            table: "transactioncurrency",
            name: "Euro",
        });
    });

    it("leaves out image and file columns, their helper columns, unreadable and unsupported ones", async () => {
        const host = fakeHost();
        const result = await readRecord("account", ACCOUNT_ID, { kind: "all" }, host.sources);
        if (!result.ok) throw new Error("expected ok");
        for (const name of ["entityimage_url", "new_contract", "new_contract_name", "new_secret", "new_managed"]) {
            expect(result.value.fields).not.toHaveProperty(name);
        }
    });

    it("leaves out returned properties the metadata doesn't know", async () => {
        const host = fakeHost({
            metadata: (names) => accountMetadata((names ?? []).filter((n) => n !== "telephone1")),
        });
        const result = await readRecord("account", ACCOUNT_ID, { kind: "all" }, host.sources);
        expect(result.ok && result.value.fields).not.toHaveProperty("telephone1");
        expect(result.ok && result.value.fields.name).toBe("Contoso Ltd");
    });
});

describe("readRecord with no columns", () => {
    it("reads only the primary name", async () => {
        const host = fakeHost();
        const result = await readRecord("account", ACCOUNT_ID, { kind: "none" }, host.sources);
        expect(host.metadataCalls).toEqual([[]]);
        expect(host.retrieveCalls).toEqual([["account", ACCOUNT_ID, "?$select=name"]]);
        expect(result).toEqual({
            ok: true,
            value: { table: "account", id: ACCOUNT_ID, primaryName: "Contoso Ltd", fields: {} },
        });
    });

    it("reads nothing when the table has no primary name column", async () => {
        const host = fakeHost({ metadata: () => ({ LogicalName: "intersect", Attributes: [] }) });
        const result = await readRecord("intersect", ACCOUNT_ID, { kind: "none" }, host.sources);
        expect(host.retrieveCalls).toEqual([]);
        expect(result).toEqual({
            ok: true,
            value: { table: "intersect", id: ACCOUNT_ID, primaryName: null, fields: {} },
        });
    });
});

describe("record reader cache", () => {
    it("asks metadata once per column and the currency code once per currency", async () => {
        const host = fakeHost();
        const reader = createRecordReader(host.sources);
        await reader.read("account", ACCOUNT_ID, list("revenue", "name"));
        await reader.read("account", ACCOUNT_ID, list("revenue", "name"));
        await reader.read("account", ACCOUNT_ID, list("revenue", "industrycode"));
        await reader.read("account", ACCOUNT_ID, { kind: "none" });
        expect(host.metadataCalls).toEqual([["revenue", "name"], ["industrycode"]]);
        expect(host.retrieveCalls.filter(([table]) => table === "transactioncurrency")).toHaveLength(1);
    });

    it("remembers columns that don't exist instead of asking again", async () => {
        const host = fakeHost();
        const reader = createRecordReader(host.sources);
        await reader.read("account", ACCOUNT_ID, list("nonexistent"));
        const again = await reader.read("account", ACCOUNT_ID, list("nonexistent"));
        expect(again.ok).toBe(false);
        expect(host.metadataCalls).toHaveLength(1);
    });
});

describe("readRecord failures never throw", () => {
    // Xrm.WebApi rejects with plain objects ({ errorCode, message }), not Error instances.
    const failWith = (error: unknown) =>
        fakeHost({
            retrieve: () => {
                throw error;
            },
        }).sources;

    it("maps a deleted record (0x80040217) and a 404", async () => {
        const notFound = { errorCode: -2147220969, message: "account With Id = 6f1c… Does Not Exist" };
        expect(await readRecord("account", ACCOUNT_ID, { kind: "none" }, failWith(notFound))).toEqual({
            ok: false,
            reason: { key: "Error_Payload_RecordNotFound" },
        });
        expect((await readRecord("account", ACCOUNT_ID, { kind: "none" }, failWith({ status: 404 }))).ok).toBe(false);
    });

    it("maps a missing privilege and keeps the platform's text", async () => {
        const denied = { code: "0x80040220", message: "Principal user (Id=b05e…) is missing prvReadAccount privilege" };
        expect(await readRecord("account", ACCOUNT_ID, { kind: "none" }, failWith(denied))).toEqual({
            ok: false,
            reason: {
                key: "Error_Payload_NoReadPrivilege",
                args: ["Principal user (Id=b05e…) is missing prvReadAccount privilege"],
            },
        });
        const secLib = { errorCode: -2147187962, message: "SecLib::AccessCheckEx failed." };
        const result = await readRecord("account", ACCOUNT_ID, { kind: "none" }, failWith(secLib));
        expect(!result.ok && result.reason.key).toBe("Error_Payload_NoReadPrivilege");
    });

    it("maps network failures", async () => {
        const result = await readRecord(
            "account",
            ACCOUNT_ID,
            { kind: "none" },
            failWith(new TypeError("Failed to fetch")),
        );
        expect(result).toEqual({ ok: false, reason: { key: "Error_Payload_Network" } });
    });

    it("passes other platform text through, without anything that looks like a token", async () => {
        const leaky = {
            errorCode: -2147204784,
            message: "Bad request: Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.sig123 at https://x/y?sig=abc&sv=1",
        };
        const result = await readRecord("account", ACCOUNT_ID, { kind: "none" }, failWith(leaky));
        expect(result.ok).toBe(false);
        const text = !result.ok ? (result.reason.args ?? []).join(" ") : "";
        expect(!result.ok && result.reason.key).toBe("Error_Payload_ReadFailed");
        expect(text).not.toMatch(/eyJ|abc/);
        expect(text).toContain("Bad request");
    });

    it("caps long platform text and falls back to the error code", async () => {
        const long = await readRecord("account", ACCOUNT_ID, { kind: "none" }, failWith({ message: "x".repeat(1000) }));
        expect(!long.ok && long.reason.args?.[0]).toHaveLength(300);
        const codeOnly = await readRecord(
            "account",
            ACCOUNT_ID,
            { kind: "none" },
            failWith({ errorCode: -2147204784 }),
        );
        expect(!codeOnly.ok && codeOnly.reason.args).toEqual(["0x80044150"]);
        const thrownString = await readRecord("account", ACCOUNT_ID, { kind: "none" }, failWith("boom"));
        expect(!thrownString.ok && thrownString.reason).toEqual({ key: "Error_Payload_ReadFailed", args: ["boom"] });
    });

    it("maps a metadata failure, rejected or thrown synchronously", async () => {
        const rejecting = fakeHost({
            metadata: () => {
                throw new Error("Entity 'acount' not found");
            },
        });
        expect(await readRecord("acount", ACCOUNT_ID, list("name"), rejecting.sources)).toEqual({
            ok: false,
            reason: { key: "Error_Payload_MetadataFailed", args: ["acount", "Entity 'acount' not found"] },
        });
        const throwing = fakeHost({
            metadata: () => {
                throw new Error("sync");
            },
        });
        const result = await readRecord("account", ACCOUNT_ID, { kind: "none" }, throwing.sources);
        expect(!result.ok && result.reason.key).toBe("Error_Payload_MetadataFailed");
    });

    it("treats a non-object answer as a read failure", async () => {
        const result = await readRecord(
            "account",
            ACCOUNT_ID,
            { kind: "none" },
            fakeHost({ retrieve: () => undefined }).sources,
        );
        expect(result).toEqual({ ok: false, reason: { key: "Error_Payload_ReadFailed", args: ["-"] } });
    });

    it("asks to save an unsaved record and rejects ids that aren't GUIDs", async () => {
        const host = fakeHost();
        expect(await readRecord("account", "", { kind: "none" }, host.sources)).toEqual({
            ok: false,
            reason: { key: "Error_Payload_RecordNotSaved" },
        });
        expect(await readRecord("account", "42", { kind: "none" }, host.sources)).toEqual({
            ok: false,
            reason: { key: "Error_Payload_InvalidRecordReference", args: ["account"] },
        });
        expect(await readRecord("acc'ount", ACCOUNT_ID, { kind: "none" }, host.sources)).toEqual({
            ok: false,
            reason: { key: "Error_Payload_InvalidRecordReference", args: ["acc'ount"] },
        });
        expect(host.retrieveCalls).toEqual([]);
        expect(host.metadataCalls).toEqual([]);
    });
});

describe("on a host that gives only the documented attribute members (the rest on attributeDescriptor)", () => {
    const documentedHost = (overrides: Parameters<typeof fakeHost>[0] = {}) =>
        fakeHost({ metadata: (names) => documentedShape(accountMetadata(names)), ...overrides });

    it("* keeps the multi-select column and leaves out image and file columns and their helper columns", async () => {
        const result = await readRecord("account", ACCOUNT_ID, { kind: "all" }, documentedHost().sources);
        if (!result.ok) throw new Error("expected ok");
        expect(result.value.fields.new_regions).toEqual([
            { value: 100000000, label: "North" },
            { value: 100000002, label: "South" },
        ]);
        for (const name of ["entityimage_url", "new_contract", "new_contract_name", "new_secret", "new_managed"]) {
            expect(result.value.fields).not.toHaveProperty(name);
        }
    });

    it("* reads the same fields as on a host that gives every member on the attribute", async () => {
        const documented = await readRecord("account", ACCOUNT_ID, { kind: "all" }, documentedHost().sources);
        const full = await readRecord("account", ACCOUNT_ID, { kind: "all" }, fakeHost().sources);
        expect(documented).toEqual(full);
    });

    it("reads a listed multi-select, lookup, money and date columns", async () => {
        const host = documentedHost();
        const selection = list("new_regions", "primarycontactid", "revenue", "new_contractdate", "createdon");
        const result = await readRecord("account", ACCOUNT_ID, selection, host.sources);
        expect(result.ok && result.value.fields).toEqual({
            new_regions: [
                { value: 100000000, label: "North" },
                { value: 100000002, label: "South" },
            ],
            primarycontactid: { id: CONTACT_ID, table: "contact", name: "Adele Vance" },
            revenue: { value: 12500.5, currency: { id: CURRENCY_ID, code: "EUR", name: "Euro" } },
            new_contractdate: "2026-11-26",
            createdon: "2026-11-26T10:15:30Z",
        });
    });

    it("takes a lookup's table from its one target when the row has no lookuplogicalname annotation", async () => {
        const host = documentedHost({
            retrieve: () => ({ name: "Contoso Ltd", _primarycontactid_value: CONTACT_ID }),
        });
        const result = await readRecord("account", ACCOUNT_ID, list("primarycontactid"), host.sources);
        expect(result.ok && result.value.fields.primarycontactid).toEqual({
            id: CONTACT_ID,
            table: "contact",
            name: null,
        });
    });

    it("rejects listed image, file and unreadable columns and names them on load", async () => {
        const host = documentedHost();
        const result = await readRecord(
            "account",
            ACCOUNT_ID,
            list("name", "entityimage", "new_contract", "new_secret"),
            host.sources,
        );
        expect(result).toEqual({
            ok: false,
            reason: { key: "Error_Payload_UnsupportedColumn", args: ["entityimage, new_contract, new_secret"] },
        });
        const reader = createRecordReader(documentedHost().sources);
        expect(
            await reader.unsendableColumns("account", ["name", "new_regions", "entityimage", "new_contract"]),
        ).toEqual(["entityimage", "new_contract"]);
    });
});
