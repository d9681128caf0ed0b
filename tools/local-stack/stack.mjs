// The whole local stand-in for a tenant: Entra ID emulator (HTTPS), Power Automate emulator (HTTP on
// loopback, listed in the control's trustedHosts) and the model-driven form host (HTTPS), sharing one
// generated certificate. Used by `npm run demo`, the benchmark and the end-to-end tests; the demo tenant's
// flows and form are in demo-tenant.mjs.
import { sharedLocalCertificate } from "./emulators/certificate.mjs";
import { DEFAULT_USERS } from "./emulators/entra-directory.mjs";
import { startEntraEmulator } from "./emulators/entra-id.mjs";
import { startPowerAutomateEmulator } from "./emulators/power-automate.mjs";
import { DEMO_FLOWS, DEMO_USER } from "./demo-tenant.mjs";
import { environmentVariableFor, IDS, systemUserIdFor } from "./form-host/dataset.mjs";
import { startFormHost } from "./form-host/server.mjs";
import { importStarterSolution } from "./starter-import.mjs";

export function userByUpn(upn) {
    const user = DEFAULT_USERS.find((u) => u.upn === upn);
    if (!user) throw new Error(`No emulator user ${upn}`);
    return user;
}

/**
 * Starts the three servers.
 * @param {{ flows?: Record<string, object>, syncTimeoutMs?: number, hostPort?: number, entraPort?: number, flowsPort?: number, starterZip?: Buffer, entra?: object }} [options]
 *   starterZip: a starter solution zip (npm run solution) to import, owned by the demo user (starter-import.mjs)
 *   entra: more options for the Entra ID emulator (e.g. `clients` with setup mistakes, entra-setup-mistakes.mjs)
 */
export async function startLocalStack(options = {}) {
    const certificate = await sharedLocalCertificate();
    const entra = await startEntraEmulator({ certificate, port: options.entraPort ?? 0, ...(options.entra ?? {}) });
    let host;
    const flows = await startPowerAutomateEmulator({
        entra,
        // Flows that update the calling record write to the form host's Dataverse (started just below).
        records: { update: (table, id, changes) => host?.dataverse.updateRow(table, id, changes) },
        port: options.flowsPort ?? 0,
        syncTimeoutMs: options.syncTimeoutMs ?? 120_000,
        flows: options.flows ?? DEMO_FLOWS,
    });
    // Environment variables of the sample environment: one per flow, named ftc_<Flow>FlowUrl.
    const flowUrls = {};
    for (const name of Object.keys(options.flows ?? DEMO_FLOWS))
        flowUrls[environmentVariableFor(name)] = flows.flowUrl(name);
    host = await startFormHost({ port: options.hostPort ?? 0, tls: certificate, scenario: {}, flowUrls });
    const owner = userByUpn(DEMO_USER);
    const starter = options.starterZip
        ? await importStarterSolution({
              zipBytes: options.starterZip,
              flows,
              host,
              owner: { oid: owner.oid, systemUserId: systemUserIdFor(owner) },
          })
        : undefined;

    /** Control properties for a flow of the emulator, signed in through the Entra emulator. */
    const entraProperties = (flowName, extra = {}) => ({
        flowUrl: flows.flowUrl(flowName),
        authMode: "EntraUser",
        clientId: entra.defaultClientId,
        tenantId: entra.homeTenantId,
        // The emulator is a custom (non-Microsoft) authority: the control treats it as a known authority.
        authority: entra.url,
        trustedHosts: `127.0.0.1:${flows.port}`,
        ...extra,
    });
    const sasProperties = (flowName, extra = {}) => ({
        flowUrl: flows.flowUrl(flowName),
        authMode: "SharedAccessSignature",
        trustedHosts: `127.0.0.1:${flows.port}`,
        ...extra,
    });

    /**
     * A form scenario: who is signed in to the app, which record, which controls.
     * @param {{ upn?: string, recordId?: string | null, controls?: object[], readOnly?: boolean, languageId?: number, clientApi?: boolean, view?: "grid" | "form", commands?: object[] }} spec
     *   clientApi: false serves the form without the Xrm.Page global (a host without the Client API).
     *   view/commands: the grid page (/grid) — a view of accounts or one record's form, and command buttons
     *   { label, function: "runForRows" | "runForForm", settings } calling FlowTriggerCommand.js.
     */
    const scenario = (spec) => {
        const user = userByUpn(spec.upn ?? DEMO_USER);
        return {
            user: {
                upn: user.upn,
                name: user.name,
                systemUserId: systemUserIdFor(user),
                languageId: spec.languageId ?? 1033,
            },
            tenantId: entra.homeTenantId,
            record: { table: "account", id: spec.recordId === undefined ? IDS.account : spec.recordId },
            readOnly: Boolean(spec.readOnly),
            clientApi: spec.clientApi ?? true,
            runsPageUrl: `${flows.url}/runs.html`,
            controls: spec.controls ?? [],
            ...(spec.view ? { view: spec.view } : {}),
            ...(spec.commands ? { commands: spec.commands } : {}),
        };
    };

    return {
        certificate,
        entra,
        flows,
        host,
        entraProperties,
        sasProperties,
        scenario,
        /** What the starter zip import created (undefined without `starterZip`). */
        starter,
        /**
         * Fresh state for the next test: no runs, the flows' and the users' settings and the sample data as at
         * start. What the starter import installed stays, as in an environment where the solution is imported.
         */
        reset() {
            flows.reset();
            entra.reset();
            host.resetData();
        },
        async close() {
            await host.close();
            await flows.close();
            await entra.close();
        },
    };
}
