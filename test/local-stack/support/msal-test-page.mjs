// A tiny HTTPS page host on 127.0.0.1 for driving the real msal-browser in Chromium against the
// emulators: an app page with the MSAL UMD bundle, and a redirect bridge page that hands the
// authorize response back to the app (MSAL v5 needs it for popup and silent flows).
// Same-origin scripts only, no Cross-Origin-Opener-Policy, Cache-Control: no-store.
import { readFile } from "node:fs/promises";
import https from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sharedLocalCertificate } from "../../../tools/local-stack/emulators/certificate.mjs";
import {
    closeServer,
    listen,
    sendText,
    trackConnections,
} from "../../../tools/local-stack/emulators/http-messages.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const MSAL_BUNDLE = join(ROOT, "node_modules/@azure/msal-browser/lib/msal-browser.min.js");
const BRIDGE_BUNDLE = join(ROOT, "node_modules/@azure/msal-browser/lib/redirect-bridge/msal-redirect-bridge.min.js");

const APP_HTML = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>MSAL emulator smoke test</title></head>
<body>
<main>
<h1>MSAL emulator smoke test</h1>
<button id="sign-in" type="button">Sign in with a popup</button>
<p id="status" role="status"></p>
</main>
<script src="/lib/msal-browser.min.js"></script>
<script src="/app.js"></script>
</body>
</html>`;

// The popup must open inside the click handler, before any await, or the browser blocks it.
const APP_JS = `"use strict";
window.smoke = {
  pca: undefined,
  popupResult: undefined,
  async create(config) {
    window.smoke.pca = new msal.PublicClientApplication(config);
    await window.smoke.pca.initialize();
  },
};
function describeError(error) {
  return { name: error && error.name, errorCode: error && error.errorCode, subError: error && error.subError, message: String(error && error.errorMessage || error) };
}
window.smoke.describeError = describeError;
document.getElementById("sign-in").addEventListener("click", function () {
  var request = window.smoke.popupRequest;
  window.smoke.popupResult = window.smoke.pca.acquireTokenPopup(request).then(
    function (result) { document.getElementById("status").textContent = "Signed in"; return { ok: true, result: result }; },
    function (error) { document.getElementById("status").textContent = "Sign-in failed"; return { ok: false, error: describeError(error) }; }
  );
});
`;

const REDIRECT_HTML = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Signing in…</title></head>
<body>
<script src="/lib/msal-redirect-bridge.min.js"></script>
<script src="/redirect.js"></script>
</body>
</html>`;

const REDIRECT_JS = `"use strict";
msalRedirectBridge.broadcastResponseToMainFrame().catch(function () { /* nothing to hand over */ });
`;

/**
 * @param {{ certificate?: { key: string, cert: string }, port?: number }} [options]
 * @returns {Promise<{ url: string, appUrl: string, redirectUri: string, requests: string[], close: () => Promise<void> }>}
 */
export async function startMsalTestPage(options = {}) {
    const certificate = options.certificate ?? (await sharedLocalCertificate());
    const [msalBundle, bridgeBundle] = await Promise.all([readFile(MSAL_BUNDLE), readFile(BRIDGE_BUNDLE)]);
    const files = new Map([
        ["/app.html", { type: "text/html; charset=utf-8", body: APP_HTML }],
        ["/app.js", { type: "text/javascript; charset=utf-8", body: APP_JS }],
        ["/redirect.html", { type: "text/html; charset=utf-8", body: REDIRECT_HTML }],
        ["/redirect.js", { type: "text/javascript; charset=utf-8", body: REDIRECT_JS }],
        ["/lib/msal-browser.min.js", { type: "text/javascript; charset=utf-8", body: msalBundle }],
        ["/lib/msal-redirect-bridge.min.js", { type: "text/javascript; charset=utf-8", body: bridgeBundle }],
    ]);
    const requests = [];
    const server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
        const path = new URL(request.url ?? "/", "https://127.0.0.1").pathname;
        // Paths only: a redirect's query or fragment may carry an authorization code.
        requests.push(path);
        const file = files.get(path);
        if (!file || request.method !== "GET") return sendText(response, 404, "Not found");
        response.writeHead(200, {
            "Content-Type": file.type,
            "Cache-Control": "no-store",
            "Content-Length": Buffer.byteLength(file.body),
        });
        return response.end(file.body);
    });
    const connections = trackConnections(server);
    const port = await listen(server, options.port ?? 0, "127.0.0.1");
    const url = `https://127.0.0.1:${port}`;
    return Object.freeze({
        url,
        appUrl: `${url}/app.html`,
        redirectUri: `${url}/redirect.html`,
        requests,
        close: () => closeServer(server, connections),
    });
}
