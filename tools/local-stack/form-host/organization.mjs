// The Web API function RetrieveCurrentOrganization of the local form host (and of the grid and setup pages it
// serves): the control and the setup page read Detail.EnvironmentId from it to refuse a trigger URL of another
// environment; the command library and the setup page read Detail.TenantId when tenantId is empty. Shape: the
// OrganizationDetail ComplexType (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/organizationdetail);
// the values are the local tenant's, made up. Strict: GET only, and AccessType must be a valid EndpointAccessType.
import { HOME_TENANT_ID } from "../emulators/entra-directory.mjs";

/** The Power Platform environment the local form "runs in": the tenant's default environment. */
export const LOCAL_ENVIRONMENT_ID = `Default-${HOME_TENANT_ID}`;

const FUNCTION_PATH = /^\/api\/data\/v9\.2\/RetrieveCurrentOrganization\(AccessType=([^)]*)\)$/;
/** EndpointAccessType members, written as an OData enum literal. */
const ACCESS_TYPE = /^Microsoft\.Dynamics\.CRM\.EndpointAccessType'(Default|Internet|Intranet)'$/;

/**
 * Answers GET /api/data/v9.2/RetrieveCurrentOrganization(AccessType=…) (the parameter inline or as an @alias);
 * returns false for any other path.
 */
export function handleOrganizationRequest(req, res, url, environmentId = LOCAL_ENVIRONMENT_ID) {
    const match = FUNCTION_PATH.exec(decodeURIComponent(url.pathname));
    if (!match) return false;
    const send = (status, body) => {
        res.writeHead(status, { "Content-Type": "application/json; odata.metadata=minimal", "OData-Version": "4.0" });
        res.end(JSON.stringify(body));
    };
    const argument = match[1].startsWith("@") ? (url.searchParams.get(match[1]) ?? "") : match[1];
    if (req.method !== "GET") {
        send(405, { error: { code: "0x8006088a", message: "Method not allowed" } });
    } else if (!ACCESS_TYPE.test(argument)) {
        send(400, { error: { code: "0x80060888", message: "Invalid value for parameter 'AccessType'." } });
    } else {
        send(200, {
            "@odata.context": "/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveCurrentOrganizationResponse",
            Detail: {
                EnvironmentId: environmentId,
                OrganizationId: "7c1d2a90-4b6e-4f3a-9d85-1e0f2a3b4c5d",
                TenantId: HOME_TENANT_ID,
                FriendlyName: "Contoso (local)",
                UniqueName: "contosolocal",
                UrlName: "contosolocal",
                Geo: "EUR",
                State: "Enabled",
                OrganizationType: "Customer",
            },
        });
    }
    return true;
}
