import { buildPayload, type PayloadInput } from "../../../FlowTriggerControl/payload/payloadBuilder";
import { UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import { ACCOUNT_ID, CONTACT_ID } from "./fixtures";

const input: PayloadInput = {
    correlationId: "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
    triggeredAt: new Date(Date.UTC(2026, 10, 26, 10, 15, 30)),
    record: {
        table: "Account",
        id: `{${ACCOUNT_ID.toUpperCase()}}`,
        primaryName: "Contoso Ltd",
        fields: { name: "Contoso Ltd", primarycontactid: { id: CONTACT_ID, table: "contact", name: "Adele Vance" } },
    },
    caller: { userId: "{B05EC7CE-5D51-DF11-97E0-00155DB232D0}", name: "Adele Vance", languageId: 1033 },
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

describe("buildPayload", () => {
    it("builds the documented envelope with normalised ids", () => {
        expect(buildPayload(input)).toEqual({
            schemaVersion: 1,
            correlationId: "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
            triggeredAt: "2026-11-26T10:15:30.000Z",
            record: {
                table: "account",
                id: ACCOUNT_ID,
                primaryName: "Contoso Ltd",
                fields: {
                    name: "Contoso Ltd",
                    primarycontactid: { id: CONTACT_ID, table: "contact", name: "Adele Vance" },
                },
            },
            caller: {
                userId: "b05ec7ce-5d51-df11-97e0-00155db232d0",
                name: "Adele Vance",
                languageId: 1033,
                informational: true,
            },
        });
    });

    it("keeps the key order of the documented example", () => {
        const payload = buildPayload(input);
        expect(Object.keys(payload)).toEqual(["schemaVersion", "correlationId", "triggeredAt", "record", "caller"]);
        expect(Object.keys(payload.record)).toEqual(["table", "id", "primaryName", "fields"]);
    });

    it("drops undefined field values and keeps null ones", () => {
        const fields = { a: null, b: undefined, c: 1 } as unknown as PayloadInput["record"]["fields"];
        expect(buildPayload({ ...input, record: { ...input.record, fields } }).record.fields).toEqual({
            a: null,
            c: 1,
        });
        expect(Object.keys(buildPayload({ ...input, record: { ...input.record, fields } }).record.fields)).toEqual([
            "a",
            "c",
        ]);
    });

    it("sends a missing primary name as null", () => {
        const record = { ...input.record, primaryName: null };
        expect(buildPayload({ ...input, record }).record.primaryName).toBeNull();
    });

    it("rejects a record id that is not a GUID with a message naming the table", () => {
        const error = thrown(() => buildPayload({ ...input, record: { ...input.record, id: "" } }));
        expect(error.userMessage).toEqual({ key: "Error_Payload_InvalidRecordReference", args: ["account"] });
        expect(error.code).toBe("invalid-record-id");
    });

    it("rejects an empty table, a bad correlation id, caller id or time", () => {
        expect(thrown(() => buildPayload({ ...input, record: { ...input.record, table: " " } })).code).toBe(
            "invalid-table",
        );
        expect(thrown(() => buildPayload({ ...input, correlationId: "abc" })).code).toBe("invalid-correlation-id");
        expect(thrown(() => buildPayload({ ...input, caller: { ...input.caller, userId: "" } })).code).toBe(
            "invalid-caller-id",
        );
        expect(thrown(() => buildPayload({ ...input, triggeredAt: new Date(Number.NaN) })).userMessage.key).toBe(
            "Error_Payload_BuildFailed",
        );
    });

    it("does not share the caller's fields object", () => {
        const fields: Record<string, string> = { name: "a" };
        const payload = buildPayload({ ...input, record: { ...input.record, fields } });
        fields.name = "changed";
        expect(payload.record.fields.name).toBe("a");
    });
});
