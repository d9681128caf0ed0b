import type { FieldSelection } from "./payload.types";
import { message, UserFacingError } from "../contracts/userMessage";
import {
    isSentToFlow,
    logicalNameOfProperty,
    toPayloadFields,
    TRANSACTION_CURRENCY_PROPERTY,
    webApiPropertyOf,
} from "./fieldValues";
import { LOGICAL_NAME_PATTERN } from "../contracts/dataverse";
import { normalizeGuid } from "../contracts/guid";
import type { RecordSnapshot } from "../contracts/record";
import { failure, success, type Failure, type Result } from "../contracts/result";
import { createColumnCatalog, type ColumnCatalog, type MetadataSource } from "./columnCatalog";
import type { ColumnInfo } from "./payload.types";
import { describeRetrieveError, safePlatformText } from "./webApiErrors";

/** The slice of ComponentFramework.WebApi the reader uses. */
export interface RecordSource {
    retrieveRecord(entityType: string, id: string, options?: string): Promise<Record<string, unknown>>;
}

export interface RecordReaderSources {
    readonly records: RecordSource;
    readonly metadata: MetadataSource;
    /**
     * context.userSettings.getTimeZoneOffsetMinutes: minutes to add to UTC for the user's local time.
     * Without it the browser's zone is used, which is wrong when the Dataverse user setting differs.
     */
    readonly userTimeZoneOffsetMinutes?: (instant: Date) => number;
}

/**
 * Called with the row as read and the columns that go to the flow, before their values are converted: the
 * command library looks up the user's time zone offsets then (payload/userLocalDates.ts).
 */
export type PrepareRow = (row: Record<string, unknown>, columns: readonly ColumnInfo[]) => Promise<void>;

export interface RecordReader {
    /** Never throws: every failure becomes `{ ok: false, reason }`. */
    read(table: string, id: string, selection: FieldSelection): Promise<Result<RecordSnapshot>>;
    /**
     * Listed columns the payload can never carry (image, file, activity party…), from the table metadata the
     * reader reads anyway (and keeps for the click). Empty when there are none, or when the metadata can't be
     * read: the click then reports that. Never throws.
     */
    unsendableColumns(table: string, names: readonly string[]): Promise<readonly string[]>;
}

/** The row as read and the columns of it that go to the flow. */
interface ReadRow {
    readonly row: Record<string, unknown>;
    readonly columns: readonly ColumnInfo[];
    readonly primaryNameAttribute?: string;
}

const browserOffsetMinutes = (instant: Date): number => -instant.getTimezoneOffset();

/** Column names as a maker typed them: trimmed, lower-case, `_x_value` read as `x`, duplicates dropped. */
function normalizeNames(names: readonly string[]): string[] {
    // A Set keeps the first of each name, in order.
    const unique = new Set(names.map((name) => logicalNameOfProperty(name.trim().toLowerCase())));
    return [...unique].filter((name) => name !== "");
}

function canBeSelected(column: ColumnInfo): boolean {
    return isSentToFlow(column) && column.isValidForRead !== false;
}

/** The row from the Web API, or a UserFacingError saying why not. */
async function retrieveRow(
    records: RecordSource,
    table: string,
    id: string,
    options?: string,
): Promise<Record<string, unknown>> {
    let row: unknown;
    try {
        // Both host adapters pass options on as their third argument, given or not.
        row = await records.retrieveRecord(table, id, options);
    } catch (error) {
        throw new UserFacingError(describeRetrieveError(error));
    }
    if (typeof row !== "object" || row === null) {
        throw new UserFacingError(message("Error_Payload_ReadFailed", "-"));
    }
    return row as Record<string, unknown>;
}

/** The listed columns' metadata; a UserFacingError names the unknown or unsendable ones. */
async function columnsForList(
    describeColumns: ColumnCatalog,
    table: string,
    requested: readonly string[],
): Promise<ColumnInfo[]> {
    const names = normalizeNames(requested);
    const malformed = names.filter((name) => !LOGICAL_NAME_PATTERN.test(name));
    const wellFormed = names.filter((name) => LOGICAL_NAME_PATTERN.test(name));
    const known = await describeColumns(table, wellFormed);
    const unknown = [...malformed, ...wellFormed.filter((name) => !known.columns.get(name))];
    if (unknown.length > 0) {
        throw new UserFacingError(message("Error_Payload_UnknownColumn", table, unknown.join(", ")));
    }
    const columns = wellFormed.map((name) => known.columns.get(name)!);
    const unsupported = columns.filter((column) => !canBeSelected(column)).map((column) => column.logicalName);
    if (unsupported.length > 0) {
        throw new UserFacingError(message("Error_Payload_UnsupportedColumn", unsupported.join(", ")));
    }
    return columns;
}

/** Step 2 for `*`: every column this user may read, then the metadata of what came back. */
async function readAllColumns(
    records: RecordSource,
    describeColumns: ColumnCatalog,
    table: string,
    id: string,
): Promise<ReadRow> {
    // No $select: the Web API returns every column this user may read.
    const row = await retrieveRow(records, table, id);
    // Annotations ("name@OData…") don't match the pattern either.
    const names = normalizeNames(Object.keys(row).filter((key) => LOGICAL_NAME_PATTERN.test(key)));
    const known = await describeColumns(table, names);
    const columns = names
        .map((name) => known.columns.get(name))
        // Derived helper columns (lookup names, image URLs, file names) repeat other columns.
        .filter(
            (column): column is ColumnInfo => !!column && canBeSelected(column) && column.attributeOf === undefined,
        );
    return { row, columns, primaryNameAttribute: known.primaryNameAttribute };
}

