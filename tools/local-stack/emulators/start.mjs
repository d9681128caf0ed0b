// Starts both emulators, serving the demo tenant's flows, for manual use and prints what to configure;
// Ctrl+C stops them.
//   node tools/local-stack/emulators/start.mjs [--entra-port 44300] [--flows-port 44310] [--sync-timeout-ms 120000]
import { parseArgs } from "node:util";
import { DEMO_FLOWS } from "../demo-tenant.mjs";
import { sharedLocalCertificate } from "./certificate.mjs";
import { startEntraEmulator } from "./entra-id.mjs";
import { flowScope } from "./flow-clouds.mjs";
import { startPowerAutomateEmulator } from "./power-automate.mjs";

const { values } = parseArgs({
    options: {
        "entra-port": { type: "string", default: "0" },
        "flows-port": { type: "string", default: "0" },
        "sync-timeout-ms": { type: "string", default: "120000" },
    },
});

const certificate = await sharedLocalCertificate();
const entra = await startEntraEmulator({ certificate, port: Number(values["entra-port"]) });
const flows = await startPowerAutomateEmulator({
    entra,
    port: Number(values["flows-port"]),
    syncTimeoutMs: Number(values["sync-timeout-ms"]),
    flows: DEMO_FLOWS,
});

const msalConfig = {
    auth: {
        clientId: entra.defaultClientId,
        authority: entra.authority(),
        knownAuthorities: [new URL(entra.url).host],
        redirectUri: "<your https://127.0.0.1:<port>/redirect.html bridge page>",
    },
    cache: { cacheLocation: "sessionStorage" },
};

console.log(`Entra ID emulator      ${entra.url}   (tenant ${entra.homeTenantId}, client ${entra.defaultClientId})`);
console.log(`  users                ${entra.users.map((user) => user.upn).join(", ")}`);
console.log(`  scope                ${flowScope("Public")}`);
console.log(`Power Automate emulator ${flows.url}   (runs: ${flows.url}/runs.html)`);
for (const name of Object.keys(DEMO_FLOWS))
    console.log(`  ${name.padEnd(20)} ${flows.flows[name].mode.padEnd(7)} ${flows.flowUrl(name)}`);
console.log(`MSAL configuration:\n${JSON.stringify(msalConfig, null, 2)}`);
console.log(
    "The certificate is self-signed: start the browser with --ignore-certificate-errors or trust it. Ctrl+C stops.",
);

let stopping = false;
async function stop() {
    if (stopping) return;
    stopping = true;
    await flows.close();
    await entra.close();
    process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
