/**
 * Reads a Dataverse environment variable (the recommended home of the trigger URL, because the URL
 * differs per environment). The current value wins over the definition's default value.
 * Table, column and navigation names: Dataverse tables `environmentvariabledefinition`
 * (`schemaname`, `defaultvalue`) and `environmentvariablevalue` (`value`), one-to-many
 * `environmentvariabledefinition_environmentvariablevalue`.
 */

import { dataverseErrorCode, formatHResult } from "../contracts/dataverse";
import { nonEmptyText } from "../contracts/plainData";
import { failure as fail, success, type Result } from "../contracts/result";
import { shortenForMessage } from "./urlPolicy";

/** The slice of the PCF Web API the lookup uses. */
export type EnvironmentVariableWebApi = Pick<ComponentFramework.WebApi, "retrieveMultipleRecords">;

/** Logical name: PCF's webAPI takes the table's logical name, not the entity-set name (…definitions). */
const ENVIRONMENT_VARIABLE_TABLE = "environmentvariabledefinition";
const VALUES_NAVIGATION = "environmentvariabledefinition_environmentvariablevalue";

/** Schema names are a publisher prefix plus letters, digits and underscores. */
const SCHEMA_NAME = /^[A-Za-z0-9_]{1,256}$/;

/**
 * Dataverse error codes meaning "you may not read this" (Troubleshoot Dataverse client errors):
 * missing privilege, failed access check, failed privilege check. Signed, as dataverseErrorCode gives them.
 */
const PRIVILEGE_ERROR_CODES: ReadonlySet<number> = new Set([-2147220960, -2147187962, -2147220839]);

/** An OData string literal for a $filter, made safe to sit inside the query string. */
export function odataStringLiteral(value: string): string {
    return `'${encodeURIComponent(value.replace(/'/g, "''"))}'`;
}

export function buildEnvironmentVariableQuery(schemaName: string): string {
    return (
        `?$select=schemaname,defaultvalue` +
        `&$filter=schemaname eq ${odataStringLiteral(schemaName)}` +
        `&$expand=${VALUES_NAVIGATION}($select=value)`
    );
}

export async function resolveEnvironmentVariable(
    schemaName: string,
    webApi: EnvironmentVariableWebApi,
): Promise<Result<string>> {
    const name = schemaName.trim();
    if (!SCHEMA_NAME.test(name)) {
        return fail("Error_EnvVar_InvalidName", shortenForMessage(name));
    }

    let definition: ComponentFramework.WebApi.Entity | undefined;
    try {
        const response = await webApi.retrieveMultipleRecords(
            ENVIRONMENT_VARIABLE_TABLE,
            buildEnvironmentVariableQuery(name),
        );
        definition = Array.isArray(response?.entities) ? response.entities[0] : undefined;
    } catch (error: unknown) {
        return failureFromWebApi(name, error);
    }
    if (definition === undefined) return fail("Error_EnvVar_NotFound", name);

    const value = firstText(definition[VALUES_NAVIGATION]) ?? nonEmptyText(definition.defaultvalue);
    return value === undefined ? fail("Error_EnvVar_NoValue", name) : success(value);
}

function firstText(values: unknown): string | undefined {
    return Array.isArray(values)
        ? values
              .map((row) => nonEmptyText((row as { value?: unknown } | null)?.value))
              .find((text) => text !== undefined)
        : undefined;
}

function failureFromWebApi(name: string, error: unknown): Result<string> {
    // Positive (as the Client API documents it), negative or hex text: one signed form.
    const code = dataverseErrorCode(error);
    if (code !== undefined) {
        if (PRIVILEGE_ERROR_CODES.has(code)) return fail("Error_EnvVar_NoPrivilege", name);
        return fail("Error_EnvVar_LoadFailedWithCode", name, formatHResult(code));
    }
    // No Dataverse code: the request itself failed (offline, blocked, host error).
    return fail("Error_EnvVar_LoadFailed", name);
}
