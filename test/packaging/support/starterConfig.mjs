/** A config with a starter section: one flow per "Who can trigger" mode the control supports. */
import { sampleConfig } from "./fixtureProject.mjs";

export const STARTER_FLOWS = Object.freeze([
    {
        name: "Request approval",
        table: "account",
        fields: "name:string,accountnumber:string,ownerid:lookup",
        whoCanTrigger: "AnyUserInTenant",
        environmentVariable: "ftc_RequestApprovalFlowUrl",
    },
    {
        name: "Notify the account's team",
        table: "account",
        fields: "name:string,revenue:money,industrycode:choice",
        whoCanTrigger: "SpecificUsers",
        allowedUsers: ["adele@contoso.test", "megan@contoso.test"],
        environmentVariable: "ftc_NotifyTeamFlowUrl",
    },
]);

export function starterConfig(overrides = {}) {
    return {
        ...sampleConfig(),
        starter: {
            uniqueName: "FlowTriggerStarter",
            displayName: "Flow Trigger starter flows",
            description: "Starter flows & their URL variables",
            flows: structuredClone(STARTER_FLOWS),
            ...overrides,
        },
    };
}
