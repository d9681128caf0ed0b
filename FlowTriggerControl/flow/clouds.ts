import type { CloudName } from "../contracts/cloudName";
import { ENVIRONMENT_HOST } from "./environmentHost";

/**
 * Per-cloud facts: where users sign in, which token audience the HTTP trigger accepts,
 * and which host names carry that cloud's flow triggers.
 *
 * Sources (D = documented by Microsoft, O = observed in public trigger URLs, I = inferred):
 * - Audiences, exact with trailing slash, all five clouds: D (Power Automate "Add OAuth
 *   authentication for HTTP request triggers", audience table).
 * - Scope = audience + "/.default", hence the double slash: D (Entra "trailing slash and /.default").
 * - Sign-in hosts: D (Entra national clouds; MSAL's built-in authority metadata lists the aliases).
 * - Trigger domains per cloud: D (Power Automate "IP address configuration", section on the
 *   "When an HTTP request is received" trigger: *.api.powerplatform.com + *.logic.azure.com;
 *   GCC *.api.gov.powerplatform.microsoft.us, GCC High *.api.high.powerplatform.microsoft.us,
 *   DoD *.api.appsplatform.us, all three + *.logic.azure.us; China
 *   *.api.powerplatform.partner.microsoftonline.cn + *.logic.azure.cn).
 * - Exact host shapes: public new host `<30 hex>.<2 hex>.environment.api.powerplatform.com` D (migration
 *   notice) + O; sovereign new hosts split the 32-hex environment id 31 + 1 (Microsoft 365 Agents SDK
 *   PowerPlatformEnvironment.get_environment_endpoint: 2 characters for prod, 1 elsewhere) and one GCC
 *   trigger URL `default<31 hex>.<1 hex>.environment.api.gov.powerplatform.microsoft.us` was O;
 *   GCC High, DoD and China new-host trigger URLs are I from the same rule.
 * - Legacy hosts `prod-NN.<region>.logic.azure.com` D + O, `prod2-NN.` O; `.logic.azure.us`
 *   (usgovtexas…) O; `.logic.azure.cn` (chinaeast2…) O.
 */
export interface CloudDefinition {
    /** Preferred sign-in host, e.g. login.microsoftonline.com. */
    readonly loginHost: string;
    /** The exact `aud` the trigger compares, trailing slash included. */
    readonly flowAudience: string;
    /** What MSAL must request to get that `aud`: audience + "/.default" (a double slash). */
    readonly flowScope: string;
    /** True for a legacy (Logic Apps) or new (environment API) trigger host of this cloud. */
    isTriggerHost(hostname: string): boolean;
}

/**
 * A cloud's trigger host names:
 * - legacy `prod-NN / prod2-NN . region . logic.azure.<tld>`: one label each, lower-case, no trailing dot; the tld
 *   is the last label of the cloud's environment suffix (com, us, cn);
 * - new `[default]<hex>.<hex>.environment.<suffix>` (environmentHost.ts), where the two hex labels together are the
 *   32-hex environment id. Either split (30+2 or 31+1) is accepted in every cloud: the Microsoft-owned suffix
 *   is what makes the host trustworthy, the split only varies by cloud.
 */
const LEGACY_TRIGGER_HOST = /^prod[0-9]{0,2}-[0-9]{1,3}\.[a-z0-9]{2,40}\.logic\.azure\.([\s\S]*)$/;

function defineCloud(loginHost: string, flowAudience: string, environmentSuffix: string): CloudDefinition {
    const legacyTld = environmentSuffix.slice(environmentSuffix.lastIndexOf(".") + 1);
    return Object.freeze({
        loginHost,
        flowAudience,
        flowScope: `${flowAudience}/.default`,
        isTriggerHost: (hostname: string) =>
            LEGACY_TRIGGER_HOST.exec(hostname)?.[1] === legacyTld ||
            ENVIRONMENT_HOST.exec(hostname)?.[2] === environmentSuffix,
    });
}

export const CLOUDS: Readonly<Record<CloudName, CloudDefinition>> = Object.freeze({
    Public: defineCloud("login.microsoftonline.com", "https://service.flow.microsoft.com/", "api.powerplatform.com"),
    UsGov: defineCloud(
        // GCC signs in on the commercial Entra ID endpoint.
        "login.microsoftonline.com",
        "https://gov.service.flow.microsoft.us/",
        "api.gov.powerplatform.microsoft.us",
    ),
    UsGovHigh: defineCloud(
        "login.microsoftonline.us",
        "https://high.service.flow.microsoft.us/",
        "api.high.powerplatform.microsoft.us",
    ),
    UsGovDoD: defineCloud("login.microsoftonline.us", "https://service.flow.appsplatform.us/", "api.appsplatform.us"),
    China: defineCloud(
        "login.partner.microsoftonline.cn",
        "https://service.powerautomate.cn/",
        "api.powerplatform.partner.microsoftonline.cn",
    ),
});

export const CLOUD_NAMES: readonly CloudName[] = Object.freeze(Object.keys(CLOUDS) as CloudName[]);

/** Every Entra ID sign-in host of the clouds above, with the aliases MSAL knows for them. */
const MICROSOFT_LOGIN_HOSTS: ReadonlySet<string> = new Set([
    "login.microsoftonline.com",
    "login.microsoft.com",
    "login.windows.net",
    "login.microsoftonline.us",
    "login.usgovcloudapi.net",
    "login.partner.microsoftonline.cn",
    "login.chinacloudapi.cn",
]);

/** Exact, case-insensitive match on a bare host name (no port, no trailing dot). */
export function isMicrosoftLoginHost(hostname: string): boolean {
    return MICROSOFT_LOGIN_HOSTS.has(hostname.toLowerCase());
}

/** The cloud whose trigger hosts include this host, if any: lets messages say "this URL is for another cloud". */
export function cloudOfTriggerHost(hostname: string): CloudName | undefined {
    return CLOUD_NAMES.find((name) => CLOUDS[name].isTriggerHost(hostname));
}