/** Step 2 for a list (or none): the metadata first, then `$select` of exactly those columns and the primary name. */
async function readListedColumns(
    records: RecordSource,
    describeColumns: ColumnCatalog,
    table: string,
    id: string,
    selection: FieldSelection,
): Promise<ReadRow> {
    const columns = selection.kind === "list" ? await columnsForList(describeColumns, table, selection.names) : [];
    // After a list the metadata is already there: no second request.
    const { primaryNameAttribute } = await describeColumns(table, []);
    // The primary name first; a Set keeps the first of each name, in order.
    const properties = new Set(
        [primaryNameAttribute, ...columns.map(webApiPropertyOf)].filter((name): name is string => !!name),
    );
    // Without a primary name and without columns there's nothing to read.
    const row =
        properties.size === 0 ? {} : await retrieveRow(records, table, id, "?$select=" + [...properties].join(","));
    return { row, columns, primaryNameAttribute };
}

/**
 * Step 3: the ISO codes of every currency seen so far (the field values look up the row's own). Best effort:
 * the code makes money usable in flows; without read access on currencies it's just left out.
 */
function createCurrencyCodes(records: RecordSource) {
    const codes = new Map<string, string>();

    return async function currencyCodesFor(
        row: Record<string, unknown>,
        columns: readonly ColumnInfo[],
    ): Promise<Record<string, string>> {
        const id = normalizeGuid(row[TRANSACTION_CURRENCY_PROPERTY]);
        if (
            id !== undefined &&
            !codes.has(id) &&
            columns.some((c) => c.type === "money" && !c.logicalName.endsWith("_base"))
        ) {
            try {
                const currency = await records.retrieveRecord("transactioncurrency", id, "?$select=isocurrencycode");
                const code = currency.isocurrencycode;
                if (typeof code === "string" && code !== "") {
                    codes.set(id, code);
                }
            } catch {
                // the money value stays usable without its code (also when the host answers with no row at all)
            }
        }
        return Object.fromEntries(codes);
    };
}

/**
 * The steps carry their user message out as a UserFacingError. Nothing else they call throws one:
 * the host's own rejections are each caught and described first.
 */
function failureFrom(error: unknown): Failure {
    return error instanceof UserFacingError
        ? { ok: false, reason: error.userMessage }
        : failure("Error_Payload_ReadFailed", safePlatformText(error));
}

/**
 * Reads the record behind the button for the payload. Holds a per-table metadata cache for the life
 * of the control instance; create one reader per control.
 */
export function createRecordReader(sources: RecordReaderSources, prepareRow?: PrepareRow): RecordReader {
    const describeColumns = createColumnCatalog(sources.metadata);
    const currencyCodesFor = createCurrencyCodes(sources.records);
    const userTimeZoneOffsetMinutes = sources.userTimeZoneOffsetMinutes ?? browserOffsetMinutes;

    async function readOrThrow(table: string, id: string, selection: FieldSelection): Promise<RecordSnapshot> {
        const { row, columns, primaryNameAttribute } =
            selection.kind === "all"
                ? await readAllColumns(sources.records, describeColumns, table, id)
                : await readListedColumns(sources.records, describeColumns, table, id, selection);
        // Steps 3 and 4: what the host prepares (each user-local date's own offset) and the currency codes, then the snapshot.
        await prepareRow?.(row, columns);
        const currencyCodes = await currencyCodesFor(row, columns);
        const primaryName = primaryNameAttribute !== undefined ? row[primaryNameAttribute] : undefined;
        return {
            table,
            id,
            primaryName: typeof primaryName === "string" ? primaryName : null,
            fields: toPayloadFields(row, columns, { userTimeZoneOffsetMinutes, currencyCodes }),
        };
    }

    return {
        async unsendableColumns(tableName, requested) {
            const table = tableName.trim().toLowerCase();
            const names = normalizeNames(requested).filter((name) => LOGICAL_NAME_PATTERN.test(name));
            if (!LOGICAL_NAME_PATTERN.test(table) || names.length === 0) return [];
            try {
                const known = await describeColumns(table, names);
                return names.filter((name) => {
                    const column = known.columns.get(name);
                    return !!column && !isSentToFlow(column);
                });
            } catch {
                return [];
            }
        },
        async read(tableName, recordId, selection) {
            // Step 1: the table and id as the host gave them, checked and normalised.
            const table = tableName.trim().toLowerCase();
            if (recordId.trim() === "") {
                return failure("Error_Payload_RecordNotSaved");
            }
            const id = normalizeGuid(recordId);
            if (id === undefined || !LOGICAL_NAME_PATTERN.test(table)) {
                return failure("Error_Payload_InvalidRecordReference", table || "?");
            }
            try {
                return success(await readOrThrow(table, id, selection));
            } catch (error) {
                return failureFrom(error);
            }
        },
    };
}
