// The whole local stand-in for a tenant: Entra ID emulator (HTTPS), Power Automate emulator (HTTP on
// loopback, listed in the control's trustedHosts) and the model-driven form host (HTTPS), sharing one
// generated certificate. Used by `npm run demo` and by the end-to-end tests.
import { sharedLocalCertificate } from "./emulators/certificate.mjs";
import { DEFAULT_USERS } from "./emulators/entra-directory.mjs";
import { startEntraEmulator } from "./emulators/entra-id.mjs";
import { startPowerAutomateEmulator } from "./emulators/power-automate.mjs";
import { IDS, systemUserIdFor } from "./form-host/dataset.mjs";
import { startFormHost } from "./form-host/server.mjs";

/** The flows of the demo tenant, one per trigger mode. */
export const DEMO_FLOWS = Object.freeze({
    "request-approval": {
        mode: "Tenant",
        behavior: {
            kind: "respond",
            status: 200,
            body: (run) => ({ message: `Approval requested for ${run.payload?.record?.primaryName ?? "the record"}.` }),
        },
    },
    "notify-account-team": {
        mode: "User",
        allowedUsers: ["adele@contoso.test", "megan@contoso.test"],
        behavior: { kind: "respond", status: 200, body: { message: "The account team has been notified." } },
    },
    "sync-to-erp": {
        mode: "All",
        behavior: { kind: "respond", status: 200, body: { message: "Queued for the ERP sync." } },
    },
});

export const NOTIFY_FLOW_VARIABLE = "ftc_NotifyAccountTeamFlowUrl";

/** "request-approval" → "ftc_RequestApprovalFlowUrl": the environment variable holding that flow's URL. */
export function environmentVariableFor(flowName) {
    return `ftc_${flowName.replace(/(^|-)(\w)/g, (_m, _dash, c) => c.toUpperCase())}FlowUrl`;
}

export function userByUpn(upn) {
    const user = DEFAULT_USERS.find((u) => u.upn === upn);
    if (!user) throw new Error(`No emulator user ${upn}`);
    return user;
}

/**
 * Starts the three servers.
 * @param {{ flows?: Record<string, object>, syncTimeoutMs?: number, hostPort?: number, entraPort?: number, flowsPort?: number }} [options]
 */
export async function startLocalStack(options = {}) {
    const certificate = await sharedLocalCertificate();
    const entra = await startEntraEmulator({ certificate, port: options.entraPort ?? 0 });
    const flows = await startPowerAutomateEmulator({
        entra,
        port: options.flowsPort ?? 0,
        syncTimeoutMs: options.syncTimeoutMs ?? 120_000,
        flows: options.flows ?? DEMO_FLOWS,
    });
    // Environment variables of the sample environment: one per flow, named ftc_<Flow>FlowUrl, plus the demo's.
    const flowUrls = {};
    for (const name of Object.keys(options.flows ?? DEMO_FLOWS))
        flowUrls[environmentVariableFor(name)] = flows.flowUrl(name);
    if (flowUrls[environmentVariableFor("notify-account-team")])
        flowUrls[NOTIFY_FLOW_VARIABLE] = flows.flowUrl("notify-account-team");
    const host = await startFormHost({ port: options.hostPort ?? 0, tls: certificate, scenario: {}, flowUrls });

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
     * @param {{ upn?: string, recordId?: string | null, controls: object[], readOnly?: boolean, languageId?: number }} spec
     */
    const scenario = (spec) => {
        const user = userByUpn(spec.upn ?? "adele@contoso.test");
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
            runsPageUrl: `${flows.url}/runs.html`,
            controls: spec.controls,
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
        async close() {
            await host.close();
            await flows.close();
            await entra.close();
        },
    };
}

/** The demo form: one button per trigger mode. */
export function demoScenario(stack) {
    return stack.scenario({
        controls: [
            {
                id: "approval",
                label: "Approval",
                field: "ftc_flowstatus",
                properties: stack.entraProperties("request-approval", {
                    payloadFields:
                        "name,accountnumber,telephone1,revenue,numberofemployees,industrycode,donotemail,ftc_regions,primarycontactid,ownerid,createdon,ftc_contractdate",
                    buttonLabel: "Request approval",
                    buttonIcon: "Send",
                    confirmationText: "Send this account for approval?",
                    writeResponseToField: true,
                }),
            },
            {
                id: "notify",
                label: "Account team",
                field: "ftc_flowstatus",
                properties: {
                    ...stack.entraProperties("notify-account-team"),
                    // The URL comes from a Dataverse environment variable, as it should across environments.
                    flowUrl: NOTIFY_FLOW_VARIABLE,
                    payloadFields: "*",
                    buttonLabel: "Notify account team",
                    buttonIcon: "People",
                    buttonAppearance: "default",
                },
            },
            {
                id: "erp",
                label: "ERP (legacy)",
                field: "ftc_flowstatus",
                properties: stack.sasProperties("sync-to-erp", {
                    payloadFields: "name,accountnumber",
                    buttonLabel: "Sync to ERP",
                    buttonAppearance: "default",
                    successMessage: "Sent to the ERP queue.",
                }),
            },
        ],
    });
}
