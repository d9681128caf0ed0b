import type { EnvironmentVariableWebApi } from "../flow/environmentVariable";
import type { RecordReaderSources } from "../payload/recordReader";

/**
 * The setup page's Dataverse: same-origin Web API calls with the user's session (no token; "Authenticate to
 * the Web API", JavaScript in web resources). The page has no Xrm (ClientGlobalContext.js.aspx gives only the
 * global context), so this gives the control's modules the slices they read elsewhere from PCF or Xrm:
 * retrieveRecord, retrieveMultipleRecords, getEntityMetadata. Table definitions follow "Query table
 * definitions using the Web API" (learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api):
 * one EntityDefinitions read with its Attributes, then one read per derived attribute type for option sets,
 * lookup targets and date behaviour.
 */
const API = "/api/data/v9.2/";

/** A failed call, shaped like the platform's Web API errors (webApiErrors.ts reads code, message, status). */
export class WebApiFailure extends Error {
    public readonly status: number;
    public readonly code?: string;

    constructor(status: number, message: string, code?: string) {
        super(message);
        this.name = "WebApiFailure";
        this.status = status;
        this.code = code;
    }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface SetupWebApi {
    readonly sources: RecordReaderSources;
    readonly environmentVariables: EnvironmentVariableWebApi;
    /** Main forms (type 2) of a table, with their definitions. */
    mainForms(
        table: string,
    ): Promise<readonly { readonly id: string; readonly name: string; readonly formXml: string }[]>;
    /** The signed-in user's systemuser row (for MSAL's login hint), or {} when it can't be read. */
    systemUser(userId: string): Promise<Record<string, unknown>>;
}

/** Derived attribute types and what each adds to the base attribute. */
const ATTRIBUTE_DETAILS: readonly { readonly cast: string; readonly query: string }[] = [
    {
        cast: "PicklistAttributeMetadata",
        query: "$select=LogicalName&$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)",
    },
    { cast: "StateAttributeMetadata", query: "$select=LogicalName&$expand=OptionSet($select=Options)" },
    { cast: "StatusAttributeMetadata", query: "$select=LogicalName&$expand=OptionSet($select=Options)" },
    {
        cast: "MultiSelectPicklistAttributeMetadata",
        query: "$select=LogicalName&$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)",
    },
    {
        cast: "BooleanAttributeMetadata",
        query: "$select=LogicalName&$expand=OptionSet($select=TrueOption,FalseOption),GlobalOptionSet($select=TrueOption,FalseOption)",
    },
    { cast: "LookupAttributeMetadata", query: "$select=LogicalName,Targets" },
    { cast: "DateTimeAttributeMetadata", query: "$select=LogicalName,Format,DateTimeBehavior" },
];

const TABLE_NAME = /^[a-z_][a-z0-9_]{0,127}$/;

/**
 * A Web API answer's JSON body ({} when it has none, e.g. a 204, or isn't JSON); a WebApiFailure with the
 * platform's error code and message when the status isn't OK. Shared with flowWebApi.ts.
 */
export async function readWebApiAnswer(response: Response): Promise<Record<string, unknown>> {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
        const error = (body.error ?? {}) as { code?: unknown; message?: unknown };
        throw new WebApiFailure(
            response.status,
            typeof error.message === "string" ? error.message : `HTTP ${response.status}`,
            typeof error.code === "string" ? error.code : undefined,
        );
    }
    return body;
}

