import { isPlainObject as isBag, nonEmptyText as nonEmptyString } from "../contracts/plainData";
import type { ColumnInfo, ColumnType, DateBehavior, OptionInfo } from "./payload.types";

export interface NormalizedEntityMetadata {
    readonly primaryNameAttribute?: string;
    readonly columns: readonly ColumnInfo[];
}

type Bag = Record<string, unknown>;

/**
 * The `Attributes` member arrives in several shapes, so all tolerance for it lives here:
 * context.utils.getEntityMetadata in model-driven apps returns an Xrm collection (get(name), getAll(),
 * get() with no argument, the items also on `_collection` keyed by logical name); the Web API's
 * EntityDefinitions and test hosts return a plain array; some builds a bag keyed by logical name.
 * Each probe is guarded so one odd host method degrades to the next shape instead of failing the click.
 */
function attributeObjects(raw: unknown): Bag[] {
    if (!isBag(raw)) {
        return Array.isArray(raw) ? raw.filter(isBag) : [];
    }
    for (const method of ["getAll", "get"]) {
        const fn = raw[method];
        if (typeof fn === "function") {
            try {
                const all: unknown = (fn as () => unknown).call(raw);
                if (Array.isArray(all) && all.length > 0) {
                    return all.filter(isBag);
                }
            } catch {
                // try the next shape
            }
        }
    }
    return Object.values(isBag(raw._collection) ? raw._collection : raw).filter(isBag);
}

type BaseKind = Exclude<ColumnType, "dateonly"> | "date";

/**
 * AttributeTypeCode names (lower case, without a "Type" suffix) in code order, the client API returning
 * AttributeType as that number and the Web API as the name; `name:kind` where the kind is not the name itself.
 */
const TYPE_CODES =
    "boolean customer:lookup datetime:date decimal double integer lookup memo money owner:lookup partylist " +
    "picklist:choice state:choice status:choice string uniqueidentifier calendarrules:unsupported " +
    "virtual:unsupported bigint managedproperty:unsupported entityname";
const TYPE_CODE_NAMES = TYPE_CODES.split(" ").map((code) => code.split(":")[0]);

/** Also the AttributeTypeName details of Virtual columns. A Map: a name like "constructor" must miss. */
const KIND_BY_TYPE_NAME = new Map(
    (TYPE_CODES + " multiselectpicklist:multichoice image file").split(" ").map((code) => {
        const parts = code.split(":");
        return [parts[0], (parts[1] ?? parts[0]) as BaseKind];
    }),
);

/** The kind of a type name such as "Lookup" or "MultiSelectPicklistType" (any case). */
function kindOf(typeName: unknown): BaseKind | undefined {
    return KIND_BY_TYPE_NAME.get(nonEmptyString(typeName)?.toLowerCase().replace(/type$/, "") ?? "");
}

/**
 * The first of the named properties that is set (neither null nor undefined), on the attribute or else on its
 * `attributeDescriptor`. Every property is read through here: the getEntityMetadata reference documents only
 * AttributeType, DisplayName, EntityLogicalName, LogicalName, OptionSet and DefaultFormValue on an attribute
 * (https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getentitymetadata);
 * model-driven hosts keep the rest (AttributeTypeName, Targets, AttributeOf…) on the descriptor, where public
 * client code reads them (TALXIS/base-controls, src/components/Grid/core/components/Component/model/Component.ts).
 * `names` are space-separated, the first one set wins (one string: no rest parameter for babel to rewrite).
 */
function property(attr: Bag, names: string): unknown {
    const descriptor = isBag(attr.attributeDescriptor) ? attr.attributeDescriptor : {};
    for (const name of names.split(" ")) {
        const value = attr[name] ?? descriptor[name];
        if (value !== undefined && value !== null) {
            return value;
        }
    }
    return undefined;
}

/** `{ Value: x }` (Web API managed properties and type names), `{ value: x }`, or x itself. */
function managedValue(raw: unknown): unknown {
    return isBag(raw) ? (raw.Value ?? raw.value) : raw;
}

// FormattingApi.Types.DateTimeFieldBehavior: 1 UserLocal, 2 DateOnly, 3 TimeZoneIndependent.
const DATE_BEHAVIORS: readonly DateBehavior[] = ["UserLocal", "DateOnly", "TimeZoneIndependent"];

function dateBehaviorOf(attr: Bag): DateBehavior {
    const raw = managedValue(property(attr, "DateTimeBehavior Behavior Behaviour"));
    const behavior =
        typeof raw === "number"
            ? DATE_BEHAVIORS[raw - 1]
            : DATE_BEHAVIORS.find((name) => typeof raw === "string" && name.toLowerCase() === raw.toLowerCase());
    return behavior ?? "UserLocal";
}

