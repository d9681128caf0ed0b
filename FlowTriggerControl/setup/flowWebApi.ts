import { readWebApiAnswer, WebApiFailure } from "./dataverseWebApi";

/**
 * The `flow` row's Dataverse calls, same origin with the user's session like dataverseWebApi.ts: the cloud flows
 * (workflow rows, category 5 = Modern Flow) and the current value of an environment variable, read and written.
 * Writing follows the Web API: create a row with a lookup bound by `@odata.bind`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api#associate-table-rows-on-create)
 * or PATCH the existing one (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api#basic-update);
 * environmentvariablevalue's lookup to its definition is the navigation property EnvironmentVariableDefinitionId
 * (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/environmentvariablevalue).
 */
const API = "/api/data/v9.2/";

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** An environment variable as the save needs it. */
export interface VariableForSave {
    readonly definitionId: string;
    readonly schemaName: string;
    /** The current value row, when there is one. */
    readonly valueId?: string;
    readonly currentValue?: string;
    readonly defaultValue?: string;
}

export interface FlowWebApi {
    /** Every cloud flow row (category 5) with the columns the row reads. */
    cloudFlows(): Promise<readonly Record<string, unknown>[]>;
    /** The definition and its current value, or undefined when there is no such variable. */
    variable(schemaName: string): Promise<VariableForSave | undefined>;
    /** Writes the current value: updates the value row, or creates one linked to the definition. */
    saveValue(variable: VariableForSave, value: string): Promise<void>;
}

const SCHEMA_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

export function createFlowWebApi(fetchImpl: Fetch): FlowWebApi {
    async function call(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
        let response: Response;
        try {
            response = await fetchImpl(API + path, {
                credentials: "same-origin",
                ...init,
                headers: {
                    Accept: "application/json",
                    "OData-MaxVersion": "4.0",
                    "OData-Version": "4.0",
                    ...(init.body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
                },
            });
        } catch {
            throw new WebApiFailure(0, "network");
        }
        return readWebApiAnswer(response);
    }

    return {
        async cloudFlows() {
            const answer = await call(
                "workflows?$select=workflowid,name,category,statecode,clientdata,resourceid&$filter=category eq 5",
                { method: "GET" },
            );
            return rowsOf(answer.value);
        },
        async variable(schemaName) {
            if (!SCHEMA_NAME.test(schemaName)) return undefined;
            const answer = await call(
                `environmentvariabledefinitions?$select=environmentvariabledefinitionid,schemaname,defaultvalue` +
                    `&$filter=schemaname eq '${schemaName}'` +
                    `&$expand=environmentvariabledefinition_environmentvariablevalue($select=environmentvariablevalueid,value)`,
                { method: "GET" },
            );
            const row = rowsOf(answer.value)[0];
            if (!row || typeof row.environmentvariabledefinitionid !== "string") return undefined;
            const value = rowsOf(row.environmentvariabledefinition_environmentvariablevalue)[0];
            return {
                definitionId: row.environmentvariabledefinitionid,
                schemaName: typeof row.schemaname === "string" ? row.schemaname : schemaName,
                valueId:
                    typeof value?.environmentvariablevalueid === "string"
                        ? value.environmentvariablevalueid
                        : undefined,
                currentValue: typeof value?.value === "string" ? value.value : undefined,
                defaultValue: typeof row.defaultvalue === "string" ? row.defaultvalue : undefined,
            };
        },
        async saveValue(variable, value) {
            if (variable.valueId !== undefined) {
                await call(`environmentvariablevalues(${variable.valueId})`, {
                    method: "PATCH",
                    body: JSON.stringify({ value }),
                });
                return;
            }
            await call("environmentvariablevalues", {
                method: "POST",
                body: JSON.stringify({
                    schemaname: variable.schemaName,
                    value,
                    "EnvironmentVariableDefinitionId@odata.bind": `/environmentvariabledefinitions(${variable.definitionId})`,
                }),
            });
        },
    };
}

function rowsOf(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value)
        ? value.filter((row): row is Record<string, unknown> => typeof row === "object" && row !== null)
        : [];
}
