/**
 * The Power Platform environment the page runs in, from the Web API function RetrieveCurrentOrganization:
 * OrganizationDetail.EnvironmentId
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/organizationdetail).
 * PCF's context.webAPI can't call a function and no documented context member holds the id, so this is a GET
 * relative to the page (the app's own origin), authenticated by the app's session ("Authenticate with JavaScript
 * in web resources", https://learn.microsoft.com/power-apps/developer/data-platform/webapi/authenticate-web-api).
 * No token goes here. fetch is injected, so every host (control, command library, setup page) asks the same way.
 */
const RETRIEVE_CURRENT_ORGANIZATION =
    "/api/data/v9.2/RetrieveCurrentOrganization(AccessType=@p)?@p=Microsoft.Dynamics.CRM.EndpointAccessType'Default'";

/** The id, or undefined when it can't be had (older host, blocked request, unexpected answer): then nothing is checked. */
export async function lookUpCurrentEnvironmentId(fetchImpl: typeof fetch): Promise<string | undefined> {
    try {
        const response = await fetchImpl(RETRIEVE_CURRENT_ORGANIZATION, { headers: { Accept: "application/json" } });
        // An error answer has no Detail: reading it throws, and the catch says "unknown".
        const id: unknown = ((await response.json()) as { Detail: { EnvironmentId?: unknown } }).Detail.EnvironmentId;
        return typeof id === "string" ? id : undefined;
    } catch {
        return undefined;
    }
}
