// The Client API over the local Dataverse, shared by the form page and the grid page: the Web API
// (context.webAPI / Xrm.WebApi) with the platform's error shape, and table metadata in the shape of
// context.utils.getEntityMetadata / Xrm.Utility.getEntityMetadata, built from the /api/metadata answer
// (by default the documented members only, the rest on attributeDescriptor; see clientAttribute).
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

    /** Every member a host may give an attribute, on one object (the "full" shape). */
    function fullAttribute(column, table) {
        const attribute = {
            LogicalName: column.logicalName,
            EntityLogicalName: table,
            DisplayName: column.displayName,
            AttributeType: ATTRIBUTE_TYPE_CODES[column.type] ?? ATTRIBUTE_TYPE_CODES.Virtual,
            AttributeTypeName: { value: VIRTUAL_TYPES[column.type] ?? `${column.type}Type` },
            IsValidForRead: true,
        };
        if (column.attributeOf) attribute.AttributeOf = column.attributeOf;
        if (column.maxLength) attribute.MaxLength = column.maxLength;
        if (column.format) attribute.Format = column.format;
        if (column.targets) attribute.Targets = column.targets;
        if (column.type === "DateTime") {
            attribute.Behavior = DATE_BEHAVIOR[column.dateBehavior ?? "UserLocal"];
            // A UserLocal column may have the date-only format too (stored as the user's local midnight in UTC).
            attribute.Format = column.dateBehavior === "DateOnly" || column.format === "DateOnly" ? "date" : "datetime";
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

    // The members the getEntityMetadata reference documents on each attribute:
    // https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getentitymetadata
    const DOCUMENTED_MEMBERS = [
        "AttributeType",
        "DisplayName",
        "EntityLogicalName",
        "LogicalName",
        "OptionSet",
        "DefaultFormValue",
    ];

    /**
     * "documented" (the default): only the documented members on the attribute, everything else only on
     * `attributeDescriptor`, where public client code reads AttributeTypeName, Targets and AttributeOf
     * (e.g. TALXIS/base-controls, src/components/Grid/core/components/Component/model/Component.ts).
     * "full": every member on the attribute itself, no descriptor.
     */
    function clientAttribute(column, table, shape) {
        const full = fullAttribute(column, table);
        if (shape === "full") return full;
        const attribute = { attributeDescriptor: full };
        for (const name of DOCUMENTED_MEMBERS) if (name in full) attribute[name] = full[name];
        return attribute;
    }

    /** Like the platform: only the attributes asked for. */
    function entityMetadata(meta, attributes, shape) {
        const wanted = new Set((attributes ?? []).map((a) => a.toLowerCase()));
        const collection = {};
        for (const column of meta.columns) {
            if (wanted.has(column.logicalName))
                collection[column.logicalName] = clientAttribute(column, meta.LogicalName, shape);
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

    // Error codes as the Client API documents errorCallback's errorCode: "a positive decimal number"
    // (0x80040333 arrives as 2147746611), https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrieverecord
    const hresultNumber = (hex) => parseInt(hex, 16);
    const OBJECT_DOES_NOT_EXIST = hresultNumber("80040217");
    const QUERY_BUILDER_ERROR = hresultNumber("80060888");
    const NETWORK_FAILURE = hresultNumber("800706BE");

    function webApiError(status, body) {
        const error = new Error(body?.error?.message ?? `HTTP ${status}`);
        // The Web API answer's own code (hex text) when it has one.
        const code = /^0x([0-9a-f]{8})$/i.exec(body?.error?.code ?? "")?.[1];
        error.errorCode = code ? hresultNumber(code) : status === 404 ? OBJECT_DOES_NOT_EXIST : QUERY_BUILDER_ERROR;
        error.code = body?.error?.code;
        return error;
    }

    async function callWebApi(path, init) {
        let response;
        try {
            response = await fetch(`/api/data/v9.2/${path}`, {
                headers: { Accept: "application/json", "Content-Type": "application/json" },
                ...init,
            });
        } catch {
            const error = new Error("Network error");
            error.errorCode = NETWORK_FAILURE;
            throw error;
        }
        const text = await response.text();
        const body = text ? JSON.parse(text) : undefined;
        if (!response.ok) throw webApiError(response.status, body);
        return { body, response };
    }

    /**
     * One page's Web API and metadata, with the metadata of each table fetched once.
     * @param {{ metadataShape?: () => "documented" | "full" | undefined }} [options] read on each metadata call
     */
    function createLocalClientApi(options = {}) {
        const metadataCache = new Map();
        function rawMetadata(table) {
            if (!metadataCache.has(table)) {
                metadataCache.set(
                    table,
                    fetch(`/api/metadata/${table}`).then(async (r) => {
                        if (!r.ok) throw webApiError(r.status, await r.json());
                        return r.json();
                    }),
                );
            }
            return metadataCache.get(table);
        }
        const entitySetOf = async (table) => (await rawMetadata(table)).EntitySetName;

        const webAPI = {
            async retrieveRecord(entityType, id, options) {
                const set = await entitySetOf(entityType);
                const { body } = await callWebApi(`${set}(${String(id).replace(/[{}]/g, "")})${options ?? ""}`);
                return body;
            },
            async retrieveMultipleRecords(entityType, options) {
                const set = await entitySetOf(entityType);
                const { body } = await callWebApi(`${set}${options ?? ""}`);
                return { entities: body.value, nextLink: body["@odata.nextLink"] };
            },
            async updateRecord(entityType, id, data) {
                const set = await entitySetOf(entityType);
                await callWebApi(`${set}(${id})`, { method: "PATCH", body: JSON.stringify(data) });
                return { id, entityType };
            },
            async createRecord(entityType, data) {
                const set = await entitySetOf(entityType);
                const { response } = await callWebApi(set, { method: "POST", body: JSON.stringify(data) });
                const id = /\(([^)]+)\)$/.exec(response.headers.get("OData-EntityId") ?? "")?.[1];
                return { id, entityType };
            },
            deleteRecord() {
                return Promise.reject(new Error("Not supported in the local host"));
            },
        };

        return {
            webAPI,
            callWebApi,
            rawMetadata,
            getEntityMetadata: async (entityName, attributes) =>
                entityMetadata(await rawMetadata(entityName), attributes, options.metadataShape?.() ?? "documented"),
        };
    }

    /**
     * Minutes to add to UTC in the app user's time zone (an IANA name; the scenario's user.timeZone) at `date`:
     * what PCF's userSettings.getTimeZoneOffsetMinutes(date) and, for now, Xrm's getTimeZoneOffsetMinutes() give.
     */
    function timeZoneOffsetMinutes(timeZone, date) {
        const name = new Intl.DateTimeFormat("en-US", { timeZone: timeZone ?? "UTC", timeZoneName: "longOffset" })
            .formatToParts(date)
            .find((part) => part.type === "timeZoneName")?.value;
        const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
        return match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
    }

    window.LocalClientApi = { createLocalClientApi, timeZoneOffsetMinutes };
})();