export function createSetupWebApi(fetchImpl: Fetch): SetupWebApi {
    const definitions = new Map<string, Promise<Record<string, unknown>>>();

    async function get(path: string): Promise<Record<string, unknown>> {
        let response: Response;
        try {
            response = await fetchImpl(API + path, {
                method: "GET",
                credentials: "same-origin",
                headers: {
                    Accept: "application/json",
                    "OData-MaxVersion": "4.0",
                    "OData-Version": "4.0",
                    // Formatted values and lookup annotations, as Xrm.WebApi returns them.
                    Prefer: 'odata.include-annotations="*"',
                },
            });
        } catch {
            throw new WebApiFailure(0, "network");
        }
        return readWebApiAnswer(response);
    }

    const literal = (text: string): string => `'${encodeURIComponent(text.replace(/'/g, "''"))}'`;

    function definition(table: string): Promise<Record<string, unknown>> {
        if (!TABLE_NAME.test(table)) return Promise.reject(new WebApiFailure(400, "table"));
        let loaded = definitions.get(table);
        if (!loaded) {
            loaded = loadDefinition(table);
            definitions.set(table, loaded);
            // A failed read may succeed later (privilege granted, network back).
            loaded.catch(() => definitions.delete(table));
        }
        return loaded;
    }

    async function loadDefinition(table: string): Promise<Record<string, unknown>> {
        const base = `EntityDefinitions(LogicalName=${literal(table)})`;
        const [entity, ...details] = await Promise.all([
            get(
                `${base}?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute` +
                    `&$expand=Attributes($select=LogicalName,AttributeType,AttributeTypeName,IsValidForRead,AttributeOf)`,
            ),
            ...ATTRIBUTE_DETAILS.map((detail) =>
                get(`${base}/Attributes/Microsoft.Dynamics.CRM.${detail.cast}?${detail.query}`),
            ),
        ]);
        const byName = new Map<string, Record<string, unknown>>();
        for (const attribute of asRows(entity.Attributes)) byName.set(String(attribute.LogicalName), { ...attribute });
        for (const answer of details) {
            for (const extra of asRows(answer.value)) {
                const target = byName.get(String(extra.LogicalName));
                if (!target) continue;
                const { OptionSet, GlobalOptionSet, ...rest } = extra;
                Object.assign(target, rest);
                // A column on a global choice has its options under GlobalOptionSet.
                const options = hasOptions(OptionSet) ? OptionSet : GlobalOptionSet;
                if (options) target.OptionSet = options;
            }
        }
        return { ...entity, Attributes: [...byName.values()] };
    }

    async function entitySet(table: string): Promise<string> {
        const set = (await definition(table)).EntitySetName;
        if (typeof set !== "string") throw new WebApiFailure(404, table);
        return set;
    }

    return {
        sources: {
            records: {
                retrieveRecord: async (table, id, options) =>
                    get(`${await entitySet(table)}(${encodeURIComponent(id)})${options ?? ""}`),
            },
            metadata: {
                // Every column once per table; the reader picks the ones it asked for.
                getEntityMetadata: (table) => definition(table),
            },
        },
        environmentVariables: {
            retrieveMultipleRecords: async (entityType, options) => {
                // The lookup names the table; the Web API wants its entity set (…definitions).
                const answer = await get(`${entityType}s${options ?? ""}`);
                return {
                    entities: asRows(answer.value),
                    nextLink: "",
                };
            },
        },
        async mainForms(table) {
            // systemform.type 2 = Main (the systemform table reference).
            const answer = await get(
                `systemforms?$select=formid,name,formxml&$filter=objecttypecode eq ${literal(table)} and type eq 2`,
            );
            return asRows(answer.value).map((row) => ({
                id: typeof row.formid === "string" ? row.formid : "",
                name: typeof row.name === "string" ? row.name : "",
                formXml: typeof row.formxml === "string" ? row.formxml : "",
            }));
        },
        async systemUser(userId) {
            try {
                return await get(
                    `systemusers(${encodeURIComponent(userId)})?$select=domainname,internalemailaddress,azureactivedirectoryobjectid`,
                );
            } catch {
                return {};
            }
        },
    };
}

function asRows(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value)
        ? value.filter((row): row is Record<string, unknown> => typeof row === "object" && row !== null)
        : [];
}

function hasOptions(value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const set = value as Record<string, unknown>;
    return (Array.isArray(set.Options) && set.Options.length > 0) || set.TrueOption !== undefined;
}
