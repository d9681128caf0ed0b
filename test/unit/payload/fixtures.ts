/**
 * Realistic host data for the payload tests: metadata in the client-API shape that
 * context.utils.getEntityMetadata returns in model-driven apps (numeric AttributeType, key:value
 * OptionSet bags, an Xrm collection for Attributes) and in the Web API EntityDefinitions shape,
 * plus retrieveRecord rows with the OData annotations Xrm.WebApi adds.
 */
import { FORMATTED, LOOKUP, NAV } from "../../support/odata";
import type { RecordSnapshot } from "../../../FlowTriggerControl/contracts/record";
import type { Result } from "../../../FlowTriggerControl/contracts/result";
import type { FieldSelection } from "../../../FlowTriggerControl/payload/payload.types";
import { createRecordReader, type RecordReaderSources } from "../../../FlowTriggerControl/payload/recordReader";

export const ACCOUNT_ID = "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f";
export const CONTACT_ID = "aadbf27c-8efb-e511-80d2-00155db07c77";
export const TEAM_ID = "4294cbf9-7534-e311-8b6d-6c3be5a8f660";
export const CURRENCY_ID = "228f42f8-e646-e111-8eb7-78e7d162ced1";
export const FILE_ID = "0d2d6f7a-1111-4bbb-8ccc-123456789abc";

type Attr = Record<string, unknown>;

/** The collection shape the model-driven client API uses for EntityMetadata.Attributes. */
export function xrmCollection(items: Attr[]): Record<string, unknown> {
    const byName: Record<string, Attr> = {};
    for (const item of items) byName[item.LogicalName as string] = item;
    return {
        _collection: byName,
        get: (name?: string | number) =>
            name === undefined ? items : typeof name === "number" ? items[name] : byName[name],
        getAll: () => items,
        getLength: () => items.length,
    };
}

// AttributeTypeCode numbers, as the client API returns them.
const T = {
    Boolean: 0,
    Customer: 1,
    DateTime: 2,
    Decimal: 3,
    Double: 4,
    Integer: 5,
    Lookup: 6,
    Memo: 7,
    Money: 8,
    Owner: 9,
    PartyList: 10,
    Picklist: 11,
    State: 12,
    Status: 13,
    String: 14,
    Uniqueidentifier: 15,
    Virtual: 17,
    BigInt: 18,
    ManagedProperty: 19,
    EntityName: 20,
} as const;

function attr(logicalName: string, type: number, extra: Attr = {}): Attr {
    return {
        LogicalName: logicalName,
        EntityLogicalName: "account",
        AttributeType: type,
        DisplayName: logicalName,
        IsValidForRead: true,
        ...extra,
    };
}

/** Every account column the tests use, client-API shape. */
export const accountAttributes: Attr[] = [
    attr("accountid", T.Uniqueidentifier, { IsPrimaryId: true }),
    attr("name", T.String, { IsPrimaryName: true, DisplayName: "Account Name" }),
    attr("description", T.Memo),
    attr("emailaddress1", T.String, { Format: "Email" }),
    attr("telephone1", T.String, { Format: "Phone" }),
    attr("websiteurl", T.String, { Format: "Url" }),
    attr("tickersymbol", T.String, { Format: "TickerSymbol" }),
    attr("numberofemployees", T.Integer),
    attr("revenue", T.Money),
    attr("revenue_base", T.Money),
    attr("exchangerate", T.Decimal),
    attr("address1_latitude", T.Double),
    attr("versionnumber", T.BigInt),
    attr("new_bignumber", T.BigInt),
    attr("donotemail", T.Boolean, { OptionSet: { 0: "Allow", 1: "Do Not Allow" } }),
    attr("industrycode", T.Picklist, { OptionSet: { 1: "Accounting", 2: "Agriculture", 3: "Broadcasting" } }),
    attr("statecode", T.State, { OptionSet: { 0: "Active", 1: "Inactive" } }),
    attr("statuscode", T.Status, { OptionSet: { 1: "Active", 2: "Inactive" } }),
    attr("new_regions", T.Virtual, {
        AttributeTypeName: { value: "MultiSelectPicklistType" },
        OptionSet: { 100000000: "North", 100000001: "East", 100000002: "South" },
    }),
    attr("primarycontactid", T.Lookup, { Targets: ["contact"] }),
    attr("parentaccountid", T.Lookup, { Targets: ["account"] }),
    attr("ownerid", T.Owner, { Targets: ["systemuser", "team"] }),
    attr("transactioncurrencyid", T.Lookup, { Targets: ["transactioncurrency"] }),
    attr("createdon", T.DateTime, { Behavior: 1, Format: "datetime" }),
    attr("new_contractdate", T.DateTime, { Behavior: 2, Format: "date" }),
    // Older "Date Only" columns keep UserLocal behaviour: stored as the user's local midnight in UTC.
    attr("new_foundedon", T.DateTime, { attributeDescriptor: { Behavior: 1, Format: "date" } }),
    attr("new_meetingtime", T.DateTime, { Behavior: 3, Format: "datetime" }),
    attr("new_externalkey", T.Uniqueidentifier),
    attr("new_targettable", T.EntityName),
    attr("entityimage", T.Virtual, { AttributeTypeName: { value: "ImageType" } }),
    attr("entityimage_url", T.String, { AttributeOf: "entityimage" }),
    attr("new_contract", T.Virtual, { AttributeTypeName: { value: "FileType" } }),
    attr("new_contract_name", T.String, { AttributeOf: "new_contract" }),
    attr("new_secret", T.String, { IsValidForRead: false }),
    attr("new_managed", T.ManagedProperty),
    attr("new_future", 99),
];

