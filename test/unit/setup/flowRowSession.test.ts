import type { TokenProvider } from "../../../FlowTriggerControl/auth/tokenProvider";
import { createSetupWebApi } from "../../../FlowTriggerControl/setup/dataverseWebApi";
import type { FlowWebApi, VariableForSave } from "../../../FlowTriggerControl/setup/flowWebApi";
import type { SetupInputs } from "../../../FlowTriggerControl/setup/inputs";
import { SetupSession } from "../../../FlowTriggerControl/setup/setupSession";

/**
 * The flow row over fakes: the listed flows, Get the trigger URL (where the token goes), the two-step save and the
 * flowUrl row's re-check. The real settings parser, URL policy and environment variable lookup run.
 */
const ORIGIN = "https://contoso.crm4.dynamics.com";
// The trigger host of this environment (ENVIRONMENT below): the flowUrl row compares the two.
const TRIGGER = "https://default5f1c6a3e8d2b4c7a9e412b6d0f3a7c.15.environment.api.powerplatform.com";
const FLOW_URL = `${TRIGGER}/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1`;
const TENANT = "5f1c6a3e-8d2b-4c7a-9e41-2b6d0f3a7c15";
const ENVIRONMENT = "Default-5f1c6a3e-8d2b-4c7a-9e41-2b6d0f3a7c15";
const RESOURCE_ID = "0b7f3c2a-1d4e-4f5a-8b6c-7d8e9f0a1b2c";
const TOKEN = `eyJhbGciOiJub25lIn0.${Buffer.from(
    JSON.stringify({ aud: "https://service.flow.microsoft.com/", tid: TENANT, scp: "User", exp: 4e9 }),
).toString("base64url")}.x`;
const CALLBACK = `https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/environments/${ENVIRONMENT}/flows/${RESOURCE_ID}/triggers/manual/listCallbackUrl?api-version=2016-11-01`;

const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const clientdata = JSON.stringify({
    properties: {
        definition: {
            triggers: {
                manual: {
                    type: "Request",
                    kind: "Http",
                    inputs: { method: "POST", triggerAuthenticationType: "Tenant" },
                },
            },
        },
    },
});

function setup({ callback = () => json({ value: FLOW_URL }) }: { callback?: () => Response } = {}) {
    const values: string[] = [];
    const requests: { url: string; init?: RequestInit }[] = [];
    const fetchImpl = jest.fn((input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        const url = new URL(input instanceof Request ? input.url : input.toString(), ORIGIN);
        requests.push({ url: url.href, init });
        if (url.href === CALLBACK) return Promise.resolve(callback());
        if (url.pathname.startsWith("/api/data/v9.2/RetrieveCurrentOrganization"))
            return Promise.resolve(json({ Detail: { EnvironmentId: ENVIRONMENT } }));
        if (url.pathname === "/api/data/v9.2/environmentvariabledefinitions")
            return Promise.resolve(
                json({
                    value: [
                        {
                            schemaname: "ftc_FlowUrl",
                            defaultvalue: null,
                            environmentvariabledefinition_environmentvariablevalue: values.map((value) => ({ value })),
                        },
                    ],
                }),
            );
        if (url.pathname.startsWith("/api/data/v9.2/systemusers(")) return Promise.resolve(json({}));
        return Promise.resolve(json({ error: { code: "0x80040217", message: "not found" } }, 404));
    });
    const saved: { variable: VariableForSave; value: string }[] = [];
    const flowApi: FlowWebApi = {
        cloudFlows: () =>
            Promise.resolve([
                {
                    workflowid: "w1",
                    name: "Request approval",
                    category: 5,
                    statecode: 1,
                    clientdata,
                    resourceid: RESOURCE_ID,
                },
            ]),
        variable: (schemaName) =>
            Promise.resolve({
                definitionId: "d1",
                schemaName,
                currentValue: values[0],
                valueId: values.length > 0 ? "v1" : undefined,
            }),
        saveValue: (variable, value) => {
            saved.push({ variable, value });
            values.splice(0, values.length, value);
            return Promise.resolve();
        },
    };
    const provider: TokenProvider = {
        prepare: jest.fn(() => Promise.resolve(TOKEN)),
        getToken: jest.fn(() => Promise.resolve(TOKEN)),
    };
    const session = new SetupSession({
        page: { origin: ORIGIN, userId: "0a1b2c3d-0000-4000-8000-0000000000aa", userName: "Adele", languageId: 1033 },
        publisherPrefix: "ftc",
        webApi: createSetupWebApi(fetchImpl),
        fetch: fetchImpl,
        createTokenProvider: () => provider,
        now: () => new Date("2026-01-01T00:00:00Z"),
        newCorrelationId: () => "11111111-2222-4333-8444-555555555555",
        onChange: () => undefined,
        flowApi,
    });
    return { session, requests, saved };
}

