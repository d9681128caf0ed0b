/* eslint-disable @microsoft/power-apps/use-cached-webresource -- a redirect URI must be the stable, uncached /WebResources/ address registered in Entra. */
import { message } from "../../../FlowTriggerControl/contracts/userMessage";
import {
    checkFlowUrl,
    checkRedirectPage,
    checkSchema,
    checkSettings,
    checkSignIn,
    checkTestRun,
    checkToken,
    receivedHeaderNamesFromBody,
    signInFix,
    type ExchangeObservation,
} from "../../../FlowTriggerControl/setup/checks";

const NEW_HOST = "https://0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com";
const PATH =
    "/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke";
const TENANT = "5f1c6a3e-8d2b-4c7a-9e41-2b6d0f3a7c15";
const REDIRECT = "https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html";
const context = { redirectUri: REDIRECT, clientId: "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b", tenantId: TENANT };
const keys = (fixes: readonly { message: { key: string } }[]) => fixes.map((f) => f.message.key);

describe("settings row", () => {
    it("passes with no problem and fails naming each property with the control's own message", () => {
        expect(checkSettings([]).status).toBe("pass");
        const failed = checkSettings([{ property: "clientId", reason: message("Error_Config_NotGuid") }]);
        expect(failed.status).toBe("fail");
        expect(failed.fixes).toEqual([{ property: "clientId", message: { key: "Error_Config_NotGuid" } }]);
    });
});

describe("flowUrl row", () => {
    const base = { authMode: "EntraUser" as const, cloud: "Public" as const };

    it("passes a trigger URL of the configured cloud", () => {
        expect(checkFlowUrl({ ...base, url: `${NEW_HOST}${PATH}?api-version=1` }).status).toBe("pass");
    });

    it("fails EntraUser with a sig= URL, and SharedAccessSignature without one, each with its fix", () => {
        const sig = checkFlowUrl({ ...base, url: `${NEW_HOST}${PATH}?api-version=1&sp=x&sv=1.0&sig=SECRET` });
        expect([sig.status, keys(sig.fixes)]).toEqual(["fail", ["Setup_Fix_SigInEntraMode"]]);
        expect(JSON.stringify(sig)).not.toContain("SECRET");
        const noSig = checkFlowUrl({
            ...base,
            authMode: "SharedAccessSignature",
            url: `${NEW_HOST}${PATH}?api-version=1`,
        });
        expect([noSig.status, keys(noSig.fixes)]).toEqual(["fail", ["Setup_Fix_NoSigInSasMode"]]);
    });

    it("fails a trigger host of another environment and names both, like the control's check", () => {
        const url = `${NEW_HOST}${PATH}?api-version=1`;
        const here = "fedcba98-7654-3210-fedc-ba9876543210";
        const other = checkFlowUrl({ ...base, url, currentEnvironmentId: here });
        expect([other.status, other.summary.key, keys(other.fixes)]).toEqual([
            "fail",
            "Setup_FlowUrl_OtherEnvironment",
            ["Error_Url_OtherEnvironment"],
        ]);
        expect(other.fixes[0].message.args).toEqual([new URL(NEW_HOST).hostname, here]);
        const same = checkFlowUrl({ ...base, url, currentEnvironmentId: "01234567-89ab-cdef-0123-456789abcdef" });
        expect(same.status).toBe("pass");
        // Unknown environment (the page could not read it): nothing to compare.
        expect(checkFlowUrl({ ...base, url }).status).toBe("pass");
    });

    it("warns on an older *.logic.azure.com host and says so", () => {
        const legacy = checkFlowUrl({
            ...base,
            url: "https://prod-12.westeurope.logic.azure.com/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01",
        });
        expect([legacy.status, legacy.summary.key, keys(legacy.fixes)]).toEqual([
            "warn",
            "Setup_FlowUrl_LegacyHost",
            ["Setup_Fix_LegacyHost"],
        ]);
    });

    it("fails a path that is not the invoke path, and passes the URL policy's own refusal on", () => {
        expect(checkFlowUrl({ ...base, url: `${NEW_HOST}/workflows/abc` }).summary.key).toBe(
            "Setup_FlowUrl_NotInvokePath",
        );
        const refused = checkFlowUrl({
            ...base,
            url: "https://example.com/x",
            policyError: message("Error_Url_UnknownHost", "example.com"),
        });
        expect([refused.status, refused.fixes[0]]).toEqual([
            "fail",
            { property: "flowUrl", message: { key: "Error_Url_UnknownHost", args: ["example.com"] } },
        ]);
    });

    it("names the environment variable: missing, empty, unreadable, or which value was used", () => {
        const variable = (source: "current" | "default" | "missing" | "empty" | "unreadable") =>
            checkFlowUrl({
                ...base,
                variable: { schemaName: "ftc_FlowUrl", source },
                url: `${NEW_HOST}${PATH}?api-version=1`,
            });
        expect(keys(variable("missing").fixes)).toEqual(["Setup_Fix_CreateVariable"]);
        expect(keys(variable("empty").fixes)).toEqual(["Setup_Fix_FillVariable"]);
        expect(variable("unreadable").status).toBe("fail");
        expect(variable("default").facts).toContainEqual({
            label: "Setup_Fact_VariableSource",
            value: "Setup_Value_DefaultValue",
            translate: true,
        });
        expect(variable("current").status).toBe("pass");
    });
});