/** What context.utils.getEntityMetadata("account", names) resolves to in a model-driven app. */
export function accountMetadata(names?: readonly string[]): Record<string, unknown> {
    const wanted =
        names === undefined
            ? accountAttributes
            : accountAttributes.filter((a) => names.includes(a.LogicalName as string));
    return {
        LogicalName: "account",
        EntitySetName: "accounts",
        PrimaryIdAttribute: "accountid",
        PrimaryNameAttribute: "name",
        DisplayName: "Account",
        Attributes: xrmCollection(wanted),
    };
}

/** An account row as context.webAPI.retrieveRecord returns it without $select. */
export function accountRow(): Record<string, unknown> {
    return {
        "@odata.context": "[Organization URI]/api/data/v9.0/$metadata#accounts/$entity",
        "@odata.etag": 'W/"4711"',
        accountid: ACCOUNT_ID,
        name: "Contoso Ltd",
        description: null,
        emailaddress1: "info@contoso.example",
        telephone1: "+49 30 1234567",
        websiteurl: "https://contoso.example",
        tickersymbol: "CTSO",
        numberofemployees: 250,
        [`numberofemployees${FORMATTED}`]: "250",
        revenue: 12500.5,
        [`revenue${FORMATTED}`]: "€12,500.50",
        revenue_base: 13350.53,
        [`revenue_base${FORMATTED}`]: "$13,350.53",
        exchangerate: 1.068,
        address1_latitude: 52.520008,
        versionnumber: 8412345,
        // Beyond 2^53: JSON parsing in the browser has already rounded it.
        new_bignumber: Number("9007199254740993"),
        _transactioncurrencyid_value: CURRENCY_ID,
        [`_transactioncurrencyid_value${FORMATTED}`]: "Euro",
        [`_transactioncurrencyid_value${NAV}`]: "transactioncurrencyid",
        [`_transactioncurrencyid_value${LOOKUP}`]: "transactioncurrency",
        donotemail: true,
        [`donotemail${FORMATTED}`]: "Do Not Allow",
        industrycode: 1,
        [`industrycode${FORMATTED}`]: "Accounting",
        statecode: 0,
        [`statecode${FORMATTED}`]: "Active",
        statuscode: 1,
        [`statuscode${FORMATTED}`]: "Active",
        new_regions: "100000000,100000002",
        [`new_regions${FORMATTED}`]: "North; South",
        _primarycontactid_value: CONTACT_ID.toUpperCase(),
        [`_primarycontactid_value${FORMATTED}`]: "Adele Vance",
        [`_primarycontactid_value${NAV}`]: "primarycontactid",
        [`_primarycontactid_value${LOOKUP}`]: "contact",
        _parentaccountid_value: null,
        _ownerid_value: TEAM_ID,
        [`_ownerid_value${FORMATTED}`]: "Sales Team",
        [`_ownerid_value${NAV}`]: "ownerid_team",
        [`_ownerid_value${LOOKUP}`]: "team",
        createdon: "2026-11-26T10:15:30Z",
        [`createdon${FORMATTED}`]: "26/11/2026 11:15",
        new_contractdate: "2026-11-26",
        [`new_contractdate${FORMATTED}`]: "26/11/2026",
        // Entered as 26 Nov 2026 by a user in Berlin (UTC+1): naive UTC reading gives the 25th.
        new_foundedon: "2026-11-25T23:00:00Z",
        [`new_foundedon${FORMATTED}`]: "26/11/2026",
        new_meetingtime: "2026-11-26T09:00:00Z",
        new_externalkey: "{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}",
        new_targettable: "contact",
        entityimage_url: "/Image/download.aspx?Entity=account&Attribute=entityimage",
        new_contract: FILE_ID,
        new_contract_name: "contract.pdf",
        new_secret: "hidden",
        new_future: "opaque-value",
    };
}

