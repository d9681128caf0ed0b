import { normalizeGuid } from "../contracts/guid";
import { defineOwn } from "../contracts/plainData";
import type {
    BooleanValue,
    CurrencyValue,
    LookupValue,
    MoneyValue,
    OptionValue,
    PayloadValue,
} from "../contracts/record";
import type { ColumnInfo, OptionInfo } from "./payload.types";

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

/** Image, file, activity party and other system types are left out of the payload. */
export function isSentToFlow(column: ColumnInfo): boolean {
    switch (column.type) {
        case "image":
        case "file":
        case "partylist":
        case "unsupported":
            return false;
        default:
            return true;
    }
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

function formattedValue(entity: Record<string, unknown>, property: string): string | undefined {
    const text = entity[property + FORMATTED_VALUE];
    return typeof text === "string" ? text : undefined;
}

/** -0 as 0: JSON writes -0 as "0", so a payload holding -0 would not survive its own round trip. */
function withoutNegativeZero(value: number): number {
    return value === 0 ? 0 : value;
}

/** Every number read from a row goes through here or toBigInt: finite, never -0. */
function toNumber(raw: unknown): number | undefined {
    if (typeof raw === "number") {
        // NaN and Infinity are not JSON at all.
        return Number.isFinite(raw) ? withoutNegativeZero(raw) : undefined;
    }
    if (typeof raw === "string" && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(raw)) {
        const parsed = Number(raw);
        return Number.isFinite(parsed) ? withoutNegativeZero(parsed) : undefined;
    }
    return undefined;
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
    if (typeof raw === "string" && /^-?\d+$/.test(raw.trim())) {
        const parsed = Number(raw);
        return Number.isSafeInteger(parsed) ? withoutNegativeZero(parsed) : raw.trim();
    }
    if (typeof raw === "number" && Number.isInteger(raw)) {
        // Beyond 2^53 JSON parsing has already rounded it; send the digits as text so nothing else is lost.
        return Number.isSafeInteger(raw) ? withoutNegativeZero(raw) : BigInt(raw).toString();
    }
    return null;
}

function optionLabel(options: readonly OptionInfo[] | undefined, value: number): string | undefined {
    return options?.find((option) => option.value === value)?.label;
}

function toBoolean(raw: unknown, column: ColumnInfo, formatted: string | undefined): BooleanValue | null {
    let value: boolean;
    if (typeof raw === "boolean") {
        value = raw;
    } else if (raw === 0 || raw === 1) {
        value = raw === 1;
    } else {
        return null;
    }
    return { value, label: formatted ?? optionLabel(column.options, value ? 1 : 0) ?? String(value) };
}

function toChoice(raw: unknown, column: ColumnInfo, formatted: string | undefined): OptionValue | null {
    const value = toNumber(raw);
    if (value === undefined || !Number.isInteger(value)) {
        return null;
    }
    return { value, label: formatted ?? optionLabel(column.options, value) ?? String(value) };
}

function toChoices(raw: unknown, column: ColumnInfo, formatted: string | undefined): OptionValue[] | null {
    // The Web API returns a multi-select value as "1,3"; other hosts may hand over numbers.
    const parts: unknown[] = typeof raw === "string" ? raw.split(",") : Array.isArray(raw) ? raw : [raw];
    const values = parts.map(toNumber).filter((v): v is number => v !== undefined && Number.isInteger(v));
    if (values.length === 0) {
        return null;
    }
    // "A; B" can be split only when it yields exactly one label per value.
    const formattedLabels = formatted?.split(";").map((label) => label.trim());
    const usable = formattedLabels?.length === values.length ? formattedLabels : undefined;
    return values.map((value, index) => ({
        value,
        label: optionLabel(column.options, value) ?? usable?.[index] ?? String(value),
    }));
}

function toLookup(entity: Record<string, unknown>, column: ColumnInfo): LookupValue | null {
    const property = webApiPropertyOf(column);
    const id = normalizeGuid(entity[property]);
    if (id === undefined) {
        return null;
    }
    const annotated = entity[property + LOOKUP_LOGICAL_NAME];
    const table =
        typeof annotated === "string" && annotated !== ""
            ? annotated.toLowerCase()
            : column.targets?.length === 1
              ? column.targets[0]
              : null;
    return { id, table, name: formattedValue(entity, property) ?? null };
}

function toMoney(
    entity: Record<string, unknown>,
    column: ColumnInfo,
    raw: unknown,
    options: FieldValueOptions,
): MoneyValue | null {
    const value = toNumber(raw);
    if (value === undefined) {
        return null;
    }
    // *_base columns are in the organisation's base currency, not the record's transaction currency.
    if (column.logicalName.endsWith("_base")) {
        return { value, currency: null };
    }
    const id = normalizeGuid(entity[TRANSACTION_CURRENCY_PROPERTY]);
    if (id === undefined) {
        return { value, currency: null };
    }
    const code = options.currencyCodes?.[id];
    const currency: CurrencyValue = {
        id,
        ...(code !== undefined ? { code } : {}),
        name: formattedValue(entity, TRANSACTION_CURRENCY_PROPERTY) ?? null,
    };
    return { value, currency };
}

/** "2026-11-26T10:15:30Z"; undefined outside years 0000-9999, which Dataverse can't hold either. */
function utcSeconds(ms: number): string | undefined {
    const text = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    return /^\d{4}-/.test(text) ? text : undefined;
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|T)/;

function toDateTime(raw: unknown): string | null {
    // Only ISO 8601 as the Web API writes it: Date.parse would also take "1" as a year.
    if (typeof raw !== "string" || !DATE_PREFIX.test(raw.trim())) {
        return null;
    }
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? null : (utcSeconds(ms) ?? null);
}

function toDateOnly(raw: unknown, column: ColumnInfo, options: FieldValueOptions): string | null {
    const text = typeof raw === "string" ? raw.trim() : "";
    const datePart = DATE_PREFIX.exec(text);
    if (!datePart) {
        return null;
    }
    // DateOnly and TimeZoneIndependent values are wall-clock dates: never shift them.
    if (column.dateBehavior !== "UserLocal" || !text.includes("T")) {
        return datePart[1];
    }
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) {
        return null;
    }
    // UserLocal "date only" columns store the user's local midnight as UTC: shift back into the user's zone.
    const offset = options.userTimeZoneOffsetMinutes(new Date(ms));
    const shifted = ms + (Number.isFinite(offset) ? offset : 0) * 60_000;
    return utcSeconds(shifted)?.slice(0, 10) ?? null;
}

function fieldValue(
    entity: Record<string, unknown>,
    column: ColumnInfo,
    options: FieldValueOptions,
): PayloadValue | undefined {
    const property = webApiPropertyOf(column);
    // Own properties only: a column named "constructor" or "__proto__" must not read Object.prototype.
    const raw = Object.prototype.hasOwnProperty.call(entity, property) ? entity[property] : undefined;
    if (column.type === "lookup") {
        return toLookup(entity, column);
    }
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
        case "integer": {
            const value = toNumber(raw);
            return value !== undefined && Number.isInteger(value) ? value : null;
        }
        case "bigint":
            return toBigInt(raw);
        case "decimal":
        case "double":
            return toNumber(raw) ?? null;
        case "money":
            return toMoney(entity, column, raw, options);
        case "boolean":
            return toBoolean(raw, column, formatted);
        case "choice":
            return toChoice(raw, column, formatted);
        case "multichoice":
            return toChoices(raw, column, formatted);
        case "datetime":
            return toDateTime(raw);
        case "dateonly":
            return toDateOnly(raw, column, options);
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