describe("redirectPage row", () => {
    const origin = "https://contoso.crm4.dynamics.com";

    it("passes the product's sign-in page on this origin and always shows the exact URI to register", () => {
        const ok = checkRedirectPage({
            redirectUri: REDIRECT,
            pageOrigin: origin,
            answer: { status: 200, isSignInPage: true },
        });
        expect(ok.status).toBe("pass");
        expect(ok.fixes).toContainEqual({ message: { key: "Setup_Fix_RegisterSpa", args: [REDIRECT] } });
    });

    it("fails another origin, a 404, another page and no answer", () => {
        expect(
            checkRedirectPage({
                redirectUri: "https://other.example/x",
                pageOrigin: origin,
                answer: { status: 200, isSignInPage: true },
            }).summary.key,
        ).toBe("Setup_Redirect_OtherOrigin");
        expect(
            checkRedirectPage({
                redirectUri: REDIRECT,
                pageOrigin: origin,
                answer: { status: 404, isSignInPage: false },
            }).status,
        ).toBe("fail");
        expect(
            checkRedirectPage({
                redirectUri: REDIRECT,
                pageOrigin: origin,
                answer: { status: 200, isSignInPage: false },
            }).status,
        ).toBe("fail");
        expect(checkRedirectPage({ redirectUri: REDIRECT, pageOrigin: origin, answer: "network" }).summary.key).toBe(
            "Setup_Redirect_Unreachable",
        );
    });
});

describe("signIn row", () => {
    it.each([
        ["AADSTS50011", "Setup_Fix_RegisterSpa"],
        ["AADSTS500113", "Setup_Fix_RegisterSpa"],
        ["AADSTS9002326", "Setup_Fix_MoveToSpa"],
        ["invalid_client", "Setup_Fix_MoveToSpa"],
        ["AADSTS65001", "Setup_Fix_GrantConsent"],
        ["AADSTS650057", "Setup_Fix_AddPermission"],
        ["AADSTS500011", "Setup_Fix_AddPermission"],
        ["AADSTS700016", "Setup_Fix_AppNotFound"],
        ["AADSTS90002", "Setup_Fix_AppNotFound"],
        ["AADSTS50020", "Setup_Fix_OtherTenant"],
        ["popup_window_error", "Setup_Fix_AllowPopups"],
    ])("maps %s to %s", (code, key) => {
        expect(keys(signInFix(code, context))[0]).toBe(key);
        const row = checkSignIn({ kind: "failed", code, shown: message("Auth_Failed", code) }, context);
        expect(row.status).toBe("fail");
        expect(row.facts).toEqual([{ label: "Setup_Fact_Code", value: code }]);
    });

    it("gives the exact URI to register, and the control's own message for a code it can't map", () => {
        expect(signInFix("AADSTS50011", context)[0].message.args).toEqual([REDIRECT]);
        expect(
            checkSignIn(
                { kind: "failed", code: "AADSTS53003", shown: message("Auth_BlockedByPolicy", "AADSTS53003") },
                context,
            ).fixes,
        ).toEqual([{ message: { key: "Auth_BlockedByPolicy", args: ["AADSTS53003"] } }]);
    });

    it("is pending until signed in, skipped in SAS mode", () => {
        expect(checkSignIn({ kind: "waiting" }, context).status).toBe("pending");
        expect(checkSignIn({ kind: "notNeeded" }, context).status).toBe("skip");
        expect(checkSignIn({ kind: "signedIn", silently: false }, context).status).toBe("pass");
    });
});

