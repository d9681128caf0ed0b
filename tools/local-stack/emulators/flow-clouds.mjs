// The flow service's token audiences per cloud, as the HTTP trigger compares them (exact, trailing
// slash included; Power Automate "Add OAuth authentication for HTTP request triggers").
// Kept in plain JS for the emulators; FlowTriggerControl/settings/clouds.ts holds the same values.

export const FLOW_AUDIENCES = Object.freeze({
    Public: "https://service.flow.microsoft.com/",
    UsGov: "https://gov.service.flow.microsoft.us/",
    UsGovHigh: "https://high.service.flow.microsoft.us/",
    UsGovDoD: "https://service.flow.appsplatform.us/",
    China: "https://service.powerautomate.cn/",
});

/** First-party "Microsoft Flow Service" application, owner of the delegated `User` permission. */
export const FLOW_SERVICE_APP_ID = "7df0a125-d3be-4c96-aa54-591f83ff541c";

export function flowAudience(cloud) {
    const audience = FLOW_AUDIENCES[cloud];
    if (!audience) throw new Error(`Unknown cloud: ${cloud}`);
    return audience;
}

/** The scope MSAL must ask for: audience + "/.default", hence the double slash. */
export function flowScope(cloud) {
    return `${flowAudience(cloud)}/.default`;
}
