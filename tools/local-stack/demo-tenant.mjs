// The demo tenant, declared once: its flows (one per trigger mode) and the account form whose buttons run
// them. `npm run demo` and `node tools/local-stack/emulators/start.mjs` serve these flows, and
// test/local-stack/demo-tenant.test.mjs checks that the form and the flows fit together.
import { environmentVariableFor } from "./form-host/dataset.mjs";

/** Who is signed in to the demo app (and to the form of any scenario that names no one). */
export const DEMO_USER = "adele@contoso.test";

/** The flows of the demo tenant, one per trigger mode. */
export const DEMO_FLOWS = Object.freeze({
    "request-approval": {
        mode: "Tenant",
        behavior: {
            kind: "respond",
            status: 200,
            body: (run) => ({ message: `Approval requested for ${run.payload?.record?.primaryName ?? "the record"}.` }),
            // The flow's "Update a row": the form shows it after the run (refreshAfterRun on the Approval button).
            updatesRecord: (run) => ({ description: `Approval requested by ${run.caller?.name ?? "a user"}.` }),
        },
    },
    "notify-account-team": {
        mode: "User",
        allowedUsers: [DEMO_USER, "megan@contoso.test"],
        behavior: { kind: "respond", status: 200, body: { message: "The account team has been notified." } },
    },
    "sync-to-erp": {
        mode: "All",
        behavior: { kind: "respond", status: 200, body: { message: "Queued for the ERP sync." } },
    },
});

/** The environment variable the "Notify account team" button reads its flow URL from. */
export const NOTIFY_FLOW_VARIABLE = environmentVariableFor("notify-account-team");

/**
 * The demo form: one button per flow of DEMO_FLOWS.
 * @param {Awaited<ReturnType<typeof import("./stack.mjs").startLocalStack>>} stack started with DEMO_FLOWS
 */
export function demoScenario(stack) {
    return stack.scenario({
        upn: DEMO_USER,
        commands: demoCommands(stack),
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
                    refreshAfterRun: true,
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

/** How many sample accounts the demo's grid page (/grid) lists besides the form's two. */
export const DEMO_GRID_ACCOUNTS = 12;

/**
 * The grid page's command buttons (FlowTriggerCommand.js): the approval flow for each selected row, and
 * the same flow once for all of them.
 * @param {Awaited<ReturnType<typeof import("./stack.mjs").startLocalStack>>} stack started with DEMO_FLOWS
 */
export function demoCommands(stack) {
    const settings = (extra) =>
        stack.entraProperties("request-approval", {
            payloadFields: "name,accountnumber,telephone1",
            confirmationText: "Send {count} accounts for approval?",
            ...extra,
        });
    return [
        { label: "Request approval", function: "runForRows", settings: settings({ maxRows: 10 }) },
        { label: "Request approval (one request)", function: "runForRows", settings: settings({ mode: "batch" }) },
    ];
}