/** Contact definition in the Web API EntityDefinitions shape (a plain array, labels as objects). */
export function contactMetadataWebApiShape(): Record<string, unknown> {
    const label = (text: string) => ({
        UserLocalizedLabel: { Label: text, LanguageCode: 1033 },
        LocalizedLabels: [{ Label: text }],
    });
    return {
        LogicalName: "contact",
        EntitySetName: "contacts",
        PrimaryIdAttribute: "contactid",
        PrimaryNameAttribute: "fullname",
        Attributes: [
            {
                LogicalName: "contactid",
                AttributeType: "Uniqueidentifier",
                AttributeTypeName: { Value: "UniqueidentifierType" },
            },
            {
                LogicalName: "fullname",
                AttributeType: "String",
                AttributeTypeName: { Value: "StringType" },
                DisplayName: label("Full Name"),
            },
            {
                LogicalName: "parentcustomerid",
                AttributeType: "Customer",
                AttributeTypeName: { Value: "CustomerType" },
                Targets: ["account", "contact"],
            },
            {
                LogicalName: "birthdate",
                AttributeType: "DateTime",
                AttributeTypeName: { Value: "DateTimeType" },
                DateTimeBehavior: { Value: "DateOnly" },
                Format: "DateOnly",
            },
            {
                LogicalName: "gendercode",
                AttributeType: "Picklist",
                AttributeTypeName: { Value: "PicklistType" },
                OptionSet: {
                    Options: [
                        { Value: 1, Label: label("Male") },
                        { Value: 2, Label: label("Female") },
                    ],
                },
            },
            {
                LogicalName: "donotphone",
                AttributeType: "Boolean",
                AttributeTypeName: { Value: "BooleanType" },
                OptionSet: {
                    TrueOption: { Value: 1, Label: label("Do Not Allow") },
                    FalseOption: { Value: 0, Label: label("Allow") },
                },
            },
            {
                LogicalName: "new_interests",
                AttributeType: "Virtual",
                AttributeTypeName: { Value: "MultiSelectPicklistType" },
                OptionSet: {
                    Options: [
                        { Value: 7, Label: label("Golf") },
                        { Value: 8, Label: label("Sailing") },
                    ],
                },
            },
            { LogicalName: "new_photo", AttributeType: "Virtual", AttributeTypeName: { Value: "ImageType" } },
        ],
    };
}

export function contactRow(): Record<string, unknown> {
    return {
        "@odata.etag": 'W/"99"',
        contactid: CONTACT_ID,
        fullname: "Adele Vance",
        _parentcustomerid_value: ACCOUNT_ID,
        [`_parentcustomerid_value${FORMATTED}`]: "Contoso Ltd",
        [`_parentcustomerid_value${NAV}`]: "parentcustomerid_account",
        [`_parentcustomerid_value${LOOKUP}`]: "account",
        birthdate: "1990-03-01",
        gendercode: 2,
        donotphone: false,
        new_interests: "7,8",
    };
}

/** An email activity: polymorphic regarding and a party list. */
export function emailMetadata(): Record<string, unknown> {
    return {
        LogicalName: "email",
        PrimaryIdAttribute: "activityid",
        PrimaryNameAttribute: "subject",
        Attributes: xrmCollection([
            { LogicalName: "subject", AttributeType: T.String },
            {
                LogicalName: "regardingobjectid",
                AttributeType: T.Lookup,
                Targets: ["account", "contact", "opportunity", "incident"],
            },
            { LogicalName: "to", AttributeType: T.PartyList, Targets: ["account", "contact", "systemuser"] },
        ]),
    };
}

/**
 * The members the getEntityMetadata reference documents on an attribute
 * (learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getentitymetadata).
 */
const DOCUMENTED_ATTRIBUTE_MEMBERS = [
    "AttributeType",
    "DisplayName",
    "EntityLogicalName",
    "LogicalName",
    "OptionSet",
    "DefaultFormValue",
];

/**
 * The same metadata as a host that gives only the documented members on each attribute and keeps every
 * other one (AttributeTypeName, Targets, AttributeOf, IsValidForRead, Format, Behavior…) on
 * `attributeDescriptor`, where public client code reads them.
 */
export function documentedShape(metadata: Record<string, unknown>): Record<string, unknown> {
    const collection = metadata.Attributes as { getAll: () => Attr[] };
    const attributes = collection.getAll().map((full) => {
        const { attributeDescriptor, ...members } = full;
        const attribute: Attr = { attributeDescriptor: { ...(attributeDescriptor as Attr), ...members } };
        for (const name of DOCUMENTED_ATTRIBUTE_MEMBERS) {
            if (name in members) attribute[name] = members[name];
        }
        return attribute;
    });
    return { ...metadata, Attributes: xrmCollection(attributes) };
}

/** One-off read with a fresh metadata cache (the control creates one reader per instance). */
export function readRecord(
    table: string,
    id: string,
    selection: FieldSelection,
    sources: RecordReaderSources,
): Promise<Result<RecordSnapshot>> {
    return createRecordReader(sources).read(table, id, selection);
}
