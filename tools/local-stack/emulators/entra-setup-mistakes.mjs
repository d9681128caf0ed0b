// App registration mistakes the setup page (issue 16) must diagnose, reproduced by option on a registration:
//   { platform: "web" }          the redirect URI is registered under Web, not Single-page application: the
//                                SPA's cross-origin token redemption fails with AADSTS9002326;
//   { apiPermissions: [appId] }  the APIs the registration lists under API permissions; a sign-in for any other
//                                resource (no Power Automate permission) fails on /authorize with AADSTS650057.
// Redirect URI not registered (AADSTS50011), unknown client id (AADSTS700016) and missing consent (AADSTS65001,
// `requireConsent`) need no option: register other redirect URIs, use another client id, or switch consent on.
// Hooked into entra-id.mjs with two calls. Texts as Entra returns them (Microsoft Q&A and Azure-Samples issues).
import { DEFAULT_CLIENTS, HOME_TENANT_ID } from "./entra-directory.mjs";

export const MISTAKE_ERRORS = Object.freeze({
    registeredAsWeb: {
        code: 9002326,
        error: "invalid_request",
        text: "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{0}'.",
    },
    permissionMissing: {
        code: 650057,
        error: "invalid_client",
        text: "Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: {0}({1}). Resource value from request: {2}. Resource app ID: {3}. List of valid resources from app registration: {4}.",
    },
});

const LOOPBACK_REDIRECTS = DEFAULT_CLIENTS[0].redirectUris;

/** Registrations with one mistake each, beside the correct default one (same tenant, same loopback redirect URIs). */
export const MISTAKE_CLIENTS = Object.freeze({
    registeredAsWeb: Object.freeze({
        clientId: "0b5e7c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d",
        name: "FlowTriggerControl (redirect URI under Web)",
        tenantId: HOME_TENANT_ID,
        redirectUris: LOOPBACK_REDIRECTS,
        platform: "web",
    }),
    permissionMissing: Object.freeze({
        clientId: "1c6f8d2b-3e4a-4b5c-9d7e-8f9a0b1c2d3e",
        name: "FlowTriggerControl (no Power Automate permission)",
        tenantId: HOME_TENANT_ID,
        redirectUris: LOOPBACK_REDIRECTS,
        // Microsoft Graph only.
        apiPermissions: Object.freeze(["00000003-0000-0000-c000-000000000000"]),
    }),
    redirectNotRegistered: Object.freeze({
        clientId: "2d7a9e3c-4f5b-4c6d-8e8f-9a0b1c2d3e4f",
        name: "FlowTriggerControl (other redirect URI)",
        tenantId: HOME_TENANT_ID,
        redirectUris: Object.freeze([
            "https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
        ]),
    }),
});

/** The default registration plus every mistake above: pass as the emulator's `clients`. */
export const CLIENTS_WITH_MISTAKES = Object.freeze([...DEFAULT_CLIENTS, ...Object.values(MISTAKE_CLIENTS)]);

/**
 * On /authorize, once the client and the scopes are known: the permission the registration lacks.
 * @returns {{ entry: object, args: string[] } | undefined}
 */
export function authorizeMistake(client, scopes) {
    const appId = scopes?.resource?.definition?.appId;
    if (!client.apiPermissions || !appId || client.apiPermissions.includes(appId)) return undefined;
    return {
        entry: MISTAKE_ERRORS.permissionMissing,
        args: [client.clientId, client.name, scopes.resource.identifier, appId, client.apiPermissions.join(", ")],
    };
}

/**
 * On /token: a registration whose redirect URI is under Web can't redeem a code from the browser.
 * @returns {{ entry: object, args: string[] } | undefined}
 */
export function tokenMistake(client, origin) {
    return client.platform === "web" ? { entry: MISTAKE_ERRORS.registeredAsWeb, args: [origin ?? ""] } : undefined;
}
