import { normalizeGuid } from "../contracts/guid";
import { defineOwn } from "../contracts/plainData";
import type { BooleanValue, LookupValue, MoneyValue, OptionValue, PayloadValue } from "../contracts/record";
import type { ColumnInfo, ColumnType } from "./payload.types";

/** OData annotations the Web API adds when asked for `odata.include-annotations="*"` (Xrm.WebApi always does). */
const FORMATTED_VALUE = "@OData.Community.Display.V1.FormattedValue";
const LOOKUP_LOGICAL_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname";
export const TRANSACTION_CURRENCY_PROPERTY = "_transactioncurrencyid_value";

export interface FieldValueOptions {
    /**
     * Minutes to add to UTC to get the caller's local time at `instant`
     * (context.userSettings.getTimeZoneOffsetMinutes: the Dataverse user setting, not the browser's zone).
     * Needed for date-only columns stored with UserLocal behaviour.
     */
    readonly userTimeZoneOffsetMinutes: (instant: Date) => number;
    /** ISO currency codes keyed by lower-case transactioncurrency id, when the reader could look them up. */
    readonly currencyCodes?: Readonly<Record<string, string>>;
}

const SKIPPED_TYPES: readonly ColumnType[] = ["image", "file", "partylist", "unsupported"];

/** Image, file, activity party and other system types are left out of the payload. */
export function isSentToFlow(column: ColumnInfo): boolean {
    return !SKIPPED_TYPES.includes(column.type);
}

/** The Web API property that holds the column's value: lookups are `_<name>_value`. */
export function webApiPropertyOf(column: ColumnInfo): string {
    return column.type === "lookup" ? `_${column.logicalName}_value` : column.logicalName;
}

/** Reverse of webApiPropertyOf for property names found in a retrieved row. */
export function logicalNameOfProperty(property: string): string {
    const lookup = /^_(.+)_value$/.exec(property);
    return lookup ? lookup[1] : property;
}

function formattedValue(entity: Record<string, unknown>, property: string): string | null {
    const text = entity[property + FORMATTED_VALUE];
    return typeof text === "string" ? text : null;
}

/** -0 as 0: JSON writes -0 as "0", so a payload holding -0 would not survive its own round trip. */
function withoutNegativeZero(value: number): number {
    return value === 0 ? 0 : value;
}

/** Every number read from a row goes through here or toBigInt: finite (NaN and Infinity are not JSON), never -0. */
function toNumber(raw: unknown): number | null {
    const value =
        typeof raw === "number"
            ? raw
            : typeof raw === "string" && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(raw)
              ? Number(raw)
              : NaN;
    return Number.isFinite(value) ? withoutNegativeZero(value) : null;
}

function toInteger(raw: unknown): number | null {
    const value = toNumber(raw);
    return Number.isInteger(value) ? value : null;
}

function toText(raw: unknown): string | null {
    if (typeof raw === "string") {
        return raw;
    }
    if (typeof raw === "number" || typeof raw === "boolean") {
        return String(raw);
    }
    return null;
}

function toBigInt(raw: unknown): number | string | null {
    // Beyond 2^53 JSON parsing has already rounded a number; its digits go as text so nothing else is lost.
    const digits = typeof raw === "string" ? raw.trim() : Number.isInteger(raw) ? BigInt(raw as number).toString() : "";
    if (!/^-?\d+$/.test(digits)) {
        return null;
    }
    const parsed = Number(digits);
    return Number.isSafeInteger(parsed) ? withoutNegativeZero(parsed) : digits;
}

function optionLabel(column: ColumnInfo, value: number): string | undefined {
    return column.options?.find((option) => option.value === value)?.label;
}

/** `{ value, label }` with the first of the labels that is known, else the value as text. */
function labelled<T extends number | boolean>(
    value: T,
    labels: (string | null | undefined)[],
): { value: T; label: string } {
    return { value, label: labels.find((label) => typeof label === "string") ?? String(value) };
}

/** Two-option and choice columns: `{ value, label }`, the label read for the option's number. */
function toOption(raw: unknown, column: ColumnInfo, formatted: string | null): BooleanValue | OptionValue | null {
    const isChoice = column.type === "choice";
    // Two-option columns arrive as true/false, or as 1/0 from some hosts.
    const number = isChoice ? toInteger(raw) : raw === true || raw === 1 ? 1 : raw === false || raw === 0 ? 0 : null;
    return number === null
        ? null
        : labelled(isChoice ? number : number === 1, [formatted, optionLabel(column, number)]);
}

function toChoices(raw: unknown, column: ColumnInfo, formatted: string | null): OptionValue[] | null {
    // The Web API returns a multi-select value as "1,3"; other hosts may hand over numbers.
    const parts: unknown[] = typeof raw === "string" ? raw.split(",") : Array.isArray(raw) ? raw : [raw];
    const values = parts.map(toInteger).filter((value): value is number => value !== null);
    if (values.length === 0) {
        return null;
    }
    // "A; B" can be split only when it yields exactly one label per value.
    const formattedLabels = formatted === null ? [] : formatted.split(";").map((label) => label.trim());
    const usable = formattedLabels.length === values.length ? formattedLabels : [];
    return values.map((value, index) => labelled(value, [optionLabel(column, value), usable[index]]));
}

