import { normalizeEntityMetadata } from "../../../FlowTriggerControl/payload/metadata";
import type { ColumnInfo } from "../../../FlowTriggerControl/payload/payload.types";
import {
    accountAttributes,
    accountMetadata,
    contactMetadataWebApiShape,
    documentedShape,
    emailMetadata,
    xrmCollection,
} from "./fixtures";

function byName(columns: readonly ColumnInfo[]): Record<string, ColumnInfo> {
    return Object.fromEntries(columns.map((c) => [c.logicalName, c]));
}

describe("normalizeEntityMetadata: client API shape (context.utils.getEntityMetadata)", () => {
    const meta = normalizeEntityMetadata(accountMetadata());
    const columns = byName(meta.columns);

    it("reads the primary name column", () => {
        expect(meta.primaryNameAttribute).toBe("name");
        expect(meta.columns).toHaveLength(accountAttributes.length);
    });

    it.each([
        ["accountid", "uniqueidentifier"],
        ["name", "string"],
        ["description", "memo"],
        ["emailaddress1", "string"],
        ["telephone1", "string"],
        ["websiteurl", "string"],
        ["tickersymbol", "string"],
        ["numberofemployees", "integer"],
        ["revenue", "money"],
        ["exchangerate", "decimal"],
        ["address1_latitude", "double"],
        ["versionnumber", "bigint"],
        ["donotemail", "boolean"],
        ["industrycode", "choice"],
        ["statecode", "choice"],
        ["statuscode", "choice"],
        ["new_regions", "multichoice"],
        ["primarycontactid", "lookup"],
        ["ownerid", "lookup"],
        ["createdon", "datetime"],
        ["new_contractdate", "dateonly"],
        ["new_foundedon", "dateonly"],
        ["new_meetingtime", "datetime"],
        ["new_targettable", "entityname"],
        ["entityimage", "image"],
        ["new_contract", "file"],
        ["new_managed", "unsupported"],
        ["new_future", "unknown"],
    ])("maps %s to %s", (name, type) => {
        expect(columns[name].type).toBe(type);
    });

    it("keeps date behaviours, including attributeDescriptor-only ones", () => {
        expect(columns.createdon.dateBehavior).toBe("UserLocal");
        expect(columns.new_contractdate.dateBehavior).toBe("DateOnly");
        expect(columns.new_foundedon.dateBehavior).toBe("UserLocal");
        expect(columns.new_meetingtime.dateBehavior).toBe("TimeZoneIndependent");
    });

    it("reads key:value option bags", () => {
        expect(columns.donotemail.options).toEqual([
            { value: 0, label: "Allow" },
            { value: 1, label: "Do Not Allow" },
        ]);
        expect(columns.new_regions.options).toHaveLength(3);
        expect(columns.industrycode.options?.[0]).toEqual({ value: 1, label: "Accounting" });
    });

    it("keeps lookup targets, AttributeOf and IsValidForRead", () => {
        expect(columns.ownerid.targets).toEqual(["systemuser", "team"]);
        expect(columns.entityimage_url.attributeOf).toBe("entityimage");
        expect(columns.new_secret.isValidForRead).toBe(false);
        expect(columns.name.isValidForRead).toBe(true);
    });
});

describe("normalizeEntityMetadata: documented members only, the rest on attributeDescriptor", () => {
    const fullShape = normalizeEntityMetadata(accountMetadata());
    const documented = normalizeEntityMetadata(documentedShape(accountMetadata()));
    const columns = byName(documented.columns);

    it("the fixture keeps AttributeTypeName, Targets, AttributeOf and IsValidForRead off the attribute", () => {
        const attributes = (documentedShape(accountMetadata()).Attributes as { getAll: () => object[] }).getAll();
        const regions = attributes.find((a) => "LogicalName" in a && a.LogicalName === "new_regions")!;
        expect(Object.keys(regions).sort()).toEqual([
            "AttributeType",
            "DisplayName",
            "EntityLogicalName",
            "LogicalName",
            "OptionSet",
            "attributeDescriptor",
        ]);
    });

    it("reads every column as the full shape does", () => {
        expect(documented).toEqual(fullShape);
    });

    it("finds multi-select, image and file columns behind AttributeType Virtual", () => {
        expect(columns.new_regions.type).toBe("multichoice");
        expect(columns.entityimage.type).toBe("image");
        expect(columns.new_contract.type).toBe("file");
    });

    it("keeps lookup targets, AttributeOf and IsValidForRead from the descriptor", () => {
        expect(columns.primarycontactid.targets).toEqual(["contact"]);
        expect(columns.ownerid.targets).toEqual(["systemuser", "team"]);
        expect(columns.entityimage_url.attributeOf).toBe("entityimage");
        expect(columns.new_contract_name.attributeOf).toBe("new_contract");
        expect(columns.new_secret.isValidForRead).toBe(false);
    });

    it("reads a descriptor-only logical name and type", () => {
        const meta = normalizeEntityMetadata({
            Attributes: [
                {
                    attributeDescriptor: {
                        LogicalName: "New_Tags",
                        AttributeType: 17,
                        AttributeTypeName: "MultiSelectPicklistType",
                    },
                },
            ],
        });
        expect(meta.columns).toEqual([expect.objectContaining({ logicalName: "new_tags", type: "multichoice" })]);
    });
});

