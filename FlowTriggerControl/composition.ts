import { createTokenProvider } from "./auth/tokenProvider";
import type { ConfigProblem } from "./contracts/configProblem";
import { message } from "./contracts/userMessage";
import { createRecordReader } from "./payload/recordReader";
import { lookUpCurrentEnvironmentId } from "./flow/currentEnvironment";
import type { HostSnapshot } from "./platform/hostContext";
import type { PcfServices } from "./platform/pcfServices";
import { createRunner, pageFetch } from "./run/createRunner";
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
    /** Problems found after load (an environment variable that does not exist or holds a bad URL; unsendable columns). */
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

/**
 * Equal keys, same session: the property values, the host facts the settings read, and whether the
 * record exists yet (the first save of a new record starts the warm-up).
 */
export function sessionKey(host: HostSnapshot): string {
    return JSON.stringify([host.raw, host.origin, host.orgTenantId, host.record !== undefined]);
}

export function createSession(host: HostSnapshot, services: PcfServices, env: SessionEnvironment): ControlSession {
    const key = sessionKey(host);
    const settings = parseSettings(host.raw, {
        origin: host.origin,
        orgTenantId: host.orgTenantId,
        publisherPrefix: SOLUTION_PUBLISHER_PREFIX,
    });
    // No record yet (new record, form designer preview): no network call and no sign-in until there is one.
    if (!settings.ok || !host.record) return { key, settings };

    const entra = settings.settings.entra;
    // One reader per session keeps its table-metadata cache across clicks (and from the load-time check).
    // The PCF services carry the reader's sources: records, metadata and the user's time zone offsets.
    const recordReader = createRecordReader(services);
    const runner = createRunner({
        settings: settings.settings,
        caller: host.user,
        // The user's UPN and object id come from a Web API read; until then getToken waits for it.
        tokenProvider: entra
            ? new DeferredTokenProvider(async () =>
                  createTokenProvider(entra, await services.lookUpSignedInUser(host.user.userId)),
              )
            : undefined,
        recordReader,
        environmentVariables: services.queries,
        currentEnvironmentId: () => lookUpCurrentEnvironmentId(env.fetch ?? pageFetch),
        fetch: env.fetch,
    });
    // Image and file columns named in payloadFields: found on load from the table metadata, not by a click.
    // With "*" they are left out silently, as documented.
    const fields = settings.settings.fields;
    const preparation = Promise.all([
        runner.prepare().catch(() => undefined),
        fields.kind === "list" && host.tableName ? recordReader.unsendableColumns(host.tableName, fields.names) : [],
    ]).then((found) => {
        const problems: ConfigProblem[] = [];
        if (found[0]) problems.push({ property: "flowUrl", reason: found[0] });
        if (found[1].length > 0) {
            problems.push({
                property: "payloadFields",
                reason: message("Error_Config_FieldListUnsendable", found[1].join(", ")),
            });
        }
        return problems;
    });
    return { key, settings, runner, preparation };
}
