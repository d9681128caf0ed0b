import { LogLevel, type Configuration } from "@azure/msal-browser";
import type { EntraSettings } from "./entraSettings";

/**
 * How long MSAL waits for the sign-in window's answer. It bounds the whole interactive sign-in and is also
 * how long a window the user closed keeps the button busy (MSAL v5 cannot see a closed window). Users of a
 * model-driven app already have an Entra session, so the window normally closes by itself within seconds;
 * a slower sign-in (MFA, consent) that passes this limit still completes in the window, and the next click
 * then succeeds at once from that session.
 */
export const POPUP_BRIDGE_TIMEOUT_MS = 30_000;

/**
 * How long a hidden-iframe renewal may take. It answers within 1–3 s when it can; when third-party cookies
 * are blocked it never answers, and a short wait keeps the click's popup permission (browsers honour a
 * click for about 5 s) when silent sign-in runs inside the click.
 */
export const IFRAME_BRIDGE_TIMEOUT_MS = 6_000;

/**
 * sessionStorage: MSAL's own tab-scoped cache. The PCF rule against web storage is about app data; with
 * memoryStorage every form reload needs a new silent sign-in, i.e. a popup wherever third-party cookies are
 * blocked. The control itself never writes a token anywhere. See docs/authentication.md.
 */
const CACHE_LOCATION = "sessionStorage";

/** Throws when the authority is not a URL. */
export function buildMsalConfiguration(settings: EntraSettings): Configuration {
    const authority = new URL(settings.authority);
    return {
        auth: {
            clientId: settings.clientId,
            // As MSAL should see it: origin + path, no trailing slash, no query, no default port.
            authority: authority.origin + authority.pathname.replace(/\/+$/, ""),
            // A custom authority (not a Microsoft sign-in host) is trusted as given: MSAL then skips Microsoft's
            // instance discovery and reads <authority>/v2.0/.well-known/openid-configuration from that host only.
            // Microsoft hosts need neither: MSAL ships their endpoints. (URL gives https hosts in lower case.)
            knownAuthorities: settings.authorityIsCustom ? [authority.host] : [],
            redirectUri: settings.redirectUri,
            // The control never signs out; null disables the post-logout navigation.
            postLogoutRedirectUri: null,
        },
        cache: {
            cacheLocation: CACHE_LOCATION,
        },
        system: {
            popupBridgeTimeout: POPUP_BRIDGE_TIMEOUT_MS,
            iframeBridgeTimeout: IFRAME_BRIDGE_TIMEOUT_MS,
            // The default, pinned: acquireTokenPopup opens its blank window synchronously, inside the click.
            navigatePopups: true,
            // No loggerCallback: MSAL's default drops every line, so nothing (PII or not) reaches the console.
            loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Warning },
        },
    };
}
