// Resources (APIs) the Entra ID emulator issues access tokens for, and how a `scope` parameter maps
// to one resource. Entra ID takes the resource identifier as everything before the last "/" of a
// scope, so "https://service.flow.microsoft.com//.default" names "https://service.flow.microsoft.com/"
// and the single-slash "https://service.flow.microsoft.com/.default" names the identifier without the
// trailing slash: the token's `aud` is the identifier as requested, which reproduces the known
// MisMatchingOAuthClaims bug.
import { FLOW_AUDIENCES, FLOW_SERVICE_APP_ID } from "./flow-clouds.mjs";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const POWERAPPS_SERVICE_APP_ID = "475226c6-020e-4fb2-8a90-7a972cbfc1d4";

/** Scopes that ask for sign-in artefacts, not for an API. */
export const OIDC_SCOPES = Object.freeze(["openid", "profile", "offline_access", "email"]);

function withAndWithoutSlash(uri) {
    const bare = uri.replace(/\/$/, "");
    return [`${bare}/`, bare];
}

export const DEFAULT_RESOURCES = Object.freeze([
    Object.freeze({
        appId: FLOW_SERVICE_APP_ID,
        name: "Microsoft Flow Service",
        identifiers: Object.freeze([
            ...Object.values(FLOW_AUDIENCES).flatMap(withAndWithoutSlash),
            FLOW_SERVICE_APP_ID,
        ]),
        permissions: Object.freeze(["User"]),
    }),
    Object.freeze({
        appId: GRAPH_APP_ID,
        name: "Microsoft Graph",
        identifiers: Object.freeze([...withAndWithoutSlash("https://graph.microsoft.com"), GRAPH_APP_ID]),
        permissions: Object.freeze(["User.Read"]),
    }),
    Object.freeze({
        appId: POWERAPPS_SERVICE_APP_ID,
        name: "PowerApps Service",
        identifiers: Object.freeze([...withAndWithoutSlash("https://service.powerapps.com"), POWERAPPS_SERVICE_APP_ID]),
        permissions: Object.freeze(["User"]),
    }),
]);

/**
 * Splits a space-separated scope string.
 * @returns {{ ok: true, oidc: string[], resource: { identifier: string, definition: object, permissions: string[], requested: string[] } }
 *         | { ok: false, kind: "multipleResources" | "resourceNotFound", detail: string }}
 * `resource` defaults to Microsoft Graph (User.Read) when only OIDC scopes are asked, as Entra ID does.
 */
export function parseScopes(scopeText, resources = DEFAULT_RESOURCES) {
    const scopes = String(scopeText ?? "")
        .split(/\s+/)
        .filter(Boolean);
    const oidc = scopes.filter((scope) => OIDC_SCOPES.includes(scope.toLowerCase()));
    const apiScopes = scopes.filter((scope) => !OIDC_SCOPES.includes(scope.toLowerCase()));
    const parsed = apiScopes.map((scope) => {
        const slash = scope.lastIndexOf("/");
        // A bare permission ("User.Read") is a Microsoft Graph permission.
        return slash < 0
            ? { identifier: "https://graph.microsoft.com", permission: scope, bare: true }
            : { identifier: scope.slice(0, slash), permission: scope.slice(slash + 1), bare: false };
    });
    const definitions = parsed.map((entry) => ({
        ...entry,
        definition: resources.find((resource) => resource.identifiers.includes(entry.identifier)),
    }));
    const unknown = definitions.find((entry) => !entry.definition);
    if (unknown) return { ok: false, kind: "resourceNotFound", detail: unknown.identifier };
    const appIds = new Set(definitions.map((entry) => entry.definition.appId));
    if (appIds.size > 1) return { ok: false, kind: "multipleResources", detail: apiScopes.join(" ") };
    if (definitions.length === 0) {
        const graph = resources.find((resource) => resource.appId === GRAPH_APP_ID) ?? DEFAULT_RESOURCES[1];
        return {
            ok: true,
            oidc,
            resource: {
                identifier: GRAPH_APP_ID,
                definition: graph,
                permissions: [...graph.permissions],
                requested: [],
                bare: true,
            },
        };
    }
    const first = definitions[0];
    const explicit = definitions.map((entry) => entry.permission).filter((permission) => permission !== ".default");
    const permissions = definitions.some((entry) => entry.permission === ".default")
        ? [...new Set([...first.definition.permissions, ...explicit])]
        : [...new Set(explicit)];
    return {
        ok: true,
        oidc,
        resource: {
            identifier: first.bare ? GRAPH_APP_ID : first.identifier,
            definition: first.definition,
            permissions,
            requested: apiScopes,
            bare: first.bare,
        },
    };
}

/**
 * The `scope` value of a token response: granted permissions prefixed with the identifier, plus the
 * requested "/.default" itself (so a client caching by scope finds the token again).
 */
export function grantedScopeText(resource) {
    const prefix = resource.bare ? "" : `${resource.identifier}/`;
    const granted = resource.permissions.map((permission) => `${prefix}${permission}`);
    const defaults = resource.requested.filter((scope) => scope.endsWith("/.default"));
    return [...new Set([...granted, ...defaults])].join(" ");
}
