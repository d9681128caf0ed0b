import {
    buildEnvironmentVariableQuery,
    odataStringLiteral,
    resolveEnvironmentVariable,
    type EnvironmentVariableWebApi,
} from "../../../FlowTriggerControl/flow/environmentVariable";

const URL_VALUE =
    "https://prod-27.westus.logic.azure.com/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01";
const EXPECTED_QUERY =
    "?$select=schemaname,defaultvalue" +
    "&$filter=schemaname eq 'contoso_FlowUrl'" +
    "&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)";

type Entities = ComponentFramework.WebApi.Entity[];

function fakeWebApi(result: Entities | (() => Promise<never>)): {
    webApi: EnvironmentVariableWebApi;
    calls: [string, string | undefined, number | undefined][];
} {
    const calls: [string, string | undefined, number | undefined][] = [];
    const webApi: EnvironmentVariableWebApi = {
        retrieveMultipleRecords(entityType: string, options?: string, maxPageSize?: number) {
            calls.push([entityType, options, maxPageSize]);
            if (typeof result === "function") return result();
            return Promise.resolve({ entities: result, nextLink: "" });
        },
    };
    return { webApi, calls };
}

/** The shape PCF's webAPI rejects with: an object carrying a numeric Dataverse `errorCode`. */
function dataverseError(errorCode: number, text: string): Error & { errorCode: number } {
    return Object.assign(new Error(text), { errorCode });
}

function definition(defaultvalue: string | null, values: (string | null)[]): ComponentFramework.WebApi.Entity {
    return {
        schemaname: "contoso_FlowUrl",
        defaultvalue,
        environmentvariabledefinition_environmentvariablevalue: values.map((value) => ({ value })),
    };
}

