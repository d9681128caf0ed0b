import type { EntraSettings } from "../../../FlowTriggerControl/auth/entraSettings";
import type { TokenProvider } from "../../../FlowTriggerControl/auth/tokenProvider";
import { createSetupWebApi } from "../../../FlowTriggerControl/setup/dataverseWebApi";
import type { SetupInputs } from "../../../FlowTriggerControl/setup/inputs";
import { SetupSession } from "../../../FlowTriggerControl/setup/setupSession";

/**
 * The session over fakes: a same-origin Dataverse (Web API JSON), a trigger, a token provider. The real
 * settings parser, URL policy, environment variable lookup, record reader, payload builder and transport run.
 */
const ORIGIN = "https://contoso.crm4.dynamics.com";
const TRIGGER = "https://0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com";
const FLOW_URL = `${TRIGGER}/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1`;
const TENANT = "5f1c6a3e-8d2b-4c7a-9e41-2b6d0f3a7c15";
const RECORD = "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b";
const USER = "0a1b2c3d-0000-4000-8000-0000000000aa";

const encode = (claims: object) => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.x`;
const TOKEN = encode({
    aud: "https://service.flow.microsoft.com/",
    tid: TENANT,
    scp: "User",
    upn: "adele@contoso.test",
    exp: 4e9,
});

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

interface Fixture {
    variable?: { defaultvalue: string | null; values: string[] } | null;
    trigger?: (init: RequestInit) => Response | Promise<Response>;
    /** RetrieveCurrentOrganization's Detail; default: the function is not found. */
    organization?: Record<string, unknown>;
}

function setup(fixture: Fixture = {}) {
    const posts: RequestInit[] = [];
    const fetchImpl = jest.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        const url = new URL(input instanceof Request ? input.url : input.toString(), ORIGIN);
        if (url.origin === TRIGGER) {
            posts.push(init ?? {});
            return (fixture.trigger ?? (() => json({ message: "Done." }, 200, { "x-ms-workflow-run-id": "r1" })))(
                init ?? {},
            );
        }
        const path = decodeURIComponent(url.pathname + url.search);
        if (path.startsWith("/api/data/v9.2/RetrieveCurrentOrganization(") && fixture.organization)
            return json({ Detail: fixture.organization });
        if (path.includes("/SignInRedirect.html")) return new Response('<script src="MsalRedirectBridge.js"></script>');
        if (path.includes("/Attributes/Microsoft.Dynamics.CRM.")) return json({ value: [] });
        if (path.includes("EntityDefinitions(LogicalName='account')")) {
            return json({
                LogicalName: "account",
                EntitySetName: "accounts",
                PrimaryIdAttribute: "accountid",
                PrimaryNameAttribute: "name",
                Attributes: [
                    {
                        LogicalName: "name",
                        AttributeType: "String",
                        AttributeTypeName: { Value: "StringType" },
                        IsValidForRead: true,
                    },
                    {
                        LogicalName: "accountnumber",
                        AttributeType: "String",
                        AttributeTypeName: { Value: "StringType" },
                        IsValidForRead: true,
                    },
                ],
            });
        }
        if (path.startsWith(`/api/data/v9.2/accounts(${RECORD})`))
            return json({ accountid: RECORD, name: "Contoso", accountnumber: "A-1" });
        if (path.startsWith("/api/data/v9.2/systemusers(")) return json({ domainname: "adele@contoso.test" });
        if (path.startsWith("/api/data/v9.2/environmentvariabledefinitions")) {
            const v = fixture.variable;
            return json({
                value: v
                    ? [
                          {
                              schemaname: "ftc_FlowUrl",
                              defaultvalue: v.defaultvalue,
                              environmentvariabledefinition_environmentvariablevalue: v.values.map((value) => ({
                                  value,
                              })),
                          },
                      ]
                    : [],
            });
        }
        return json({ error: { code: "0x80040217", message: "not found" } }, 404);
    });
    const provider: TokenProvider = {
        prepare: jest.fn(() => Promise.resolve(TOKEN)),
        getToken: jest.fn(() => Promise.resolve(TOKEN)),
    };
    const createTokenProvider = jest.fn((_entra: EntraSettings) => provider);
    const session = new SetupSession({
        page: { origin: ORIGIN, userId: USER, userName: "Adele Vance", languageId: 1033 },
        publisherPrefix: "ftc",
        webApi: createSetupWebApi(fetchImpl),
        fetch: fetchImpl,
        createTokenProvider,
        now: () => new Date("2026-01-01T00:00:00Z"),
        newCorrelationId: () => "11111111-2222-4333-8444-555555555555",
        onChange: () => undefined,
    });
    const organizationCalls = () =>
        fetchImpl.mock.calls.filter(
            ([input]) => typeof input === "string" && input.includes("RetrieveCurrentOrganization"),
        ).length;
    return { session, posts, fetchImpl, provider, organizationCalls, createTokenProvider };
}

const inputs = (raw: SetupInputs["raw"] = {}): SetupInputs => ({
    raw: {
        flowUrl: FLOW_URL,
        clientId: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
        tenantId: TENANT,
        payloadFields: "name,accountnumber",
        ...raw,
    },
    table: "account",
    recordId: RECORD,
});
const status = (session: SetupSession) => Object.fromEntries([...session.rows].map(([id, row]) => [id, row.status]));

describe("SetupSession", () => {
    it("checks everything up to the token and the schema, and sends nothing", async () => {
        const { session, posts } = setup();
        await session.check(inputs());
        expect(status(session)).toEqual({
            settings: "pass",
            flowUrl: "pass",
            redirectPage: "pass",
            signIn: "pass",
            token: "pass",
            testRun: "pending",
            schema: "pass",
            // Without the flow row's Dataverse calls (flowRowSession.test.ts has them).
            flow: "skip",
        });
        expect(
            Object.keys(
                (
                    session.schema!.single as {
                        properties: { record: { properties: { fields: { properties: object } } } };
                    }
                ).properties.record.properties.fields.properties,
            ),
        ).toEqual(["name", "accountnumber"]);
        expect(posts).toHaveLength(0);
    });

    it("the preview sends nothing; Send now sends exactly the previewed body once", async () => {
        const { session, posts } = setup();
        await session.check(inputs());
        const preview = session.previewTestRun();
        expect(preview.ok).toBe(true);
        expect(posts).toHaveLength(0);
        await session.sendTestRun();
        expect(posts).toHaveLength(1);
        expect(posts[0].body).toBe(preview.ok && preview.value.body);
        expect(new Headers(posts[0].headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
        expect(session.rows.get("testRun")!.status).toBe("pass");
        expect(session.rows.get("testRun")!.facts).toContainEqual({
            label: "Setup_Fact_ReadableHeaders",
            value: "x-ms-workflow-run-id",
        });
    });

    it("a refused preflight for the tracking header: one retry without it, which reaches the flow", async () => {
        const { session, posts } = setup({
            trigger: (init) => {
                if (new Headers(init.headers).has("x-ms-client-tracking-id")) throw new TypeError("Failed to fetch");
                return json({ message: "Done." });
            },
        });
        await session.check(inputs({ sendTrackingHeader: "true" }));
        session.previewTestRun();
        await session.sendTestRun();
        expect(posts.map((p) => new Headers(p.headers).has("x-ms-client-tracking-id"))).toEqual([true, false]);
        expect(session.rows.get("testRun")!.summary.key).toBe("Setup_TestRun_HeaderRefused");
    });

    it("no second attempt when the tracking header is off: a request that never reached the flow is reported once", async () => {
        const { session, posts } = setup({
            trigger: () => {
                throw new TypeError("Failed to fetch");
            },
        });
        await session.check(inputs());
        session.previewTestRun();
        await session.sendTestRun();
        expect(posts).toHaveLength(1);
        expect(session.rows.get("testRun")!.summary.key).toBe("Setup_TestRun_Unreachable");
    });

    it.each([
        ["current", { defaultvalue: "https://old.example/x", values: [FLOW_URL] }, "Setup_Value_CurrentValue"],
        ["default", { defaultvalue: FLOW_URL, values: [] }, "Setup_Value_DefaultValue"],
    ])("an environment variable: the URL came from its %s value", async (_name, variable, source) => {
        const { session } = setup({ variable });
        await session.check(inputs({ flowUrl: "ftc_FlowUrl" }));
        const row = session.rows.get("flowUrl")!;
        expect(row.status).toBe("pass");
        expect(row.facts).toContainEqual({ label: "Setup_Fact_VariableSource", value: source, translate: true });
    });

    it.each([
        ["missing", null, "Setup_FlowUrl_VariableMissing"],
        ["empty", { defaultvalue: null, values: [] }, "Setup_FlowUrl_VariableEmpty"],
    ])("an environment variable %s", async (_name, variable, key) => {
        const { session } = setup({ variable });
        await session.check(inputs({ flowUrl: "ftc_FlowUrl" }));
        expect(session.rows.get("flowUrl")!.summary.key).toBe(key);
    });

    it("a settings problem skips every other row", async () => {
        const { session, fetchImpl } = setup();
        await session.check(inputs({ clientId: "nope" }));
        expect(status(session)).toMatchObject({
            settings: "fail",
            flowUrl: "skip",
            signIn: "skip",
            testRun: "skip",
            schema: "skip",
        });
        expect(fetchImpl).not.toHaveBeenCalled();
    });
});

describe("SetupSession: the environment's own tenant when tenantId is empty", () => {
    it("uses RetrieveCurrentOrganization's TenantId, as a command does: every row up to the token passes", async () => {
        const { session, organizationCalls, createTokenProvider } = setup({
            organization: { EnvironmentId: "x", TenantId: TENANT },
        });
        await session.check(inputs({ tenantId: "" }));
        expect(status(session)).toMatchObject({ settings: "pass", signIn: "pass", token: "pass" });
        expect(createTokenProvider.mock.calls[0][0].tenantId).toBe(TENANT);
        expect(organizationCalls()).toBe(1);
    });

    it("a tenantId that is set wins", async () => {
        const other = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
        const { session, createTokenProvider } = setup({ organization: { TenantId: other } });
        await session.check(inputs({ tenantId: TENANT }));
        expect(createTokenProvider.mock.calls[0][0].tenantId).toBe(TENANT);
    });

    it("asks once per page: the tenant, and the environment id of every check round", async () => {
        const { session, organizationCalls } = setup({ organization: { EnvironmentId: "x", TenantId: TENANT } });
        // The flowUrl row compares the URL's environment with this one in every round.
        await session.check(inputs());
        await session.check(inputs());
        await session.check(inputs({ tenantId: "" }));
        expect(status(session)).toMatchObject({ settings: "pass", flowUrl: "pass" });
        expect(organizationCalls()).toBe(1);
    });

    it("without an answer the settings row names tenantId and says the tenant is unknown", async () => {
        const { session, organizationCalls } = setup();
        await session.check(inputs({ tenantId: "" }));
        const settings = session.rows.get("settings")!;
        expect(settings.status).toBe("fail");
        expect(JSON.stringify(settings)).toContain("Error_Config_TenantUnknown");
        expect(JSON.stringify(settings)).toContain("tenantId");
        expect(organizationCalls()).toBe(1);
    });
});
