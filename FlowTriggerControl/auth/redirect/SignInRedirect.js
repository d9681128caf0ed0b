/*
 * Flow Trigger Control sign-in page script. Loaded after MsalRedirectBridge.js (the UMD build of
 * @azure/msal-browser/redirect-bridge, which defines window.msalRedirectBridge). Kept in its own file:
 * inline scripts are blocked under a strict Content Security Policy.
 */
(function () {
    "use strict";

    function showTextInBrowserLanguage() {
        const preferred = navigator.languages?.[0] ?? navigator.language ?? "en";
        const language = String(preferred).slice(0, 2).toLowerCase();
        const texts = Array.from(document.querySelectorAll("[data-signin-text]"));
        const match = texts.find((text) => text.getAttribute("lang") === language);
        if (match === undefined) {
            return;
        }
        for (const text of texts) {
            text.hidden = text !== match;
        }
        document.documentElement.setAttribute("lang", language);
    }

    showTextInBrowserLanguage();

    const bridge = window.msalRedirectBridge;
    if (!bridge || typeof bridge.broadcastResponseToMainFrame !== "function") {
        return;
    }
    // Hands the answer (in the URL) to the waiting form over a same-origin BroadcastChannel, clears it from
    // the address bar and closes the popup. Opened without an answer (e.g. by hand), it rejects: nothing to do.
    bridge.broadcastResponseToMainFrame().catch(() => undefined);
})();
