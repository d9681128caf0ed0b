import {
    lookUpCurrentEnvironmentId,
    lookUpCurrentOrganization,
} from "../../../FlowTriggerControl/flow/currentEnvironment";

function answering(response: Response | Error): jest.Mock {
    return jest.fn(() => (response instanceof Error ? Promise.reject(response) : Promise.resolve(response)));
}

describe("lookUpCurrentEnvironmentId", () => {
    it("calls RetrieveCurrentOrganization relative to the page (the app's origin) and reads Detail.EnvironmentId", async () => {
        const fetchMock = answering(
            Response.json({ Detail: { EnvironmentId: "Default-72f988bf-86f1-41af-91ab-2d7cd011db47", Geo: "EU" } }),
        );
        await expect(lookUpCurrentEnvironmentId(fetchMock)).resolves.toBe(
            "Default-72f988bf-86f1-41af-91ab-2d7cd011db47",
        );
        const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
        expect(url).toBe(
            "/api/data/v9.2/RetrieveCurrentOrganization(AccessType=@p)?@p=Microsoft.Dynamics.CRM.EndpointAccessType'Default'",
        );
        const headers = new Headers(init.headers);
        expect(headers.get("accept")).toBe("application/json");
        expect(headers.get("authorization")).toBeNull();
    });

    it.each<[string, Response | Error]>([
        ["an error status", new Response(JSON.stringify({ error: { code: "0x80060888" } }), { status: 404 })],
        ["no Detail", Response.json({ value: [] })],
        ["no EnvironmentId (an older organization)", Response.json({ Detail: { OrganizationId: "x" } })],
        ["an EnvironmentId that is not text", Response.json({ Detail: { EnvironmentId: 42 } })],
        ["a body that is not JSON", new Response("<html>sign in</html>", { status: 200 })],
        ["a failed request", new TypeError("Failed to fetch")],
    ])("is undefined for %s, and never throws", async (_name, response) => {
        await expect(lookUpCurrentEnvironmentId(answering(response))).resolves.toBeUndefined();
    });
});

describe("lookUpCurrentOrganization", () => {
    const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const ENVIRONMENT = `Default-${TENANT}`;

    it("reads Detail.TenantId and Detail.EnvironmentId from one call", async () => {
        const fetchMock = answering(Response.json({ Detail: { EnvironmentId: ENVIRONMENT, TenantId: TENANT } }));
        await expect(lookUpCurrentOrganization(fetchMock)).resolves.toEqual({
            environmentId: ENVIRONMENT,
            tenantId: TENANT,
        });
        expect(fetchMock).toHaveBeenCalledTimes(1);
        expect((fetchMock.mock.calls[0] as [string])[0]).toContain("/api/data/v9.2/RetrieveCurrentOrganization(");
    });

    it("gives the tenant in the canonical GUID form", async () => {
        const answer = Response.json({ Detail: { TenantId: ` {${TENANT.toUpperCase()}} ` } });
        await expect(lookUpCurrentOrganization(answering(answer))).resolves.toEqual({
            environmentId: undefined,
            tenantId: TENANT,
        });
    });

    it.each<[string, unknown]>([
        ["missing", undefined],
        ["not a GUID", "contoso.onmicrosoft.com"],
        ["a GUID with something after it", `${TENANT}x`],
        ["not text", 42],
    ])("has no tenant when TenantId is %s, and keeps the environment", async (_name, tenantId) => {
        const answer = Response.json({ Detail: { EnvironmentId: ENVIRONMENT, TenantId: tenantId } });
        const organization = await lookUpCurrentOrganization(answering(answer));
        expect(organization.tenantId).toBeUndefined();
        expect(organization.environmentId).toBe(ENVIRONMENT);
    });

    it.each<[string, Response | Error]>([
        ["an error answer", new Response(JSON.stringify({ error: { code: "0x80060888" } }), { status: 400 })],
        ["a body that is not JSON", new Response("<html>sign in</html>", { status: 200 })],
        ["a network fault", new TypeError("Failed to fetch")],
    ])("is empty for %s, and never throws", async (_name, response) => {
        await expect(lookUpCurrentOrganization(answering(response))).resolves.toEqual({});
    });
});
