// Table metadata in the Client API's shape (context.utils.getEntityMetadata / Xrm.Utility.getEntityMetadata),
// built from the local Dataverse's /api/metadata answer. Shared by the form page and the grid page.
(function () {
    "use strict";

    const ATTRIBUTE_TYPE_CODES = {
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
        Picklist: 11,
        State: 12,
        Status: 13,
        String: 14,
        Uniqueidentifier: 15,
        Virtual: 17,
        BigInt: 18,
    };
    const VIRTUAL_TYPES = { MultiSelectPicklist: "MultiSelectPicklistType", Image: "ImageType", File: "FileType" };
    const DATE_BEHAVIOR = { UserLocal: 1, DateOnly: 2, TimeZoneIndependent: 3 };

    function clientAttribute(column) {
        const attribute = {
            LogicalName: column.logicalName,
            DisplayName: column.displayName,
            AttributeType: ATTRIBUTE_TYPE_CODES[column.type] ?? ATTRIBUTE_TYPE_CODES.Virtual,
            AttributeTypeName: { value: VIRTUAL_TYPES[column.type] ?? `${column.type}Type` },
            IsValidForRead: true,
        };
        if (column.maxLength) attribute.MaxLength = column.maxLength;
        if (column.format) attribute.Format = column.format;
        if (column.targets) attribute.Targets = column.targets;
        if (column.type === "DateTime") {
            attribute.Behavior = DATE_BEHAVIOR[column.dateBehavior ?? "UserLocal"];
            attribute.Format = column.dateBehavior === "DateOnly" ? "date" : "datetime";
        }
        if (column.type === "Boolean") {
            const label = (value) => ({
                UserLocalizedLabel: { Label: column.options.find((o) => o.value === value).label },
            });
            attribute.OptionSet = {
                TrueOption: { Value: 1, Label: label(1) },
                FalseOption: { Value: 0, Label: label(0) },
            };
        } else if (column.options) {
            attribute.OptionSet = Object.fromEntries(
                column.options.map((o) => [String(o.value), { value: o.value, text: o.label }]),
            );
        }
        return attribute;
    }

    /** Like the platform: only the attributes asked for. */
    function entityMetadata(meta, attributes) {
        const wanted = new Set((attributes ?? []).map((a) => a.toLowerCase()));
        const collection = {};
        for (const column of meta.columns) {
            if (wanted.has(column.logicalName)) collection[column.logicalName] = clientAttribute(column);
        }
        return {
            LogicalName: meta.LogicalName,
            EntitySetName: meta.EntitySetName,
            PrimaryIdAttribute: meta.PrimaryIdAttribute,
            PrimaryNameAttribute: meta.PrimaryNameAttribute,
            DisplayName: meta.DisplayName,
            Attributes: {
                _collection: collection,
                get: (name) => (name === undefined ? Object.values(collection) : collection[name]),
                getAll: () => Object.values(collection),
                getLength: () => Object.keys(collection).length,
            },
        };
    }

    window.LocalClientMetadata = { entityMetadata };
})();
