/**
 * The sign-in redirect page: a solution web resource on the org's own origin that hands Entra's answer
 * back to the form (MSAL v5 "redirect bridge"). Its address is the app registration's SPA redirect URI.
 * The packaging list is `webResources` in Solutions/solution.config.json; a test keeps both in step.
 */

/** Folder inside the publisher's web resource namespace: `<prefix>_/FlowTriggerControl/...`. */
export const SIGNIN_REDIRECT_FOLDER = "FlowTriggerControl";
export const SIGNIN_REDIRECT_PAGE = "SignInRedirect.html";

/** Dataverse publisher prefixes: 2–8 letters or digits, starting with a letter. */
const PUBLISHER_PREFIX = /^[A-Za-z][A-Za-z0-9]{1,7}$/;

const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])$/;

/** Web resource name of the sign-in page, e.g. `ftc_/FlowTriggerControl/SignInRedirect.html`. */
export function signInWebResourceName(publisherPrefix: string): string {
    const prefix = publisherPrefix.trim();
    if (!PUBLISHER_PREFIX.test(prefix)) {
        throw new RangeError("publisherPrefix: 2-8 letters or digits");
    }
    return `${prefix}_/${SIGNIN_REDIRECT_FOLDER}/${SIGNIN_REDIRECT_PAGE}`;
}

/**
 * The redirect URI to use when the maker set none: the sign-in page this solution installs,
 * e.g. https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html.
 * `origin` is the org's origin (window.location.origin in the form); https only, except loopback for local tests.
 */
export function defaultRedirectUri(origin: string, publisherPrefix: string): string {
    const url = new URL(origin);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOST.test(url.hostname))) {
        throw new RangeError("origin: not https");
    }
    return `${url.origin}/WebResources/${signInWebResourceName(publisherPrefix)}`;
}
