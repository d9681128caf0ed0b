import { isPlainObject, nonEmptyText } from "../contracts/plainData";
import type { ColumnInfo, ColumnType, DateBehavior, OptionInfo } from "./payload.types";

export interface NormalizedEntityMetadata {
    readonly logicalName?: string;
    readonly primaryIdAttribute?: string;
    readonly primaryNameAttribute?: string;
    readonly entitySetName?: string;
    readonly columns: readonly ColumnInfo[];
}

type Bag = Record<string, unknown>;

const isBag = isPlainObject;
const nonEmptyString = nonEmptyText;

/**
 * The `Attributes` member arrives in several shapes, so all tolerance for it lives here:
 * context.utils.getEntityMetadata in model-driven apps returns an Xrm collection (get(name), getAll(),
 * get() with no argument, the items also on `_collection` keyed by logical name); the Web API's
 * EntityDefinitions and test hosts return a plain array; some builds a bag keyed by logical name.
 * Each probe is guarded so one odd host method degrades to the next shape instead of failing the click.
 */
function attributeObjects(raw: unknown): Bag[] {
    if (Array.isArray(raw)) {
        return raw.filter(isBag);
    }
    if (!isBag(raw)) {
        return [];
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
    const bag = isBag(raw._collection) ? raw._collection : raw;
    return Object.values(bag).filter(isBag);
}

// AttributeTypeCode: the client API returns AttributeType as this number, the Web API as its name.
const TYPE_CODE_NAMES = [
    "Boolean",
    "Customer",
    "DateTime",
    "Decimal",
    "Double",
    "Integer",
    "Lookup",
    "Memo",
    "Money",
    "Owner",
    "PartyList",
    "Picklist",
    "State",
    "Status",
    "String",
    "Uniqueidentifier",
    "CalendarRules",
    "Virtual",
    "BigInt",
    "ManagedProperty",
    "EntityName",
];

type BaseKind = Exclude<ColumnType, "dateonly"> | "date";

const KIND_BY_TYPE_NAME: Readonly<Record<string, BaseKind>> = {
    boolean: "boolean",
    customer: "lookup",
    lookup: "lookup",
    owner: "lookup",
    datetime: "date",
    decimal: "decimal",
    double: "double",
    integer: "integer",
    bigint: "bigint",
    memo: "memo",
    string: "string",
    money: "money",
    picklist: "choice",
    state: "choice",
    status: "choice",
    multiselectpicklist: "multichoice",
    uniqueidentifier: "uniqueidentifier",
    entityname: "entityname",
    partylist: "partylist",
    image: "image",
    file: "file",
    calendarrules: "unsupported",
    managedproperty: "unsupported",
    virtual: "unsupported",
};

function kindOf(typeName: string | undefined): BaseKind | undefined {
    if (typeName === undefined) {
        return undefined;
    }
    const key = typeName.toLowerCase().replace(/type$/, "");
    return Object.prototype.hasOwnProperty.call(KIND_BY_TYPE_NAME, key) ? KIND_BY_TYPE_NAME[key] : undefined;
}

function baseTypeName(attr: Bag): string | undefined {
    const raw = attr.AttributeType;
    if (typeof raw === "number") {
        return TYPE_CODE_NAMES[raw];
    }
    return nonEmptyString(raw);
}

/** AttributeTypeName: `{ Value: "MultiSelectPicklistType" }` (Web API), `{ value: … }` or a plain string. */
function detailTypeName(attr: Bag): string | undefined {
    const raw = attr.AttributeTypeName;
    return isBag(raw) ? nonEmptyString(raw.Value ?? raw.value) : nonEmptyString(raw);
}

/** Model-driven hosts also expose some properties only on `attributeDescriptor`. */
function property(attr: Bag, name: string): unknown {
    if (attr[name] !== undefined) {
        return attr[name];
    }
    const descriptor = attr.attributeDescriptor;
    return isBag(descriptor) ? descriptor[name] : undefined;
}

function managedValue(raw: unknown): unknown {
    return isBag(raw) ? (raw.Value ?? raw.value) : raw;
}

function dateBehaviorOf(attr: Bag): DateBehavior {
    const raw = managedValue(
        property(attr, "DateTimeBehavior") ?? property(attr, "Behavior") ?? property(attr, "Behaviour"),
    );
    // FormattingApi.Types.DateTimeFieldBehavior: 1 UserLocal, 2 DateOnly, 3 TimeZoneIndependent.
    if (raw === 2 || (typeof raw === "string" && raw.toLowerCase() === "dateonly")) {
        return "DateOnly";
    }
    if (raw === 3 || (typeof raw === "string" && raw.toLowerCase() === "timezoneindependent")) {
        return "TimeZoneIndependent";
    }
    return "UserLocal";
}

function hasDateOnlyFormat(attr: Bag): boolean {
    const raw = managedValue(property(attr, "Format") ?? property(attr, "FormatName"));
    return typeof raw === "string" && /^date(only)?$/i.test(raw.trim());
}

function labelText(raw: unknown): string | undefined {
    if (typeof raw === "string") {
        return raw;
    }
    if (!isBag(raw)) {
        return undefined;
    }
    const user = raw.UserLocalizedLabel;
    if (isBag(user) && typeof user.Label === "string") {
        return user.Label;
    }
    const localized = raw.LocalizedLabels;
    if (Array.isArray(localized) && isBag(localized[0]) && typeof localized[0].Label === "string") {
        return localized[0].Label;
    }
    return undefined;
}

function optionFrom(raw: unknown, keyValue?: number): OptionInfo | undefined {
    if (typeof raw === "string" && keyValue !== undefined) {
        return { value: keyValue, label: raw };
    }
    if (!isBag(raw)) {
        return undefined;
    }
    const value = Number(raw.Value ?? raw.value ?? keyValue);
    if (!Number.isInteger(value)) {
        return undefined;
    }
    // Client API builds differ: Label object, plain Label/label string, or a `text` field.
    const label = labelText(raw.Label) ?? labelText(raw.label) ?? labelText(raw.text) ?? String(value);
    return { value, label };
}

function optionsOf(attr: Bag): OptionInfo[] | undefined {
    const set = property(attr, "OptionSet") ?? property(attr, "Options");
    let options: (OptionInfo | undefined)[];
    if (Array.isArray(set)) {
        options = set.map((item) => optionFrom(item));
    } else if (isBag(set) && Array.isArray(set.Options)) {
        options = set.Options.map((item) => optionFrom(item));
    } else if (isBag(set) && (set.TrueOption !== undefined || set.FalseOption !== undefined)) {
        options = [optionFrom(set.FalseOption, 0), optionFrom(set.TrueOption, 1)];
    } else if (isBag(set)) {
        options = Object.entries(set)
            .filter(([key]) => /^-?\d+$/.test(key))
            .map(([key, item]) => optionFrom(item, Number(key)));
    } else {
        return undefined;
    }
    const present = options.filter((option): option is OptionInfo => option !== undefined);
    return present.length > 0 ? present : undefined;
}

function columnFrom(attr: Bag): ColumnInfo | undefined {
    const logicalName = nonEmptyString(attr.LogicalName)?.toLowerCase();
    if (logicalName === undefined) {
        return undefined;
    }
    const base = baseTypeName(attr);
    const detail = detailTypeName(attr);
    // The detail name is the more specific one: Virtual + MultiSelectPicklistType / ImageType / FileType.
    const detailKind = kindOf(detail);
    const kind = detailKind !== undefined && detailKind !== "unsupported" ? detailKind : (kindOf(base) ?? detailKind);

    let type: ColumnType;
    let dateBehavior: DateBehavior | undefined;
    if (kind === "date") {
        dateBehavior = dateBehaviorOf(attr);
        type = dateBehavior === "DateOnly" || hasDateOnlyFormat(attr) ? "dateonly" : "datetime";
    } else {
        type = kind ?? "unknown";
    }

    const targets = Array.isArray(attr.Targets)
        ? attr.Targets.filter((t): t is string => typeof t === "string").map((t) => t.toLowerCase())
        : undefined;
    const readable = managedValue(attr.IsValidForRead);

    return {
        logicalName,
        type,
        attributeType: detail ?? base,
        displayName: labelText(attr.DisplayName),
        dateBehavior,
        options: type === "boolean" || type === "choice" || type === "multichoice" ? optionsOf(attr) : undefined,
        targets: type === "lookup" ? targets : undefined,
        isValidForRead: typeof readable === "boolean" ? readable : undefined,
        attributeOf: nonEmptyString(attr.AttributeOf)?.toLowerCase(),
    };
}

/** Normalises the result of context.utils.getEntityMetadata (or a Web API EntityDefinitions row). */
export function normalizeEntityMetadata(raw: unknown): NormalizedEntityMetadata {
    if (!isBag(raw)) {
        return { columns: [] };
    }
    const columns: ColumnInfo[] = [];
    const seen = new Set<string>();
    for (const attr of attributeObjects(raw.Attributes)) {
        const column = columnFrom(attr);
        if (column !== undefined && !seen.has(column.logicalName)) {
            seen.add(column.logicalName);
            columns.push(column);
        }
    }
    return {
        logicalName: nonEmptyString(raw.LogicalName)?.toLowerCase(),
        primaryIdAttribute: nonEmptyString(raw.PrimaryIdAttribute)?.toLowerCase(),
        primaryNameAttribute: nonEmptyString(raw.PrimaryNameAttribute)?.toLowerCase(),
        entitySetName: nonEmptyString(raw.EntitySetName),
        columns,
    };
}