describe("normalizeEntityMetadata: other shapes", () => {
    it("reads the Web API EntityDefinitions shape (array, label objects, Options, TrueOption/FalseOption)", () => {
        const columns = byName(normalizeEntityMetadata(contactMetadataWebApiShape()).columns);
        expect(columns.parentcustomerid).toMatchObject({ type: "lookup", targets: ["account", "contact"] });
        expect(columns.birthdate).toMatchObject({ type: "dateonly", dateBehavior: "DateOnly" });
        expect(columns.gendercode.options).toEqual([
            { value: 1, label: "Male" },
            { value: 2, label: "Female" },
        ]);
        expect(columns.donotphone.options).toEqual([
            { value: 0, label: "Allow" },
            { value: 1, label: "Do Not Allow" },
        ]);
        expect(columns.new_interests.type).toBe("multichoice");
        expect(columns.new_photo.type).toBe("image");
    });

    it("reads partylist and polymorphic regarding columns", () => {
        const columns = byName(normalizeEntityMetadata(emailMetadata()).columns);
        expect(columns.to.type).toBe("partylist");
        expect(columns.regardingobjectid.targets).toHaveLength(4);
    });

    it("reads an Attributes bag keyed by logical name and the _collection of an Xrm collection", () => {
        const items = [
            { LogicalName: "name", AttributeType: 14 },
            { LogicalName: "revenue", AttributeType: 8 },
        ];
        const bag = normalizeEntityMetadata({ Attributes: { name: items[0], revenue: items[1] } });
        expect(bag.columns.map((c) => c.type)).toEqual(["string", "money"]);
        const onlyCollection = normalizeEntityMetadata({
            Attributes: { _collection: { name: items[0] }, getAll: () => [] },
        });
        expect(onlyCollection.columns.map((c) => c.logicalName)).toEqual(["name"]);
    });

    it("survives a collection whose methods throw, and falls back to _collection", () => {
        const throwing = {
            _collection: { name: { LogicalName: "name", AttributeType: 14 } },
            getAll: () => {
                throw new Error("not here");
            },
            get: () => {
                throw new Error("nor here");
            },
        };
        expect(normalizeEntityMetadata({ Attributes: throwing }).columns).toHaveLength(1);
    });

    it("uses get() without an argument when getAll is missing", () => {
        const collection = xrmCollection([{ LogicalName: "name", AttributeType: 14 }]);
        delete collection.getAll;
        expect(normalizeEntityMetadata({ Attributes: collection }).columns).toHaveLength(1);
    });

    it.each([
        undefined,
        null,
        42,
        "account",
        [],
        { Attributes: "nope" },
        { Attributes: [null, 3, { AttributeType: 14 }] },
    ])("returns no columns, never throws, for %p", (raw) => {
        expect(normalizeEntityMetadata(raw).columns).toEqual([]);
    });

    it("reads option bags whose items are objects (Value/Label, value/text, empty label objects)", () => {
        const meta = normalizeEntityMetadata({
            Attributes: [
                {
                    LogicalName: "industrycode",
                    AttributeType: 11,
                    OptionSet: {
                        1: { Value: 1, Label: { UserLocalizedLabel: null, LocalizedLabels: [] }, text: "Accounting" },
                        2: { value: 2, label: "Agriculture" },
                        3: { Label: { LocalizedLabels: [{ Label: "Broadcasting" }] } },
                        4: { Value: "x" },
                    },
                },
            ],
        });
        expect(meta.columns[0].options).toEqual([
            { value: 1, label: "Accounting" },
            { value: 2, label: "Agriculture" },
            { value: 3, label: "Broadcasting" },
        ]);
    });

    it("lower-cases names and ignores duplicates", () => {
        const meta = normalizeEntityMetadata({
            PrimaryNameAttribute: "Name",
            Attributes: [
                { LogicalName: "Name", AttributeType: 14 },
                { LogicalName: "name", AttributeType: 7 },
            ],
        });
        expect(meta.primaryNameAttribute).toBe("name");
        expect(meta.columns).toEqual([expect.objectContaining({ logicalName: "name", type: "string" })]);
    });
});

describe("normalizeEntityMetadata: every AttributeTypeCode", () => {
    // https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/attributetypecode (name, value);
    // the client API gives AttributeType as the value, the Web API as the name.
    const documented: readonly [string, number, string][] = [
        ["Boolean", 0, "boolean"],
        ["Customer", 1, "lookup"],
        ["DateTime", 2, "datetime"],
        ["Decimal", 3, "decimal"],
        ["Double", 4, "double"],
        ["Integer", 5, "integer"],
        ["Lookup", 6, "lookup"],
        ["Memo", 7, "memo"],
        ["Money", 8, "money"],
        ["Owner", 9, "lookup"],
        ["PartyList", 10, "partylist"],
        ["Picklist", 11, "choice"],
        ["State", 12, "choice"],
        ["Status", 13, "choice"],
        ["String", 14, "string"],
        ["Uniqueidentifier", 15, "uniqueidentifier"],
        ["CalendarRules", 16, "unsupported"],
        ["Virtual", 17, "unsupported"],
        ["BigInt", 18, "bigint"],
        ["ManagedProperty", 19, "unsupported"],
        ["EntityName", 20, "entityname"],
    ];
    const typeOf = (attributeType: unknown) =>
        normalizeEntityMetadata({ Attributes: [{ LogicalName: "c", AttributeType: attributeType }] }).columns[0]?.type;

    it.each(documented)(
        "%s (%i) is a %s column, by its value, its name and its name with Type",
        (name, value, kind) => {
            expect(typeOf(value)).toBe(kind);
            expect(typeOf(name)).toBe(kind);
            expect(typeOf(`${name}Type`)).toBe(kind);
        },
    );

    it.each([21, -1, 1.5, "constructor", "__proto__", "toString", "NoSuchType"])(
        "%p is no known type: the same as any unknown type",
        (attributeType) => {
            expect(typeOf(attributeType)).toEqual(typeOf("Unknown"));
        },
    );
});
