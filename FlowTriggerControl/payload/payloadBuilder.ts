import { message, UserFacingError } from "../contracts/userMessage";
import { normalizeGuid } from "../contracts/guid";
import type { Caller, PayloadFields, PayloadValue, RecordSnapshot } from "../contracts/record";
import { PAYLOAD_SCHEMA_VERSION, type FlowPayload } from "./payload.types";

export interface PayloadInput {
    /** A UUID made for this click: the flow, its run history and the user can all quote it. */
    readonly correlationId: string;
    readonly triggeredAt: Date;
    readonly record: RecordSnapshot;
    readonly caller: Caller;
}

/** The id as normalizeGuid gives it; else throws the message (by default "could not build") with the code. */
function requireGuid(value: string, code: string, userMessage = message("Error_Payload_BuildFailed")): string {
    const id = normalizeGuid(value);
    if (id === undefined) {
        throw new UserFacingError(userMessage, code);
    }
    return id;
}

function definedFields(fields: PayloadFields): Record<string, PayloadValue> {
    // Spread defines own properties (a `__proto__` column stays a plain key) and is the fastest copy.
    const copy = { ...fields };
    for (const name of Object.keys(copy)) {
        if (copy[name] === undefined) {
            delete copy[name];
        }
    }
    return copy;
}

/**
 * Assembles the versioned payload. Ids become lower-case GUIDs without braces.
 * Throws UserFacingError when an id or the time is not usable (never for field values).
 */
export function buildPayload(input: PayloadInput): FlowPayload {
    const table = input.record.table.trim().toLowerCase();
    const invalidReference = message("Error_Payload_InvalidRecordReference", table || "?");
    const recordId = requireGuid(input.record.id, "invalid-record-id", invalidReference);
    if (table === "") {
        throw new UserFacingError(invalidReference, "invalid-table");
    }
    const time = input.triggeredAt.getTime();
    if (Number.isNaN(time)) {
        throw new UserFacingError(message("Error_Payload_BuildFailed"), "invalid-triggered-at");
    }
    return {
        schemaVersion: PAYLOAD_SCHEMA_VERSION,
        correlationId: requireGuid(input.correlationId, "invalid-correlation-id"),
        triggeredAt: new Date(time).toISOString(),
        record: {
            table,
            id: recordId,
            primaryName: input.record.primaryName,
            fields: definedFields(input.record.fields),
        },
        caller: {
            userId: requireGuid(input.caller.userId, "invalid-caller-id"),
            name: input.caller.name,
            languageId: input.caller.languageId,
            informational: true,
        },
    };
}