/** `annotated`: the row's lookuplogicalname annotation, which names the table when the column has several targets. */
function toLookup(raw: unknown, column: ColumnInfo, formatted: string | null, annotated: unknown): LookupValue | null {
    const id = normalizeGuid(raw);
    if (id === undefined) {
        return null;
    }
    const table =
        typeof annotated === "string" && annotated !== ""
            ? annotated.toLowerCase()
            : column.targets?.length === 1
              ? column.targets[0]
              : null;
    return { id, table, name: formatted };
}

function toMoney(
    entity: Record<string, unknown>,
    column: ColumnInfo,
    raw: unknown,
    options: FieldValueOptions,
): MoneyValue | null {
    const value = toNumber(raw);
    if (value === null) {
        return null;
    }
    // *_base columns are in the organisation's base currency, not the record's transaction currency.
    const id = column.logicalName.endsWith("_base") ? undefined : normalizeGuid(entity[TRANSACTION_CURRENCY_PROPERTY]);
    if (id === undefined) {
        return { value, currency: null };
    }
    const code = options.currencyCodes?.[id];
    const name = formattedValue(entity, TRANSACTION_CURRENCY_PROPERTY);
    return { value, currency: code === undefined ? { id, name } : { id, code, name } };
}

/** "2026-11-26T10:15:30Z"; null outside years 0000-9999, which Dataverse can't hold either. */
function utcSeconds(ms: number): string | null {
    const text = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    return /^\d{4}-/.test(text) ? text : null;
}

export const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|T)/;

/** Date-and-time (UTC ISO) and date-only (yyyy-mm-dd) columns. */
function toDate(raw: unknown, column: ColumnInfo, options: FieldValueOptions): string | null {
    // Only ISO 8601 as the Web API writes it: Date.parse would also take "1" as a year.
    const text = typeof raw === "string" ? raw.trim() : "";
    const datePart = DATE_PREFIX.exec(text);
    const isDateTime = column.type === "datetime";
    if (!datePart) {
        return null;
    }
    // DateOnly and TimeZoneIndependent values are wall-clock dates: never shift them.
    if (!isDateTime && (column.dateBehavior !== "UserLocal" || !text.includes("T"))) {
        return datePart[1];
    }
    // A date and time as the row holds it: only the prefix test above trims.
    const ms = Date.parse(isDateTime ? (raw as string) : text);
    if (Number.isNaN(ms)) {
        return null;
    }
    if (isDateTime) {
        return utcSeconds(ms);
    }
    // UserLocal "date only" columns store the user's local midnight as UTC: shift back into the user's zone.
    const offset = options.userTimeZoneOffsetMinutes(new Date(ms));
    return utcSeconds(ms + (Number.isFinite(offset) ? offset : 0) * 60_000)?.slice(0, 10) ?? null;
}

function fieldValue(
    entity: Record<string, unknown>,
    column: ColumnInfo,
    options: FieldValueOptions,
): PayloadValue | undefined {
    const property = webApiPropertyOf(column);
    // Own properties only: a column named "constructor" or "__proto__" must not read Object.prototype.
    const raw = Object.prototype.hasOwnProperty.call(entity, property) ? entity[property] : undefined;
    if (raw === null || raw === undefined) {
        return null;
    }
    const formatted = formattedValue(entity, property);
    switch (column.type) {
        case "string":
        case "memo":
        case "entityname":
            return toText(raw);
        case "uniqueidentifier":
            return normalizeGuid(raw) ?? toText(raw);
        case "integer":
            return toInteger(raw);
        case "bigint":
            return toBigInt(raw);
        case "decimal":
        case "double":
            return toNumber(raw);
        case "money":
            return toMoney(entity, column, raw, options);
        case "boolean":
        case "choice":
            return toOption(raw, column, formatted);
        case "multichoice":
            return toChoices(raw, column, formatted);
        case "lookup":
            return toLookup(raw, column, formatted, entity[property + LOOKUP_LOGICAL_NAME]);
        case "datetime":
        case "dateonly":
            return toDate(raw, column, options);
        case "unknown":
            // A type this version doesn't know: text for primitives, left out otherwise.
            return toText(raw) ?? undefined;
        default:
            return undefined;
    }
}

/**
 * Turns a retrieved row (Web API JSON with annotations) into typed payload fields, one key per column
 * logical name. Empty columns are null; image, file and other unsendable columns are left out.
 */
export function toPayloadFields(
    entity: Record<string, unknown>,
    columns: readonly ColumnInfo[],
    options: FieldValueOptions,
): Record<string, PayloadValue> {
    const fields: Record<string, PayloadValue> = {};
    for (const column of columns) {
        if (!isSentToFlow(column)) {
            continue;
        }
        const value = fieldValue(entity, column, options);
        if (value !== undefined) {
            // A column named like an Object.prototype member must stay a plain own key.
            defineOwn(fields, column.logicalName, value);
        }
    }
    return fields;
}
