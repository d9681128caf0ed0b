// The Entra ID emulator's directory: tenants, users and app registrations, with lookups.
// All identifiers are fixed so tests and docs can name them.

export const HOME_TENANT_ID = "5f1c6a3e-8d2b-4c7a-9e41-2b6d0f3a7c15";
export const OTHER_TENANT_ID = "a8e2d4c6-1b3f-4e5a-8c7d-9f0e1d2c3b4a";
export const DEFAULT_CLIENT_ID = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b";

export const DEFAULT_TENANTS = Object.freeze([
    Object.freeze({ id: HOME_TENANT_ID, name: "Contoso", domains: Object.freeze(["contoso.test"]) }),
    Object.freeze({ id: OTHER_TENANT_ID, name: "Fabrikam", domains: Object.freeze(["fabrikam.test"]) }),
]);

export const DEFAULT_USERS = Object.freeze([
    Object.freeze({
        upn: "adele@contoso.test",
        oid: "3b8c2a6e-4f1d-4e9a-b7c5-0d2e1f3a4b51",
        name: "Adele Vance",
        givenName: "Adele",
        familyName: "Vance",
        tenantId: HOME_TENANT_ID,
    }),
    Object.freeze({
        upn: "megan@contoso.test",
        oid: "9d4e7f1a-2b3c-4d5e-8f6a-7b8c9d0e1f22",
        name: "Megan Bowen",
        givenName: "Megan",
        familyName: "Bowen",
        tenantId: HOME_TENANT_ID,
    }),
    Object.freeze({
        upn: "lee@contoso.test",
        oid: "c1f2e3d4-5a6b-4c7d-9e8f-0a1b2c3d4e33",
        name: "Lee Gu",
        givenName: "Lee",
        familyName: "Gu",
        tenantId: HOME_TENANT_ID,
    }),
    Object.freeze({
        upn: "guest@fabrikam.test",
        oid: "e5d4c3b2-a1f0-4e9d-8c7b-6a5f4e3d2c44",
        name: "Grady Archie",
        givenName: "Grady",
        familyName: "Archie",
        tenantId: OTHER_TENANT_ID,
    }),
]);

/**
 * The default registration: a SPA public client whose redirect URIs are any loopback URL on any
 * port ("scheme://host:*" patterns), so tests can use ephemeral ports.
 */
export const DEFAULT_CLIENTS = Object.freeze([
    Object.freeze({
        clientId: DEFAULT_CLIENT_ID,
        name: "FlowTriggerControl (emulator)",
        tenantId: HOME_TENANT_ID,
        redirectUris: Object.freeze([
            "https://127.0.0.1:*",
            "http://127.0.0.1:*",
            "https://localhost:*",
            "http://localhost:*",
        ]),
    }),
]);

/** Tenant path segments that are not one tenant. */
export const MULTI_TENANT_SEGMENTS = Object.freeze(["common", "organizations"]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text) {
    return typeof text === "string" && GUID.test(text);
}

/**
 * True when `redirectUri` is registered: an exact match, or a "scheme://host:*" pattern matching
 * scheme and host on any port and path. Query strings and fragments are never allowed.
 */
export function isRegisteredRedirectUri(client, redirectUri) {
    let url;
    try {
        url = new URL(redirectUri);
    } catch {
        return false;
    }
    if (url.hash !== "" || redirectUri.includes("#")) return false;
    return client.redirectUris.some((registered) => {
        const pattern = /^(https?):\/\/([^/:]+):\*$/.exec(registered);
        if (pattern) return url.protocol === `${pattern[1]}:` && url.hostname === pattern[2].toLowerCase();
        return registered === redirectUri;
    });
}

export function createDirectory({ tenants = DEFAULT_TENANTS, users = DEFAULT_USERS, clients = DEFAULT_CLIENTS } = {}) {
    const tenantList = tenants.map((tenant) => Object.freeze({ ...tenant, domains: [...(tenant.domains ?? [])] }));
    const userList = users.map((user) => Object.freeze({ ...user }));
    const clientList = clients.map((client) => Object.freeze({ ...client, redirectUris: [...client.redirectUris] }));
    for (const user of userList) {
        if (!tenantList.some((tenant) => tenant.id === user.tenantId)) {
            throw new Error(`User ${user.upn} belongs to unknown tenant ${user.tenantId}`);
        }
    }
    return Object.freeze({
        tenants: Object.freeze(tenantList),
        users: Object.freeze(userList),
        clients: Object.freeze(clientList),
        /** A tenant by GUID or verified domain; undefined for unknown names and for common/organizations. */
        findTenant(segment) {
            const wanted = String(segment).toLowerCase();
            return tenantList.find((tenant) => tenant.id === wanted || tenant.domains.includes(wanted));
        },
        /** A user by UPN (case-insensitive), or by object id. */
        findUser(loginNameOrOid) {
            const wanted = String(loginNameOrOid ?? "")
                .trim()
                .toLowerCase();
            if (wanted === "") return undefined;
            return userList.find((user) => user.upn.toLowerCase() === wanted || user.oid === wanted);
        },
        findClient(clientId) {
            return clientList.find((client) => client.clientId === clientId);
        },
        tenantName(tenantId) {
            return tenantList.find((tenant) => tenant.id === tenantId)?.name ?? tenantId;
        },
    });
}
