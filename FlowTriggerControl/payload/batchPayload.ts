import type { RecordSnapshot } from "../contracts/record";
import type { ColumnInfo, PayloadCaller } from "./payload.types";
import { buildPayload, type PayloadInput } from "./payloadBuilder";
import { buildPayloadSchema, type JsonSchema } from "./payloadSchema";
import { message, UserFacingError } from "../contracts/userMessage";

/**
 * The body of a batch run (`mode: "batch"`): one POST carrying every selected row. Each entry of
 * `records` is exactly the `record` part a single run sends, built by the same builder, so a flow can
 * reuse its per-record logic. A separate version from the single payload: the two shapes evolve apart.
 */
export const BATCH_PAYLOAD_SCHEMA_VERSION = 1;

export interface BatchPayload {
    readonly schemaVersion: typeof BATCH_PAYLOAD_SCHEMA_VERSION;
    readonly correlationId: string;
    readonly triggeredAt: string;
    readonly records: readonly RecordSnapshot[];
    readonly caller: PayloadCaller;
}

export interface BatchPayloadInput {
    readonly correlationId: string;
    readonly triggeredAt: Date;
    readonly records: readonly PayloadInput["record"][];
    readonly caller: PayloadInput["caller"];
}

/** Throws UserFacingError like buildPayload (bad ids or time), and for an empty list of records. */
export function buildBatchPayload(input: BatchPayloadInput): BatchPayload {
    if (input.records.length === 0) {
        throw new UserFacingError(message("Error_Payload_BuildFailed"), "no-records");
    }
    const built = input.records.map((record) =>
        buildPayload({
            correlationId: input.correlationId,
            triggeredAt: input.triggeredAt,
            record,
            caller: input.caller,
        }),
    );
    const first = built[0];
    return {
        schemaVersion: BATCH_PAYLOAD_SCHEMA_VERSION,
        correlationId: first.correlationId,
        triggeredAt: first.triggeredAt,
        records: built.map((payload) => payload.record),
        caller: first.caller,
    };
}

/** The trigger schema for a batch: the single payload's record schema as the items of `records`. */
export function buildBatchPayloadSchema(columns: readonly ColumnInfo[]): JsonSchema {
    return batchSchemaOf(buildPayloadSchema(columns));
}

/** Turns a single-run payload schema (from buildPayloadSchema) into the batch schema around the same record. */
export function batchSchemaOf(singleSchema: JsonSchema): JsonSchema {
    const single = singleSchema as {
        readonly properties: Readonly<Record<string, JsonSchema>>;
    };
    const { schemaVersion, correlationId, triggeredAt, record, caller } = single.properties;
    return {
        type: "object",
        properties: {
            schemaVersion,
            correlationId,
            triggeredAt,
            records: { type: "array", items: record },
            caller,
        },
        required: ["schemaVersion", "correlationId", "triggeredAt", "records", "caller"],
    };
}
