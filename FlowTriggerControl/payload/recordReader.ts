import type { FieldSelection } from "./payload.types";
import { message, UserFacingError, type UserMessage } from "../contracts/userMessage";
import {
    isSentToFlow,
    logicalNameOfProperty,
    toPayloadFields,
    TRANSACTION_CURRENCY_PROPERTY,
    userLocalDateInstants,
    webApiPropertyOf,
} from "./fieldValues";
import { LOGICAL_NAME_PATTERN } from "../contracts/dataverse";
import { normalizeGuid } from "../contracts/guid";
import type { RecordSnapshot } from "../contracts/record";
import type { Failure, Result } from "../contracts/result";
import { normalizeEntityMetadata } from "./metadata";
import type { ColumnInfo } from "./payload.types";
import { describeMetadataError, describeRetrieveError, safePlatformText } from "./webApiErrors";

/** The slice of ComponentFramework.WebApi the reader uses. */
export interface RecordSource {
    retrieveRecord(entityType: string, id: string, options?: string): Promise<Record<string, unknown>>;
}

/** The slice of context.utils the reader uses. */
export interface MetadataSource {
    getEntityMetadata(entityName: string, attributes?: string[]): Promise<unknown>;
}

export interface RecordReaderSources {
    readonly records: RecordSource;
    readonly metadata: MetadataSource;
    /**
     * context.userSettings.getTimeZoneOffsetMinutes: minutes to add to UTC for the user's local time.
     * Without it the browser's zone is used, which is wrong when the Dataverse user setting differs.
     */
    readonly userTimeZoneOffsetMinutes?: (instant: Date) => number;
    /** Called with a row's UserLocal date-only instants before their offsets are asked for (see fieldValues). */
    readonly prepareTimeZoneOffsets?: (instants: readonly Date[]) => Promise<void>;
}

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

const browserOffsetMinutes = (instant: Date): number => -instant.getTimezoneOffset();

interface TableCache {
    primaryNameAttribute?: string;
    loaded: boolean;
    /** null: the metadata was asked and has no such column. */
    readonly columns: Map<string, ColumnInfo | null>;
}

function fail(reason: UserMessage): Failure {
    return { ok: false, reason };
}

/** Column names as a maker typed them: trimmed, lower-case, `_x_value` read as `x`, duplicates dropped. */
function normalizeNames(names: readonly string[]): string[] {
    // A Set keeps the first of each name, in order.
    const unique = new Set(names.map((name) => logicalNameOfProperty(name.trim().toLowerCase())));
    return [...unique].filter((name) => name !== "");
}

function canBeSelected(column: ColumnInfo): boolean {
    return isSentToFlow(column) && column.isValidForRead !== false;
}

/**
 * Reads the record behind the button for the payload. Holds a per-table metadata cache for the life
 * of the control instance; create one reader per control.
 */
