#!/usr/bin/env node
/**
 * `npm run demo`: builds the control, the command library and the setup page, starts a local emulated tenant (Entra ID, Power Automate, a
 * model-driven form) on 127.0.0.1 and prints one URL. Ctrl+C stops everything.
 *   node scripts/demo.mjs [--port 8443] [--no-build]
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEMO_FLOWS, DEMO_GRID_ACCOUNTS, DEMO_USER, demoScenario } from "../tools/local-stack/demo-tenant.mjs";
import { addSampleAccounts } from "../tools/local-stack/grid-host/accounts.mjs";
import { startLocalStack } from "../tools/local-stack/stack.mjs";
import { offlineEnv } from "./telemetryOff.mjs";
import { readFile } from "node:fs/promises";
import { validateSolutionConfig } from "./solution/config.mjs";
import { assembleStarterEntries } from "./solution/starterZip.mjs";
import { writeDeterministicZip } from "./solution/zip.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
    options: { port: { type: "string", default: "8443" }, "no-build": { type: "boolean", default: false } },
});

function build(script = ["scripts/pcf.mjs", "build", "production"]) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(root, script[0]), ...script.slice(1)], {
            cwd: root,
            env: offlineEnv(),
            stdio: ["ignore", "pipe", "inherit"],
        });
        let tail = "";
        child.stdout.on("data", (chunk) => {
            tail = (tail + chunk.toString()).slice(-4000);
        });
        child.on("close", (code) => {
            if (code !== 0) process.stderr.write(tail);
            resolve(code === 0);
        });
    });
}

if (!values["no-build"]) {
    process.stdout.write("Building the control (production), the command library and the setup page… ");
    if (
        !(await build()) ||
        !(await build(["scripts/build-command.mjs"])) ||
        !(await build(["scripts/build-setup.mjs"]))
    ) {
        console.error("\nThe build failed; nothing was started.");
        process.exit(1);
    }
    console.log("done.");
}

/** The starter flow the demo imports when the config has no starter section of its own (issue 17). */
const DEMO_STARTER = {
    uniqueName: "FlowTriggerStarter",
    displayName: "Flow Trigger starter flows",
    flows: [
        {
            name: "Starter approval",
            table: "account",
            fields: "name:string,accountnumber:string,ownerid:lookup",
            whoCanTrigger: "AnyUserInTenant",
            environmentVariable: "ftc_StarterApprovalFlowUrl",
        },
    ],
};

/** The starter zip `npm run solution` writes for Solutions/solution.config.json (its starter, or the demo's). */
async function starterZip() {
    const raw = JSON.parse(await readFile(path.join(root, "Solutions", "solution.config.json"), "utf8"));
    const checked = validateSolutionConfig({ ...raw, starter: raw.starter ?? DEMO_STARTER });
    if (!checked.config) return undefined;
    return { config: checked.config, bytes: await writeDeterministicZip(assembleStarterEntries(checked).entries) };
}

const starter = await starterZip();
let stack;
try {
    stack = await startLocalStack({ flows: DEMO_FLOWS, hostPort: Number(values.port), starterZip: starter?.bytes });
} catch (error) {
    if (error?.code === "EADDRINUSE") {
        console.error(`Port ${values.port} is in use. Try: npm run demo -- --port 8444`);
        process.exit(1);
    }
    throw error;
}
// The starter flow's button: its URL comes from the imported environment variable, empty until the setup page saves it.
const starterFlow = stack.starter?.flows[0];
const starterVariable = starter?.config.starter?.flows[0]?.environmentVariable;
const starterProperties = starterFlow && {
    ...stack.entraProperties(starterFlow.emulatorName, { payloadFields: "name,accountnumber,ownerid" }),
    flowUrl: starterVariable,
    buttonLabel: "Try the starter flow",
    buttonAppearance: "default",
};
const scenario = demoScenario(stack);
if (starterProperties)
    scenario.controls.push({
        id: "starter",
        label: "Starter flow",
        field: "ftc_flowstatus",
        properties: starterProperties,
    });
stack.host.setScenario(scenario);
addSampleAccounts(stack.host, DEMO_GRID_ACCOUNTS);
// The setup page for the approval button, with its properties and record in the query, as the control links it.
const approval = demoScenario(stack).controls.find((control) => control.id === "approval");
const setupPageUrl = `${stack.host.setupUrl}?${new URLSearchParams({
    ...approval.properties,
    table: "account",
    recordId: demoScenario(stack).record.id,
})}`;
const starterSetupUrl =
    starterProperties &&
    `${stack.host.setupUrl}?${new URLSearchParams({ ...starterProperties, table: "account", recordId: scenario.record.id })}`;
// Adele's first click shows the emulated tenant's sign-in window, as for a user without a token yet.
stack.entra.requireInteraction(DEMO_USER);

console.log(`
  FlowTriggerControl demo — open:  ${stack.host.url}

  A Contoso account form with three buttons: "Request approval" (Any user in my tenant),
  "Notify account team" (Specific users, URL from an environment variable) and "Sync to ERP"
  (Anyone / shared access signature)${starterProperties ? ', and "Try the starter flow" (below)' : ""}. Click one, sign in as Adele Vance in the emulated
  Entra ID window, and see the flow's answer on the form.
  Runs, with payload and caller:  ${stack.flows.url}/runs.html

  The command bar on a grid of accounts (FlowTriggerCommand.js):  ${stack.host.gridUrl}
  Select rows, click "Request approval" (one run per row) or "Request approval (one request)".

  Check the setup (Setup.html, as makers open it in their environment):  ${setupPageUrl}
  Every row for the "Request approval" button; "Load from a form" lists the form's buttons.
${
    starterSetupUrl
        ? `
  The starter flow (issue 17: config → starter zip → import → setup page → button), imported from the
  starter zip that npm run solution writes. Its button "Try the starter flow" has no URL yet. Open:
  ${starterSetupUrl}
  sign in, then in the Flow row choose "${starterFlow.name}", click "Get the trigger URL", then
  "Save to environment variable…" and "Save". Back on the form, "Try the starter flow" shows its answer.
`
        : ""
}
  Everything runs on 127.0.0.1 with a self-signed certificate made just now: your browser
  will warn once; choose to continue (or start Chromium with --ignore-certificate-errors).
  Ctrl+C stops the demo.
`);

let stopping = false;
async function stop() {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    const timer = setTimeout(() => process.exit(1), 5000);
    await stack.close();
    clearTimeout(timer);
    process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