const inputs = (flowUrl = "ftc_FlowUrl"): SetupInputs => ({
    raw: { flowUrl, clientId: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b", tenantId: TENANT, payloadFields: "name" },
    table: "",
    recordId: "",
});

const withToken = (requests: { url: string; init?: RequestInit }[]) =>
    requests.filter((r) => JSON.stringify(r.init?.headers ?? {}).includes("Bearer"));

describe("the flow row in the session", () => {
    it("lists and checks the flow, gets its URL from Power Automate with the token, saves it in two steps, and re-checks flowUrl", async () => {
        const { session, requests, saved } = setup();
        await session.check(inputs());
        expect(session.rows.get("flow")!.status).toBe("pass");
        expect(session.flowRow.checks!.map((check) => check.id)).toEqual(["state", "whoCanTrigger", "method"]);
        expect(session.rows.get("flowUrl")!.summary.key).toBe("Setup_FlowUrl_VariableEmpty");

        await session.getTriggerUrl();
        expect(session.flowRow.url).toEqual({ value: FLOW_URL, source: "api" });
        // The token went to the Power Automate API only, and the flow itself was never called.
        expect(withToken(requests).map((r) => r.url)).toEqual([CALLBACK]);
        expect(requests.some((r) => r.url.startsWith(TRIGGER))).toBe(false);

        await session.prepareSave();
        expect(session.flowRow.save).toMatchObject({ newValue: FLOW_URL, variable: { currentValue: undefined } });
        expect(saved).toHaveLength(0);
        await session.confirmSave();
        expect(saved.map((s) => s.value)).toEqual([FLOW_URL]);
        expect(session.flowRow.saveOutcome).toEqual({
            ok: true,
            message: { key: "Setup_Save_Done", args: ["ftc_FlowUrl"] },
        });
        expect(session.rows.get("flowUrl")!.status).toBe("pass");
    });

    it("says why Power Automate refused, and takes a pasted URL the URL policy accepts", async () => {
        const { session } = setup({ callback: () => json({ error: { code: "Forbidden" } }, 403) });
        await session.check(inputs());
        await session.getTriggerUrl();
        expect(session.flowRow.urlProblem?.key).toBe("Setup_TriggerUrl_Forbidden");
        expect(session.flowRow.url).toBeUndefined();

        session.usePastedUrl(`${FLOW_URL}&sp=%2Fx&sv=1.0&sig=abc`);
        expect(session.flowRow.urlProblem?.key).toBe("Error_Url_HasSignatureInEntraMode");
        session.usePastedUrl(` ${FLOW_URL} `);
        expect(session.flowRow.url).toEqual({ value: FLOW_URL, source: "pasted" });
    });

    it("saves nowhere when flowUrl is a URL rather than an environment variable", async () => {
        const { session, saved } = setup();
        await session.check(inputs(FLOW_URL));
        session.usePastedUrl(FLOW_URL);
        await session.prepareSave();
        expect(session.flowRow.saveOutcome?.message.key).toBe("Setup_Save_NotAVariable");
        expect(session.flowRow.save).toBeUndefined();
        expect(saved).toHaveLength(0);
    });
});