describe("resolveEnvironmentVariable", () => {
    it("queries the definition table by schema name with the values expanded", async () => {
        const { webApi, calls } = fakeWebApi([definition(null, [URL_VALUE])]);
        await resolveEnvironmentVariable("contoso_FlowUrl", webApi);
        expect(calls).toEqual([["environmentvariabledefinition", EXPECTED_QUERY, undefined]]);
    });

    it("prefers the current value over the default value", async () => {
        const { webApi } = fakeWebApi([definition("https://default.example/", [` ${URL_VALUE} `])]);
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: true,
            value: URL_VALUE,
        });
    });

    it.each<[string, (string | null)[]]>([
        ["no value row", []],
        ["an empty value", [""]],
        ["a blank value", ["   "]],
        ["a null value", [null]],
    ])("falls back to the default value when there is %s", async (_name, values) => {
        const { webApi } = fakeWebApi([definition(URL_VALUE, values)]);
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: true,
            value: URL_VALUE,
        });
    });

    it("tolerates a definition without the expanded navigation", async () => {
        const { webApi } = fakeWebApi([{ schemaname: "contoso_FlowUrl", defaultvalue: URL_VALUE }]);
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: true,
            value: URL_VALUE,
        });
    });

    it("reports a missing definition with the schema name", async () => {
        const { webApi } = fakeWebApi([]);
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: false,
            reason: { key: "Error_EnvVar_NotFound", args: ["contoso_FlowUrl"] },
        });
    });

    it.each<[string, string | null, (string | null)[]]>([
        ["nothing at all", null, []],
        ["only blanks", "  ", [" "]],
    ])("reports no value when there is %s", async (_name, fallback, values) => {
        const { webApi } = fakeWebApi([definition(fallback, values)]);
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: false,
            reason: { key: "Error_EnvVar_NoValue", args: ["contoso_FlowUrl"] },
        });
    });

    it.each([-2147220960, -2147187962, -2147220839])(
        "reports a missing privilege (Dataverse code %i)",
        async (errorCode) => {
            const { webApi } = fakeWebApi(() =>
                Promise.reject(
                    dataverseError(errorCode, "Principal user is missing prvReadEnvironmentVariableDefinition"),
                ),
            );
            await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
                ok: false,
                reason: { key: "Error_EnvVar_NoPrivilege", args: ["contoso_FlowUrl"] },
            });
        },
    );

    // The Client API documents errorCode as a positive decimal number (0x80040220 arrives as 2147746336).
    it.each([2147746336, 2147779334, 2147746457])(
        "reports a missing privilege given as the documented positive code %i",
        async (errorCode) => {
            const { webApi } = fakeWebApi(() =>
                Promise.reject(
                    dataverseError(errorCode, "Principal user is missing prvReadEnvironmentVariableDefinition"),
                ),
            );
            await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
                ok: false,
                reason: { key: "Error_EnvVar_NoPrivilege", args: ["contoso_FlowUrl"] },
            });
        },
    );

    it("reports a missing privilege given only as hex text in code", async () => {
        const { webApi } = fakeWebApi(() =>
            Promise.reject(Object.assign(new Error("Principal user is missing a privilege"), { code: "0x80040220" })),
        );
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: false,
            reason: { key: "Error_EnvVar_NoPrivilege", args: ["contoso_FlowUrl"] },
        });
    });

    it("reports another Dataverse error given as a positive code in hex, not as a long number", async () => {
        const { webApi } = fakeWebApi(() => Promise.reject(dataverseError(2147746327, "Does Not Exist")));
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: false,
            reason: { key: "Error_EnvVar_LoadFailedWithCode", args: ["contoso_FlowUrl", "0x80040217"] },
        });
    });

    it("reports another Dataverse error with its code in hex", async () => {
        const { webApi } = fakeWebApi(() =>
            Promise.reject(dataverseError(-2147220969, "Contact With Ids = x Do Not Exist")),
        );
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: false,
            reason: { key: "Error_EnvVar_LoadFailedWithCode", args: ["contoso_FlowUrl", "0x80040217"] },
        });
    });

    it.each<[string, unknown]>([
        ["a network TypeError", new TypeError("Failed to fetch")],
        ["an error without a code", new Error("offline")],
        ["a rejected string", "boom"],
        ["undefined", undefined],
    ])("reports a load failure for %s", async (_name, rejection) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the host may reject with anything
        const { webApi } = fakeWebApi(() => Promise.reject(rejection));
        await expect(resolveEnvironmentVariable("contoso_FlowUrl", webApi)).resolves.toEqual({
            ok: false,
            reason: { key: "Error_EnvVar_LoadFailed", args: ["contoso_FlowUrl"] },
        });
    });

    it.each(["contoso_Flow'Url", "a b", "x&$filter=true", "", "a/b", "ünicode"])(
        "refuses the invalid schema name %p without querying",
        async (name) => {
            const { webApi, calls } = fakeWebApi([definition(URL_VALUE, [])]);
            const result = await resolveEnvironmentVariable(name, webApi);
            expect(result.ok ? "ok" : result.reason.key).toBe("Error_EnvVar_InvalidName");
            expect(calls).toHaveLength(0);
        },
    );

    it("trims the schema name before querying", async () => {
        const { webApi, calls } = fakeWebApi([definition(null, [URL_VALUE])]);
        await resolveEnvironmentVariable("  contoso_FlowUrl ", webApi);
        expect(calls[0][1]).toBe(EXPECTED_QUERY);
    });
});

describe("OData literal", () => {
    it("doubles single quotes and escapes what would end the query option", () => {
        expect(odataStringLiteral("it's")).toBe("'it''s'");
        expect(odataStringLiteral("a&$top=1#x")).toBe("'a%26%24top%3D1%23x'");
        expect(odataStringLiteral("plain_Name1")).toBe("'plain_Name1'");
    });

    it("builds the documented query shape", () => {
        expect(buildEnvironmentVariableQuery("contoso_FlowUrl")).toBe(EXPECTED_QUERY);
    });
});
