/**
 * The record as the run sees it: read from Dataverse, typed per column, sent to the flow.
 * docs/payload.md documents these shapes for makers; payload/ builds them, run/ carries them.
 */

export interface OptionValue {
    readonly value: number;
    readonly label: string;
}

export interface BooleanValue {
    readonly value: boolean;
    readonly label: string;
}

export interface LookupValue {
    /** Lower-case GUID without braces. */
    readonly id: string;
    /** Logical name of the referenced table; null only when the host did not say and the column has several targets. */
    readonly table: string | null;
    /** Primary name of the referenced record; null when the caller can't see it. */
    readonly name: string | null;
}

export interface CurrencyValue {
    /** Lower-case GUID of the transactioncurrency row. */
    readonly id: string;
    /** ISO code (e.g. "EUR") when the control could read it. */
    readonly code?: string;
    readonly name: string | null;
}

export interface MoneyValue {
    readonly value: number;
    /** null for base-currency columns (*_base) and when the record has no currency. */
    readonly currency: CurrencyValue | null;
}

/**
 * One field of the payload. Empty columns are always `null` (never missing, never undefined),
 * and the generated schema allows null for every field.
 */
export type PayloadValue =
    string | number | null | BooleanValue | OptionValue | readonly OptionValue[] | LookupValue | MoneyValue;

export type PayloadFields = Readonly<Record<string, PayloadValue>>;

/** One record's typed fields, as read for one run. */
export interface RecordSnapshot {
    /** Table logical name. */
    readonly table: string;
    /** Lower-case GUID without braces. */
    readonly id: string;
    readonly primaryName: string | null;
    readonly fields: PayloadFields;
}

/** The user who clicked, as the host knows them. The flow cannot verify these values. */
export interface Caller {
    /** Lower-case GUID of the systemuser row ("" when the host gave none). */
    readonly userId: string;
    readonly name: string;
    readonly languageId: number;
}