describe("token row", () => {
    const good = {
        aud: "https://service.flow.microsoft.com/",
        tid: TENANT,
        scp: "User",
        upn: "adele@contoso.test",
        exp: 2000,
    };
    const expected = { cloud: "Public" as const, tenantId: TENANT, nowSeconds: 1000 };

    it("shows the claims, never the token, and passes the flow audience of the cloud", () => {
        const row = checkToken(good, expected);
        expect(row.status).toBe("pass");
        expect(row.facts.map((f) => f.value)).toEqual([
            "https://service.flow.microsoft.com/",
            TENANT,
            "User",
            "adele@contoso.test",
            "1970-01-01T00:33:20.000Z",
        ]);
    });

    it("fails the single-slash audience, another tenant, a missing User permission and an expired token", () => {
        expect(keys(checkToken({ ...good, aud: "https://service.flow.microsoft.com" }, expected).fixes)).toEqual([
            "Setup_Fix_Audience",
        ]);
        expect(keys(checkToken({ ...good, tid: "a8e2d4c6-1b3f-4e5a-8c7d-9f0e1d2c3b4a" }, expected).fixes)).toEqual([
            "Setup_Fix_TokenTenant",
        ]);
        expect(keys(checkToken({ ...good, scp: "openid" }, expected).fixes)).toEqual(["Setup_Fix_AddPermission"]);
        expect(keys(checkToken({ ...good, exp: 999 }, expected).fixes)).toEqual(["Setup_Fix_SignInAgain"]);
        expect(checkToken(undefined, expected).status).toBe("fail");
    });
});