export function createRecordReader(sources: RecordReaderSources): RecordReader {
    const tables = new Map<string, TableCache>();
    const currencyCodes = new Map<string, string>();

    async function describe(table: string, names: readonly string[]): Promise<TableCache> {
        let cache = tables.get(table);
        if (cache === undefined) {
            cache = { loaded: false, columns: new Map() };
            tables.set(table, cache);
        }
        const missing = names.filter((name) => !cache.columns.has(name));
        if (cache.loaded && missing.length === 0) {
            return cache;
        }
        let raw: unknown;
        try {
            raw = await sources.metadata.getEntityMetadata(table, missing);
        } catch (error) {
            throw new UserFacingError(describeMetadataError(table, error));
        }
        const metadata = normalizeEntityMetadata(raw);
        if (metadata.primaryNameAttribute) cache.primaryNameAttribute = metadata.primaryNameAttribute;
        cache.loaded = true;
        for (const column of metadata.columns) {
            cache.columns.set(column.logicalName, column);
        }
        for (const name of missing) {
            if (!cache.columns.has(name)) {
                cache.columns.set(name, null);
            }
        }
        return cache;
    }

    async function retrieve(table: string, id: string, options?: string): Promise<Record<string, unknown>> {
        let row: unknown;
        try {
            // Both host adapters pass options on as their third argument, given or not.
            row = await sources.records.retrieveRecord(table, id, options);
        } catch (error) {
            throw new UserFacingError(describeRetrieveError(error));
        }
        if (typeof row !== "object" || row === null) {
            throw new UserFacingError(message("Error_Payload_ReadFailed", "-"));
        }
        return row as Record<string, unknown>;
    }

    /**
     * Best effort: the ISO code makes money usable in flows; without read access on currencies it's just left out.
     * The codes of every currency seen so far: the field values look up the row's own.
     */
    async function currencyCodesFor(
        row: Record<string, unknown>,
        columns: readonly ColumnInfo[],
    ): Promise<Record<string, string>> {
        const id = normalizeGuid(row[TRANSACTION_CURRENCY_PROPERTY]);
        if (
            id !== undefined &&
            !currencyCodes.has(id) &&
            columns.some((c) => c.type === "money" && !c.logicalName.endsWith("_base"))
        ) {
            try {
                const currency = await sources.records.retrieveRecord(
                    "transactioncurrency",
                    id,
                    "?$select=isocurrencycode",
                );
                const code = currency.isocurrencycode;
                if (typeof code === "string" && code !== "") {
                    currencyCodes.set(id, code);
                }
            } catch {
                // the money value stays usable without its code (also when the host answers with no row at all)
            }
        }
        return Object.fromEntries(currencyCodes);
    }

    async function columnsForList(table: string, requested: readonly string[]): Promise<ColumnInfo[]> {
        const names = normalizeNames(requested);
        const malformed = names.filter((name) => !LOGICAL_NAME_PATTERN.test(name));
        const wellFormed = names.filter((name) => LOGICAL_NAME_PATTERN.test(name));
        const cache = await describe(table, wellFormed);
        const unknown = [...malformed, ...wellFormed.filter((name) => !cache.columns.get(name))];
        if (unknown.length > 0) {
            throw new UserFacingError(message("Error_Payload_UnknownColumn", table, unknown.join(", ")));
        }
        const columns = wellFormed.map((name) => cache.columns.get(name)!);
        const unsupported = columns.filter((column) => !canBeSelected(column)).map((column) => column.logicalName);
        if (unsupported.length > 0) {
            throw new UserFacingError(message("Error_Payload_UnsupportedColumn", unsupported.join(", ")));
        }
        return columns;
    }

    async function readOrThrow(table: string, id: string, selection: FieldSelection): Promise<RecordSnapshot> {
        let row: Record<string, unknown>;
        let columns: ColumnInfo[];
        let primaryNameAttribute: string | undefined;

        if (selection.kind === "all") {
            // No $select: the Web API returns every column this user may read.
            row = await retrieve(table, id);
            // Annotations ("name@OData…") don't match the pattern either.
            const names = normalizeNames(Object.keys(row).filter((key) => LOGICAL_NAME_PATTERN.test(key)));
            const cache = await describe(table, names);
            primaryNameAttribute = cache.primaryNameAttribute;
            columns = names
                .map((name) => cache.columns.get(name))
                // Derived helper columns (lookup names, image URLs, file names) repeat other columns.
                .filter(
                    (column): column is ColumnInfo =>
                        !!column && canBeSelected(column) && column.attributeOf === undefined,
                );
        } else {
            columns = selection.kind === "list" ? await columnsForList(table, selection.names) : [];
            // After a list the metadata is already there: no second request.
            primaryNameAttribute = (await describe(table, [])).primaryNameAttribute;
            // The primary name first; a Set keeps the first of each name, in order.
            const properties = new Set(primaryNameAttribute ? [primaryNameAttribute] : []);
            columns.forEach((column) => properties.add(webApiPropertyOf(column)));
            // Without a primary name and without columns there's nothing to read.
            row = properties.size === 0 ? {} : await retrieve(table, id, "?$select=" + [...properties].join(","));
        }

        const primaryNameValue = primaryNameAttribute !== undefined ? row[primaryNameAttribute] : undefined;
        await sources.prepareTimeZoneOffsets?.(userLocalDateInstants(row, columns));
        const fields = toPayloadFields(row, columns, {
            userTimeZoneOffsetMinutes: sources.userTimeZoneOffsetMinutes ?? browserOffsetMinutes,
            currencyCodes: await currencyCodesFor(row, columns),
        });
        return { table, id, primaryName: typeof primaryNameValue === "string" ? primaryNameValue : null, fields };
    }

    return {
        async unsendableColumns(tableName, requested) {
            const table = tableName.trim().toLowerCase();
            const names = normalizeNames(requested).filter((name) => LOGICAL_NAME_PATTERN.test(name));
            if (!LOGICAL_NAME_PATTERN.test(table) || names.length === 0) return [];
            try {
                const cache = await describe(table, names);
                return names.filter((name) => {
                    const column = cache.columns.get(name);
                    return !!column && !isSentToFlow(column);
                });
            } catch {
                return [];
            }
        },
        async read(tableName, recordId, selection) {
            const table = tableName.trim().toLowerCase();
            if (recordId.trim() === "") {
                return fail(message("Error_Payload_RecordNotSaved"));
            }
            const id = normalizeGuid(recordId);
            if (id === undefined || !LOGICAL_NAME_PATTERN.test(table)) {
                return fail(message("Error_Payload_InvalidRecordReference", table === "" ? "?" : table));
            }
            try {
                return { ok: true, value: await readOrThrow(table, id, selection) };
            } catch (error) {
                // The steps carry their user message out as a UserFacingError. Nothing else they call throws one:
                // the host's own rejections are each caught and described first.
                return fail(
                    error instanceof UserFacingError
                        ? error.userMessage
                        : message("Error_Payload_ReadFailed", safePlatformText(error)),
                );
            }
        },
    };
}

/** One-off read with a fresh metadata cache; prefer createRecordReader once per control instance. */
export function readRecord(
    table: string,
    id: string,
    selection: FieldSelection,
    sources: RecordReaderSources,
): Promise<Result<RecordSnapshot>> {
    return createRecordReader(sources).read(table, id, selection);
}
