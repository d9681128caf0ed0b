// The local form host's RetrieveCurrentOrganization: what the control reads Detail.EnvironmentId from.
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, test } from "node:test";
import { handleOrganizationRequest, LOCAL_ENVIRONMENT_ID } from "../../tools/local-stack/form-host/organization.mjs";
import { HOME_TENANT_ID } from "../../tools/local-stack/emulators/entra-directory.mjs";

const PATH = "/api/data/v9.2/RetrieveCurrentOrganization";
let server;
let origin;

before(async () => {
    server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        if (!handleOrganizationRequest(req, res, url)) {
            res.writeHead(404);
            res.end("not ours");
        }
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

test("answers the environment id the control asks for, with the parameter as an alias (as the control sends it)", async () => {
    const response = await fetch(
        `${origin}${PATH}(AccessType=@p)?@p=Microsoft.Dynamics.CRM.EndpointAccessType'Default'`,
    );
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.Detail.EnvironmentId, LOCAL_ENVIRONMENT_ID);
    assert.equal(LOCAL_ENVIRONMENT_ID, `Default-${HOME_TENANT_ID}`);
});

test("takes the parameter inline too", async () => {
    const response = await fetch(`${origin}${PATH}(AccessType=Microsoft.Dynamics.CRM.EndpointAccessType'Internet')`);
    assert.equal(response.status, 200);
});

test("refuses a missing or invalid AccessType and any method but GET, in the platform's error shape", async () => {
    for (const [path, method, status] of [
        [`${PATH}(AccessType=@p)`, "GET", 400],
        [`${PATH}(AccessType='Default')`, "GET", 400],
        [`${PATH}(AccessType=@p)?@p=Microsoft.Dynamics.CRM.EndpointAccessType'Everywhere'`, "GET", 400],
        [`${PATH}(AccessType=@p)?@p=Microsoft.Dynamics.CRM.EndpointAccessType'Default'`, "POST", 405],
    ]) {
        const response = await fetch(`${origin}${path}`, { method });
        assert.equal(response.status, status, `${method} ${path}`);
        const body = await response.json();
        assert.match(body.error.code, /^0x[0-9a-f]{8}$/, `${method} ${path}`);
    }
});

test("leaves every other path to the next handler", async () => {
    assert.equal((await fetch(`${origin}/api/data/v9.2/accounts`)).status, 404);
    assert.equal((await fetch(`${origin}${PATH}`)).status, 404);
});
