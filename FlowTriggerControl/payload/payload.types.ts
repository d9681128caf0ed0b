/**
 * The JSON body the control POSTs to the flow. Documented for makers in docs/payload.md;
 * any change that can break an existing flow's trigger schema must bump PAYLOAD_SCHEMA_VERSION.
 */

import type { Caller, RecordSnapshot } from "../contracts/record";

/** Version of the payload shape, sent as `schemaVersion`. */
export const PAYLOAD_SCHEMA_VERSION = 1;

/** Normalised column kinds: one payload shape per kind (see docs/payload.md, "Type mapping"). */
export const FieldKinds = [
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
] as const;
/** A column kind that is sent to the flow. */
export type FieldKind = (typeof FieldKinds)[number];

/**
 * Column kinds that are never sent: image and file (binary, too large), activity party lists
 * (not readable with $select), other virtual/system types (managed property, calendar rules).
 */
export type SkippedKind = "image" | "file" | "partylist" | "unsupported";

/** A type the metadata named but this version does not know: sent as text when the value is a primitive. */
export type ColumnType = FieldKind | SkippedKind | "unknown";

/** How Dataverse stores a date-and-time column. */
export type DateBehavior = "UserLocal" | "DateOnly" | "TimeZoneIndependent";

export interface OptionInfo {
    readonly value: number;
    readonly label: string;
}

/** Metadata of one column, normalised from whichever shape the host returned. */
export interface ColumnInfo {
    readonly logicalName: string;
    readonly type: ColumnType;
    /** date-and-time and date-only columns. */
    readonly dateBehavior?: DateBehavior;
    /** boolean (0 = false, 1 = true), choice and multichoice columns. */
    readonly options?: readonly OptionInfo[];
    /** Tables a lookup may point to (several for customer, owner, regarding). */
    readonly targets?: readonly string[];
    /** False when Dataverse says the column can't be retrieved. Undefined means readable. */
    readonly isValidForRead?: boolean;
    /** Set on helper columns derived from another column (lookup names, image URLs, file names). */
    readonly attributeOf?: string;
}

/** Which columns a run sends: none (only the record reference), all readable ones, or a list. */
export type FieldSelection =
    { readonly kind: "none" } | { readonly kind: "all" } | { readonly kind: "list"; readonly names: readonly string[] };

export interface PayloadCaller extends Caller {
    /** The flow cannot verify who called it: these values are informational only. */
    readonly informational: true;
}

export interface FlowPayload {
    readonly schemaVersion: typeof PAYLOAD_SCHEMA_VERSION;
    readonly correlationId: string;
    /** UTC ISO 8601 with milliseconds, e.g. 2026-11-26T10:15:30.000Z. */
    readonly triggeredAt: string;
    readonly record: RecordSnapshot;
    readonly caller: PayloadCaller;
}
