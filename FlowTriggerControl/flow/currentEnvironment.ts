import { normalizeGuid } from "../contracts/guid";

/**
 * The Power Platform environment and Entra tenant the page runs in, from the Web API function
 * RetrieveCurrentOrganization: OrganizationDetail.EnvironmentId and OrganizationDetail.TenantId ("The ID of the
 * tenant", https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/organizationdetail).
 * PCF's context.webAPI can't call a function and neither PCF nor Xrm documents a member holding these ids, so this
 * is a GET relative to the page (the app's own origin), authenticated by the app's session ("Authenticate with
 * JavaScript in web resources", https://learn.microsoft.com/power-apps/developer/data-platform/webapi/authenticate-web-api).
 * No token goes here. fetch is injected, so every host (control, command library, setup page) asks the same way.
 */
const RETRIEVE_CURRENT_ORGANIZATION =
    "/api/data/v9.2/RetrieveCurrentOrganization(AccessType=@p)?@p=Microsoft.Dynamics.CRM.EndpointAccessType'Default'";

export interface CurrentOrganization {
    readonly environmentId?: string;
    /** A GUID (lower-case), or undefined. */
    readonly tenantId?: string;
}

interface OrganizationDetail {
    readonly EnvironmentId?: unknown;
    readonly TenantId?: unknown;
}

/** OrganizationDetail, or undefined when it can't be had (older host, blocked request, error answer). */
async function readOrganizationDetail(fetchImpl: typeof fetch): Promise<OrganizationDetail | undefined> {
    try {
        const response = await fetchImpl(RETRIEVE_CURRENT_ORGANIZATION, { headers: { Accept: "application/json" } });
        // An error answer has no Detail: reading it is undefined, or throws on a null body.
        return ((await response.json()) as { Detail?: OrganizationDetail }).Detail ?? undefined;
    } catch {
        return undefined;
    }
}

/** The environment id alone (what the control checks the trigger host against); undefined when it can't be read. */
export async function lookUpCurrentEnvironmentId(fetchImpl: typeof fetch): Promise<string | undefined> {
    const id = (await readOrganizationDetail(fetchImpl))?.EnvironmentId;
    return typeof id === "string" ? id : undefined;
}

/** What could be read; each part is undefined when it can't be had (older host, blocked request, odd answer). */
export async function lookUpCurrentOrganization(fetchImpl: typeof fetch): Promise<CurrentOrganization> {
    const detail = await readOrganizationDetail(fetchImpl);
    if (detail === undefined) return {};
    const id = detail.EnvironmentId;
    return { environmentId: typeof id === "string" ? id : undefined, tenantId: normalizeGuid(detail.TenantId) };
}