describe("testRun row", () => {
    const exchange = (status: number | "network", extra: Partial<ExchangeObservation> = {}): ExchangeObservation => ({
        status,
        elapsedMs: 120,
        readable: { location: true, retryAfter: true, runId: true },
        withTrackingHeader: false,
        ...extra,
    });
    const run = (
        first: ExchangeObservation,
        retry?: ExchangeObservation,
        authMode: "EntraUser" | "SharedAccessSignature" = "EntraUser",
    ) => checkTestRun({ authMode, first, withoutTrackingHeader: retry });

    it("waits for the click", () => {
        expect(checkTestRun(undefined).status).toBe("pending");
    });

    it("passes 200 with the flow's message and lists the headers the page could read", () => {
        const row = run(exchange(200, { flowMessage: "Done." }));
        expect(row.status).toBe("pass");
        expect(row.facts).toContainEqual({
            label: "Setup_Fact_ReadableHeaders",
            value: "Location, Retry-After, x-ms-workflow-run-id",
        });
        expect(row.facts).toContainEqual({ label: "Setup_Fact_FlowMessage", value: "Done." });
    });

    it("warns on a 202 whose Location the page can't read", () => {
        const row = run(exchange(202, { readable: { location: false, retryAfter: false, runId: true } }));
        expect([row.status, row.summary.key]).toEqual(["warn", "Setup_TestRun_LocationHidden"]);
    });

    it("tells a refused tracking header from a flow that can't be reached", () => {
        expect(run(exchange("network", { withTrackingHeader: true }), exchange(200)).summary.key).toBe(
            "Setup_TestRun_HeaderRefused",
        );
        expect(keys(run(exchange("network", { withTrackingHeader: true }), exchange(200)).fixes)).toEqual([
            "Setup_Fix_TurnOffTrackingHeader",
        ]);
        expect(run(exchange("network"), exchange("network")).summary.key).toBe("Setup_TestRun_Unreachable");
        expect(run(exchange("network")).summary.key).toBe("Setup_TestRun_Unreachable");
    });

    it.each([
        [401, "MisMatchingOAuthClaims", "Setup_Fix_MisMatchingClaims"],
        [401, "DirectApiAuthorizationRequired", "Setup_Fix_TriggerIsAnyone"],
        [403, undefined, "Setup_Fix_NotInSpecificUsers"],
        [403, "MisMatchingOAuthClaims", "Setup_Fix_NotInSpecificUsers"],
        [401, "OAuthAccessPolicyNotFound", "Setup_Fix_TriggerIsAnyone"],
        [400, "WorkflowTriggerIsNotEnabled", "Setup_Fix_TurnFlowOn"],
        [404, "WorkflowTriggerIsNotEnabled", "Setup_Fix_TurnFlowOn"],
        [404, "WorkflowNotFound", "Setup_Fix_StaleUrl"],
        [404, undefined, "Setup_Fix_StaleUrl"],
        [429, "WorkflowRequestsThrottled", "Setup_Fix_Throttled"],
        [502, "NoResponse", "Setup_Fix_ServerError"],
    ])("%s %s → %s", (status, errorCode, key) => {
        const row = run(exchange(status, { errorCode }));
        expect([row.status, keys(row.fixes)]).toEqual(["fail", [key]]);
    });

    it("a trigger that wants sign-in while the button sends none", () => {
        expect(
            keys(
                run(exchange(401, { errorCode: "DirectApiAuthorizationRequired" }), undefined, "SharedAccessSignature")
                    .fixes,
            ),
        ).toEqual(["Setup_Fix_TriggerNeedsSignIn"]);
    });
});

describe("schema row", () => {
    it("skips without a table, fails on metadata, warns without a sample, passes with one", () => {
        expect(checkSchema({ kind: "noTable" }).status).toBe("skip");
        expect(
            checkSchema({ kind: "failed", reason: message("Error_Payload_UnknownColumn", "account", "x") }).status,
        ).toBe("fail");
        expect(
            checkSchema({
                kind: "ready",
                table: "account",
                columns: 3,
                sampleProblem: message("Setup_Fix_ChooseRecord"),
            }).status,
        ).toBe("warn");
        expect(checkSchema({ kind: "ready", table: "account", columns: 3 }).status).toBe("pass");
    });
});

describe("the starter flow's echo of the headers it received", () => {
    it("keeps x-ms-* header names only, whatever else the flow echoed", () => {
        const body = JSON.stringify({
            message: "ok",
            receivedHeaderNames: ["x-ms-user-name-encoded", "x-ms-client-tracking-id", "Bearer eyJhbGciOi", 42, "x"],
        });
        expect(receivedHeaderNamesFromBody(body)).toEqual(["x-ms-user-name-encoded", "x-ms-client-tracking-id"]);
        expect(receivedHeaderNamesFromBody("not json")).toBeUndefined();
        expect(receivedHeaderNamesFromBody('{"message":"no echo"}')).toBeUndefined();
    });

    it("shows them as a fact of a passing test run", () => {
        const run = checkTestRun({
            authMode: "EntraUser",
            first: {
                status: 200,
                elapsedMs: 12,
                readable: { location: false, retryAfter: false, runId: true },
                withTrackingHeader: false,
                receivedHeaderNames: ["x-ms-user-name-encoded"],
            },
        });
        expect(run.status).toBe("pass");
        expect(JSON.stringify(run.facts)).toContain("x-ms-user-name-encoded");
    });
});
