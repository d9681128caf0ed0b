/** @jest-environment node */
import {
    BATCH_PAYLOAD_SCHEMA_VERSION,
    buildBatchPayload,
    buildBatchPayloadSchema,
    type BatchPayloadInput,
} from "../../../FlowTriggerControl/payload/batchPayload";
import { toPayloadFields } from "../../../FlowTriggerControl/payload/fieldValues";
import { normalizeEntityMetadata } from "../../../FlowTriggerControl/payload/metadata";
import { buildPayload } from "../../../FlowTriggerControl/payload/payloadBuilder";
import { buildPayloadSchema, type JsonSchema } from "../../../FlowTriggerControl/payload/payloadSchema";
import { UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import { ACCOUNT_ID, accountMetadata, accountRow, CONTACT_ID, CURRENCY_ID } from "./fixtures";
import { validateAgainst } from "./schemaSubset";

const input: BatchPayloadInput = {
    correlationId: "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
    triggeredAt: new Date(Date.UTC(2026, 10, 26, 10, 15, 30)),
    records: [
        { table: "Account", id: `{${ACCOUNT_ID.toUpperCase()}}`, primaryName: "Contoso", fields: { name: "Contoso" } },
        { table: "account", id: CONTACT_ID, primaryName: null, fields: { name: null } },
    ],
    caller: { userId: "{B05EC7CE-5D51-DF11-97E0-00155DB232D0}", name: "Adele Vance", languageId: 1031 },
};

function thrown(fn: () => unknown): UserFacingError {
    try {
        fn();
    } catch (error) {
        if (error instanceof UserFacingError) return error;
        throw error;
    }
    throw new Error("expected a UserFacingError");
}

describe("buildBatchPayload", () => {
    it("wraps each row's record part exactly as a single run builds it", () => {
        const batch = buildBatchPayload(input);
        const singles = input.records.map((record) => buildPayload({ ...input, record }));
        expect(batch).toEqual({
            schemaVersion: BATCH_PAYLOAD_SCHEMA_VERSION,
            correlationId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            triggeredAt: "2026-11-26T10:15:30.000Z",
            records: singles.map((single) => single.record),
            caller: singles[0].caller,
        });
        expect(batch.records[0]).toEqual({
            table: "account",
            id: ACCOUNT_ID,
            primaryName: "Contoso",
            fields: { name: "Contoso" },
        });
    });

    it("refuses an empty list and a bad row id like the single builder", () => {
        expect(thrown(() => buildBatchPayload({ ...input, records: [] })).code).toBe("no-records");
        const bad = thrown(() =>
            buildBatchPayload({ ...input, records: [...input.records, { ...input.records[0], id: "nope" }] }),
        );
        expect(bad.userMessage).toEqual({ key: "Error_Payload_InvalidRecordReference", args: ["account"] });
    });
});

describe("buildBatchPayloadSchema", () => {
    const columns = normalizeEntityMetadata(accountMetadata()).columns;
    const schema = buildBatchPayloadSchema(columns);

    it("uses the single payload's record schema for each item of records", () => {
        const single = buildPayloadSchema(columns).properties as Record<string, JsonSchema>;
        const properties = schema.properties as Record<string, JsonSchema>;
        expect(properties.records).toEqual({ type: "array", items: single.record });
        expect(properties.caller).toEqual(single.caller);
        expect(schema.required).toEqual(["schemaVersion", "correlationId", "triggeredAt", "records", "caller"]);
    });

    it("validates a real batch payload and refuses a single one", () => {
        const fields = toPayloadFields(accountRow(), columns, {
            userTimeZoneOffsetMinutes: () => 60,
            currencyCodes: { [CURRENCY_ID]: "EUR" },
        });
        const batch = buildBatchPayload({
            ...input,
            records: [
                { table: "account", id: ACCOUNT_ID, primaryName: "Contoso", fields },
                { table: "account", id: CONTACT_ID, primaryName: null, fields: {} },
            ],
        });
        expect(validateAgainst(schema, JSON.parse(JSON.stringify(batch)))).toEqual([]);
        const single = buildPayload({ ...input, record: input.records[0] });
        expect(validateAgainst(schema, JSON.parse(JSON.stringify(single)))).not.toEqual([]);
    });
});
