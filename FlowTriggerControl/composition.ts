import { createTokenProvider } from "./auth/tokenProvider";
import type { ConfigProblem } from "./contracts/configProblem";
import { createRecordReader } from "./payload/recordReader";
import type { HostSnapshot } from "./platform/hostContext";
import type { PcfServices } from "./platform/pcfServices";
import { createRunner } from "./run/createRunner";
import { DeferredTokenProvider } from "./run/deferredTokenProvider";
import type { FlowRunner } from "./run/flowRunner";
import { parseSettings } from "./settings/settings";
import type { SettingsResult } from "./settings/settings.types";

/**
 * The one place that builds the control's session: settings parsed from the host snapshot, and a
 * runner wired to the PCF services. Rebuilt only when the values it depends on change.
 */
export interface ControlSession {
    readonly key: string;
    readonly settings: SettingsResult;
    readonly runner?: FlowRunner;
    /** Problems found after load (an environment variable that doesn't exist, or holds a bad URL). */
    readonly preparation?: Promise<readonly ConfigProblem[]>;
}

/**
 * The solution publisher's prefix, which names the sign-in web resource. Kept here rather than read
 * from Solutions/solution.config.json so the bundle doesn't carry the packaging config; a test keeps
 * both equal.
 */
export const SOLUTION_PUBLISHER_PREFIX = "ftc";

export interface SessionEnvironment {
    /** Default: the page's fetch. */
    readonly fetch?: typeof fetch;
}

/** Equal keys, same session: the property values and the host facts the settings read. */
export function sessionKey(host: HostSnapshot): string {
    return JSON.stringify([host.raw, host.origin, host.orgTenantId]);
}

export function createSession(host: HostSnapshot, services: PcfServices, env: SessionEnvironment): ControlSession {
    const key = sessionKey(host);
    const settings = parseSettings(host.raw, {
        origin: host.origin,
        orgTenantId: host.orgTenantId,
        publisherPrefix: SOLUTION_PUBLISHER_PREFIX,
    });
    if (!settings.ok) return { key, settings };

    const entra = settings.settings.entra;
    const runner = createRunner({
        settings: settings.settings,
        caller: host.user,
        // The user's UPN and object id come from a Web API read; until then getToken waits for it.
        tokenProvider: entra
            ? new DeferredTokenProvider(async () =>
                  createTokenProvider(entra, await services.lookUpSignedInUser(host.user.userId)),
              )
            : undefined,
        // One reader per session keeps its table-metadata cache across clicks.
        recordReader: createRecordReader({
            records: services.records,
            metadata: services.metadata,
            userTimeZoneOffsetMinutes: services.userTimeZoneOffsetMinutes,
        }),
        environmentVariables: services.queries,
        fetch: env.fetch,
    });
    const preparation = runner
        .prepare()
        .then((problem): readonly ConfigProblem[] => (problem ? [{ property: "flowUrl", reason: problem }] : []))
        .catch((): readonly ConfigProblem[] => []);
    return { key, settings, runner, preparation };
}
