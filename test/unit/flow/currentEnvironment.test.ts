import { lookUpCurrentEnvironmentId } from "../../../FlowTriggerControl/flow/currentEnvironment";

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
