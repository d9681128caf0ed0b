import { UserFacingError } from "../contracts/userMessage";
import { normalizeEntityMetadata } from "./metadata";
import type { ColumnInfo } from "./payload.types";
import { describeMetadataError } from "./webApiErrors";

/** The slice of context.utils the reader uses. */
export interface MetadataSource {
    getEntityMetadata(entityName: string, attributes?: string[]): Promise<unknown>;
}

/** What the catalog knows of one table so far. */
export interface TableColumns {
    primaryNameAttribute?: string;
    loaded: boolean;
    /** null: the metadata was asked and has no such column. */
    readonly columns: Map<string, ColumnInfo | null>;
}

/**
 * The table's columns, with the named ones among them (or known not to exist): asks the host only for the
 * names not asked before, and at least once per table for the primary name. Throws a UserFacingError when
 * the host can't answer.
 */
export type ColumnCatalog = (table: string, names: readonly string[]) => Promise<TableColumns>;

/** Table metadata kept for the life of one control instance: each column is asked for once. */
export function createColumnCatalog(source: MetadataSource): ColumnCatalog {
    const tables = new Map<string, TableColumns>();

    async function fetchMetadata(table: string, names: string[]): Promise<unknown> {
        try {
            return await source.getEntityMetadata(table, names);
        } catch (error) {
            throw new UserFacingError(describeMetadataError(table, error));
        }
    }

    return async function describe(table, names) {
        const entry: TableColumns = tables.get(table) ?? { loaded: false, columns: new Map() };
        tables.set(table, entry);
        const missing = names.filter((name) => !entry.columns.has(name));
        if (entry.loaded && missing.length === 0) {
            return entry;
        }
        const metadata = normalizeEntityMetadata(await fetchMetadata(table, missing));
        if (metadata.primaryNameAttribute) entry.primaryNameAttribute = metadata.primaryNameAttribute;
        entry.loaded = true;
        for (const column of metadata.columns) {
            entry.columns.set(column.logicalName, column);
        }
        for (const name of missing) {
            if (!entry.columns.has(name)) {
                entry.columns.set(name, null);
            }
        }
        return entry;
    };
}