function hasDateOnlyFormat(attr: Bag): boolean {
    const raw = managedValue(property(attr, "Format FormatName"));
    return typeof raw === "string" && /^date(only)?$/i.test(raw.trim());
}

function labelText(raw: unknown): string | undefined {
    if (typeof raw === "string") {
        return raw;
    }
    if (!isBag(raw)) {
        return undefined;
    }
    // The user's language first, else the first localized label.
    const localized = raw.LocalizedLabels;
    return [raw.UserLocalizedLabel, Array.isArray(localized) ? localized[0] : undefined]
        .map((label) => (isBag(label) ? label.Label : undefined))
        .find((text): text is string => typeof text === "string");
}

function optionFrom(raw: unknown, keyValue?: number): OptionInfo | undefined {
    if (typeof raw === "string" && keyValue !== undefined) {
        return { value: keyValue, label: raw };
    }
    if (!isBag(raw)) {
        return undefined;
    }
    const value = Number(managedValue(raw) ?? keyValue);
    if (!Number.isInteger(value)) {
        return undefined;
    }
    // Client API builds differ: Label object, plain Label/label string, or a `text` field.
    const label = [raw.Label, raw.label, raw.text].map(labelText).find((text) => text !== undefined) ?? String(value);
    return { value, label };
}

function optionsOf(attr: Bag): OptionInfo[] | undefined {
    const set = property(attr, "OptionSet Options");
    // The options as an array: the set itself or its Options.
    const list = isBag(set) ? set.Options : set;
    let options: (OptionInfo | undefined)[];
    if (Array.isArray(list)) {
        options = list.map((item) => optionFrom(item));
    } else if (!isBag(set)) {
        return undefined;
    } else if (set.TrueOption !== undefined || set.FalseOption !== undefined) {
        options = [optionFrom(set.FalseOption, 0), optionFrom(set.TrueOption, 1)];
    } else {
        options = Object.keys(set)
            .filter((key) => /^-?\d+$/.test(key))
            .map((key) => optionFrom(set[key], Number(key)));
    }
    const present = options.filter((option): option is OptionInfo => option !== undefined);
    return present.length > 0 ? present : undefined;
}

function lowerCaseName(raw: unknown): string | undefined {
    return nonEmptyString(raw)?.toLowerCase();
}

function columnFrom(attr: Bag): ColumnInfo | undefined {
    const logicalName = lowerCaseName(property(attr, "LogicalName"));
    if (logicalName === undefined) {
        return undefined;
    }
    // The detail name is the more specific one: Virtual + MultiSelectPicklistType / ImageType / FileType.
    const detailKind = kindOf(managedValue(property(attr, "AttributeTypeName")));
    const base = property(attr, "AttributeType");
    const kind =
        detailKind !== undefined && detailKind !== "unsupported"
            ? detailKind
            : (kindOf(typeof base === "number" ? TYPE_CODE_NAMES[base] : base) ?? detailKind);

    const dateBehavior = kind === "date" ? dateBehaviorOf(attr) : undefined;
    const type: ColumnType =
        kind !== "date"
            ? (kind ?? "unknown")
            : dateBehavior === "DateOnly" || hasDateOnlyFormat(attr)
              ? "dateonly"
              : "datetime";

    const readable = managedValue(property(attr, "IsValidForRead"));
    const targets = property(attr, "Targets");

    return {
        logicalName,
        type,
        dateBehavior,
        options: type === "boolean" || type === "choice" || type === "multichoice" ? optionsOf(attr) : undefined,
        targets:
            type === "lookup" && Array.isArray(targets)
                ? targets.filter((t): t is string => typeof t === "string").map((t) => t.toLowerCase())
                : undefined,
        isValidForRead: typeof readable === "boolean" ? readable : undefined,
        attributeOf: lowerCaseName(property(attr, "AttributeOf")),
    };
}

/** Normalises the result of context.utils.getEntityMetadata (or a Web API EntityDefinitions row). */
export function normalizeEntityMetadata(raw: unknown): NormalizedEntityMetadata {
    if (!isBag(raw)) {
        return { columns: [] };
    }
    // The first column of each name, in order.
    const columns = new Map<string, ColumnInfo>();
    for (const attr of attributeObjects(raw.Attributes)) {
        const column = columnFrom(attr);
        if (column !== undefined && !columns.has(column.logicalName)) {
            columns.set(column.logicalName, column);
        }
    }
    return { primaryNameAttribute: lowerCaseName(raw.PrimaryNameAttribute), columns: [...columns.values()] };
}
