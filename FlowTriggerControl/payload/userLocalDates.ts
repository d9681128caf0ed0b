/**
 * The record reader for hosts whose user time zone offsets need a request (the command library): before the
 * values are converted, it hands the row's UserLocal date-only instants to `prepareTimeZoneOffsets`, so the
 * host looks up exactly those first. The control reads its offsets from PCF and uses recordReader.ts alone.
 */

import { DATE_PREFIX, webApiPropertyOf } from "./fieldValues";
import type { ColumnInfo } from "./payload.types";
import {
    createRecordReader as createBaseRecordReader,
    type RecordReader,
    type RecordReaderSources as BaseRecordReaderSources,
} from "./recordReader";

export type { RecordReader } from "./recordReader";

export interface RecordReaderSources extends BaseRecordReaderSources {
    /** Called with a row's UserLocal date-only instants before their offsets are asked for (see fieldValues). */
    readonly prepareTimeZoneOffsets?: (instants: readonly Date[]) => Promise<void>;
}

/** The stored instant of a UserLocal date-only value (the user's local midnight in UTC); undefined otherwise. */
function userLocalDateInstant(raw: unknown, column: ColumnInfo): Date | undefined {
    if (column.type !== "dateonly" || column.dateBehavior !== "UserLocal" || typeof raw !== "string") return undefined;
    const text = raw.trim();
    if (!DATE_PREFIX.test(text) || !text.includes("T")) return undefined;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * The instants whose user offset toPayloadFields will ask for: one per UserLocal date-only value of the row,
 * so a host whose offsets need a request (the command library) can look up exactly these first.
 */
export function userLocalDateInstants(entity: Record<string, unknown>, columns: readonly ColumnInfo[]): Date[] {
    return columns
        .filter((column) => Object.prototype.hasOwnProperty.call(entity, webApiPropertyOf(column)))
        .map((column) => userLocalDateInstant(entity[webApiPropertyOf(column)], column))
        .filter((instant): instant is Date => instant !== undefined);
}

/** recordReader.ts's reader, preparing the offsets of each row it reads when the sources can. */
export function createRecordReader(sources: RecordReaderSources): RecordReader {
    const prepare = sources.prepareTimeZoneOffsets;
    return createBaseRecordReader(sources, prepare && ((row, columns) => prepare(userLocalDateInstants(row, columns))));
}
