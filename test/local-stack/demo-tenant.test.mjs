// The demo tenant is declared once (tools/local-stack/demo-tenant.mjs): its form and its flows must fit
// together, so `npm run demo` shows one working button per trigger mode. No browser: the stack is started
// and the scenario the form host would serve is checked against the emulated flows and environment variables.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_FLOWS, DEMO_USER, NOTIFY_FLOW_VARIABLE, demoScenario } from "../../tools/local-stack/demo-tenant.mjs";
import { startLocalStack } from "../../tools/local-stack/stack.mjs";

let stack;
let scenario;

before(async () => {
    stack = await startLocalStack({ flows: DEMO_FLOWS });
    scenario = demoScenario(stack);
});

after(async () => {
    await stack?.close();
});

/** The flow URL a control ends up calling: its own, or the value of the environment variable it names. */
function resolvedFlowUrl(properties) {
    if (/^https?:/.test(properties.flowUrl)) return properties.flowUrl;
    const value = stack.host.dataverse.rows.environmentvariablevalue.find((v) => v.schemaname === properties.flowUrl);
    assert.ok(value, `no environment variable ${properties.flowUrl} in the sample environment`);
    return value.value;
}

/** The name of the demo flow a control calls, or undefined. */
function flowNameOf(control) {
    const url = resolvedFlowUrl(control.properties);
    return Object.keys(DEMO_FLOWS).find((name) => stack.flows.flowUrl(name) === url);
}

describe("demo tenant", () => {
    it("has one flow per trigger mode", () => {
        assert.deepEqual(
            Object.values(DEMO_FLOWS)
                .map((flow) => flow.mode)
                .sort(),
            ["All", "Tenant", "User"],
        );
    });

    it("puts one button on the form for each demo flow, each calling that flow", () => {
        const called = scenario.controls.map(flowNameOf);
        assert.deepEqual(called.sort(), Object.keys(DEMO_FLOWS).sort());
        assert.equal(new Set(scenario.controls.map((control) => control.properties.buttonLabel)).size, 3);
    });

    it("signs in through the emulated tenant for the Entra ID flows and with a signature for Anyone", () => {
        for (const control of scenario.controls) {
            const flow = DEMO_FLOWS[flowNameOf(control)];
            const expected = flow.mode === "All" ? "SharedAccessSignature" : "EntraUser";
            assert.equal(control.properties.authMode, expected, control.id);
            if (expected === "EntraUser") {
                assert.equal(control.properties.authority, stack.entra.url);
                assert.equal(control.properties.tenantId, stack.entra.homeTenantId);
            }
        }
    });

    it("reads one flow URL from an environment variable of the sample environment", () => {
        assert.equal(scenario.controls.filter((c) => c.properties.flowUrl === NOTIFY_FLOW_VARIABLE).length, 1);
        assert.equal(resolvedFlowUrl({ flowUrl: NOTIFY_FLOW_VARIABLE }), stack.flows.flowUrl("notify-account-team"));
    });

    it("signs in the demo user, who may run every flow, including the Specific-users one", () => {
        assert.equal(scenario.user.upn, DEMO_USER);
        for (const flow of Object.values(stack.flows.flows)) {
            if (flow.mode === "User") assert.ok(flow.allowedUsers.includes(DEMO_USER), flow.name);
        }
    });
});
