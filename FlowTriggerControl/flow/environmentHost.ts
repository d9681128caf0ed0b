/**
 * Which Power Platform environment a trigger host belongs to. The newer trigger hosts carry it in their first
 * two labels: the environment id in lower case without dashes, split before its last 2 characters (public
 * cloud) or its last 1 (the other clouds), e.g. `Default-65b52940-f4b6-41bd-833d-3033ecbcf6e1` →
 * `default65b52940f4b641bd833d3033ecbcf6.e1.environment.api.powerplatform.com`. Rule: Microsoft 365 Agents
 * SDK, microsoft/Agents-for-js packages/agents-copilotstudio-client/src/powerPlatformEnvironment.ts
 * (getEnvironmentEndpoint); the same shape is in the trigger URLs of the "Power Automate HTTP trigger URL"
 * migration (*.environment.api.powerplatform.com). Legacy `*.logic.azure.com` hosts carry no environment.
 * Pure, so the control's URL check and the setup page share it.
 */

/**
 * `[default]<30 hex>.<2 hex>` or `[default]<31 hex>.<1 hex>` (32 hex in all), `.environment.`, then the cloud's
 * suffix. Lower case only: clouds.ts matches trigger hosts with it as they are, environmentKeyOfHost lowers first.
 */
export const ENVIRONMENT_HOST =
    /^((?:default)?(?:[0-9a-f]{30}\.[0-9a-f]{2}|[0-9a-f]{31}\.[0-9a-f]))\.environment\.([\s\S]*)$/;

/** A Power Platform environment id (`Default-<tenant id>` or a GUID) as the host writes it. */
const ENVIRONMENT_KEY = /^(?:default)?[0-9a-f]{32}$/;

/** The environment a trigger host belongs to, as a key (lower case, no dashes); undefined for other hosts. */
export function environmentKeyOfHost(hostname: string): string | undefined {
    const match = ENVIRONMENT_HOST.exec(hostname.toLowerCase());
    return match ? match[1].replace(".", "") : undefined;
}

/** An environment id (e.g. OrganizationDetail.EnvironmentId) as the same key; undefined when it isn't one. */
export function environmentKey(environmentId: string): string | undefined {
    const key = environmentId.trim().toLowerCase().replace(/-/g, "");
    return ENVIRONMENT_KEY.test(key) ? key : undefined;
}

/**
 * True only when the host names an environment and it is not `currentEnvironmentId`: a host without an
 * environment (legacy, custom domain) or an id that can't be read is never reported.
 */
export function isOtherEnvironmentHost(hostname: string, currentEnvironmentId: string): boolean {
    const ofHost = environmentKeyOfHost(hostname);
    const current = environmentKey(currentEnvironmentId);
    return ofHost !== undefined && current !== undefined && ofHost !== current;
}
