// End to end, in headless Chromium: the setup page (out/setup, built by `npm run build:setup`) served by the local
// form host where Dataverse serves web resources, with an emulated ClientGlobalContext.js.aspx. All green on a
// correct setup; for each mistake the emulators reproduce, the row that fails and its fix. The flow never runs
// before the Send now click (asserted from the emulator's run history). Nothing leaves 127.0.0.1.
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RESULTS_DIR } from "../../tools/local-stack/browser.mjs";
import { DEMO_USER } from "../../tools/local-stack/demo-tenant.mjs";
import { CLIENTS_WITH_MISTAKES, MISTAKE_CLIENTS } from "../../tools/local-stack/emulators/entra-setup-mistakes.mjs";
import { IDS } from "../../tools/local-stack/form-host/dataset.mjs";
import { localBrowserStack } from "./support/localBrowserStack.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// The docs' screenshots: written to docs/images with UPDATE_DOC_IMAGES=1, else to test-results/.
const SCREENSHOTS = process.env.UPDATE_DOC_IMAGES === "1" ? path.join(root, "docs", "images") : RESULTS_DIR;
const FIELDS = "name,accountnumber,revenue,industrycode";

const FLOWS = {
    approve: { mode: "Tenant", behavior: { kind: "respond", status: 200, body: { message: "Approval requested." } } },
    team: { mode: "User", allowedUsers: ["megan@contoso.test"], behavior: { kind: "respond", status: 200, body: {} } },
    later: {
        mode: "Tenant",
        behavior: { kind: "async", pendingPolls: 1, retryAfterSeconds: 1, final: { status: 200, body: {} } },
    },
    legacy: { mode: "All", behavior: { kind: "respond", status: 200, body: { message: "Queued." } } },
};

const local = localBrowserStack({
    stack: { flows: FLOWS, syncTimeoutMs: 20_000, entra: { clients: CLIENTS_WITH_MISTAKES } },
    beforeEachTest: (stack) => stack.host.setScenario(stack.scenario({ upn: DEMO_USER })),
});
const { run } = local;

/** The page opened with these properties in its query string (the names the control uses). */
async function openSetup(properties, record = { table: "account", recordId: IDS.account }) {
    const page = await local.context.newPage();
    const query = new URLSearchParams({ ...properties, ...record });
    await page.goto(`${local.stack.host.setupUrl}?${query}`);
    await page.waitForSelector('[data-check="settings"]:not([data-status="pending"])', { timeout: 30_000 });
    return page;
}

const row = (page, id) => page.locator(`[data-check="${id}"]`);
const waitFor = (page, id, status, timeout = 30_000) =>
    page.waitForSelector(`[data-check="${id}"][data-status="${status}"]`, { timeout });
const fixes = async (page, id) => (await row(page, id).locator("[data-fix]").allTextContents()).join("\n");
const statuses = (page) =>
    page.evaluate(() =>
        Object.fromEntries(
            [...document.querySelectorAll("[data-check]")].map((e) => [e.dataset.check, e.dataset.status]),
        ),
    );

/** Preview, then Send now; asserts that nothing ran before the second click. */
async function sendTestRun(page) {
    await row(page, "testRun").getByRole("button", { name: "Send a test run…" }).click();
    const preview = JSON.parse(await page.locator("[data-preview-payload]").textContent());
    assert.equal(local.stack.flows.runs.length, 0, "the preview ran nothing");
    await row(page, "testRun").getByRole("button", { name: "Send now" }).click();
    await page.waitForSelector('[data-check="testRun"]:not([data-status="pending"])', { timeout: 40_000 });
    return preview;
}

/** Every row of a correct setup before "Send now": the test run waits for the maker. */
const CORRECT_SETUP_BEFORE_TEST_RUN = {
    settings: "pass",
    flowUrl: "pass",
    redirectPage: "pass",
    signIn: "pass",
    token: "pass",
    testRun: "pending",
    schema: "pass",
    // This environment has no flow with an HTTP-request trigger in Dataverse (starter-loop.test.mjs has them).
    flow: "warn",
};
const entra = (flow, extra = {}) => local.stack.entraProperties(flow, { payloadFields: FIELDS, ...extra });

run("a correct setup: every row passes, the test run runs the flow once, only on Send now", async () => {
    const started = Date.now();
    const page = await openSetup(entra("approve"));
    await waitFor(page, "token", "pass");
    const upToToken = Date.now() - started;
    await waitFor(page, "schema", "pass");
    assert.deepEqual(await statuses(page), CORRECT_SETUP_BEFORE_TEST_RUN);
    assert.equal(local.stack.flows.runs.length, 0, "checks alone never run the flow");
    assert.match(
        await row(page, "redirectPage").textContent(),
        new RegExp(`${local.stack.host.redirectUri.replace(/[.?/]/g, "\\$&")}`),
    );
    const claims = await row(page, "token").locator("dd").allTextContents();
    assert.deepEqual(claims.slice(0, 3), [
        "https://service.flow.microsoft.com/",
        local.stack.entra.homeTenantId,
        "User",
    ]);

    const preview = await sendTestRun(page);
    assert.equal(await row(page, "testRun").getAttribute("data-status"), "pass");
    assert.equal(local.stack.flows.runs.length, 1);
    assert.deepEqual(local.stack.flows.runs[0].payload, preview, "the previewed payload is the one sent");
    assert.equal(local.stack.flows.runs[0].payload.record.id, IDS.account);
    assert.equal(local.stack.flows.runs[0].caller.upn, DEMO_USER);
    assert.match(await row(page, "testRun").textContent(), /Approval requested\./);
    assert.match(await row(page, "testRun").textContent(), /x-ms-workflow-run-id/);
    // The docs' all-green screenshot is taken where the flow row passes too (starter-loop.test.mjs).

    // The report: every row, no token anywhere, copied in plain text.
    await page.getByRole("button", { name: "Copy report" }).click();
    const report = await page.locator("[data-report]").inputValue();
    for (const id of ["settings", "flowUrl", "redirectPage", "signIn", "token", "testRun", "schema"]) {
        assert.match(report, new RegExp(`^\\[PASS\\] ${id} `, "m"));
    }
    assert.doesNotMatch(report, /eyJ[\w-]+\.[\w-]+/);
    assert.doesNotMatch(await page.content(), /eyJ[\w-]{10,}\.[\w-]{10,}/, "no token in the DOM");
    console.log(`setup page: all checks up to token in ${upToToken} ms (page load included)`);
});

run(
    "no tenantId configured: the environment's own tenant (RetrieveCurrentOrganization), every row up to the token passes",
    async () => {
        const lookups = [];
        local.context.on("request", (request) => {
            if (request.url().includes("/api/data/v9.2/RetrieveCurrentOrganization(")) lookups.push(request.url());
        });
        const page = await openSetup(entra("approve", { tenantId: "" }));
        await waitFor(page, "token", "pass");
        await waitFor(page, "schema", "pass");
        assert.equal(await page.locator("#input-tenantId").inputValue(), "", "nothing typed into tenantId");
        assert.deepEqual(await statuses(page), CORRECT_SETUP_BEFORE_TEST_RUN);
        const claims = await row(page, "token").locator("dd").allTextContents();
        assert.equal(claims[1], local.stack.entra.homeTenantId, "the token is the environment's tenant's");
        assert.equal(lookups.length, 1, "asked once for the tenant and the flowUrl row's environment");
    },
);

// A JWT's header and payload, wherever it stands (an access, ID or refresh token of Entra or the emulator).
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}/;
/**
 * MSAL's own cache entries in sessionStorage (the control's cacheLocation), by msal-browser 5's key format
 * (node_modules/@azure/msal-browser/dist/cache/CacheKeys.mjs, BrowserCacheManager.mjs): credentials and accounts
 * `msal.<schema>|…`, their key lists `msal.<schema>.token.keys.<clientId>` / `msal.<schema>.account.keys`,
 * `msal.version`, `msal.interaction.status`, `msal.browser.*` and the request state `msal.<clientId>.*`. They hold
 * the tokens by design (that is MSAL's cache, cleared with the tab); anything else the page writes must not.
 */
const MSAL_CACHE_KEY =
    /^msal\.(?:\d+(?:\||\.(?:token|account)\.keys\b)|version$|interaction\.status$|browser\.|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.)/;

run("a full check round with sign-in leaks no token to the console, the page's storage or cookies", async () => {
    const consoleLines = [];
    local.context.on("console", (entry) => consoleLines.push(entry.text()));
    local.context.on("weberror", (error) => consoleLines.push(String(error.error())));
    const bearers = [];
    const headerReads = [];
    local.context.on("request", (request) => {
        if (!request.url().startsWith(local.stack.flows.url)) return;
        headerReads.push(
            request.allHeaders().then((headers) => headers.authorization && bearers.push(headers.authorization)),
        );
    });
    // The sign-in window, as for a user without a session: silent sign-in fails, the Sign in click opens it.
    local.stack.entra.requireInteraction(DEMO_USER);
    const page = await openSetup(entra("approve"));
    await waitFor(page, "signIn", "pending");
    const popupPromise = local.context.waitForEvent("page");
    await row(page, "signIn").getByRole("button", { name: "Sign in" }).click();
    const popup = await popupPromise;
    await popup.locator(`button[name="account"][value="${DEMO_USER}"]`).click();
    await waitFor(page, "token", "pass");
    await waitFor(page, "schema", "pass");
    await sendTestRun(page);
    assert.equal(await row(page, "testRun").getAttribute("data-status"), "pass");
    await page.getByRole("button", { name: "Copy report" }).click();
    await page.locator("[data-report]").inputValue();

    await Promise.all(headerReads);
    const token = bearers.find((value) => value.startsWith("Bearer "))?.slice("Bearer ".length);
    assert.match(token ?? "", JWT, "the test run sent the flow a bearer token");
    assert.ok(consoleLines.length > 0, "the console was listened to");
    assert.deepEqual(
        consoleLines.filter((line) => line.includes(token) || JWT.test(line)),
        [],
        "no console message holds a token",
    );

    const storage = await page.evaluate(() => ({
        local: Object.entries(localStorage),
        session: Object.entries(sessionStorage),
        cookie: document.cookie,
    }));
    const msalEntries = storage.session.filter(([key]) => MSAL_CACHE_KEY.test(key));
    assert.ok(
        msalEntries.some(([, value]) => value.includes(token)),
        "MSAL's cache holds the token (so the storage looked at is the one the page signed in with)",
    );
    const pageOwn = [
        ...storage.local.map(([key, value]) => `localStorage ${key}=${value}`),
        ...storage.session
            .filter(([key]) => !MSAL_CACHE_KEY.test(key))
            .map(([key, value]) => `sessionStorage ${key}=${value}`),
        `document.cookie ${storage.cookie}`,
        ...(await local.context.cookies()).map((cookie) => `cookie ${cookie.domain} ${cookie.name}=${cookie.value}`),
    ];
    assert.deepEqual(
        pageOwn.filter((entry) => entry.includes(token) || JWT.test(entry)),
        [],
        "no storage entry or cookie outside MSAL's cache holds a token",
    );
});

run("the schema row: the trigger's schema from the table's live columns, single and batch", async () => {
    const page = await openSetup(entra("approve"));
    await waitFor(page, "schema", "pass");
    const schema = JSON.parse(await page.locator("[data-schema]").textContent());
    const fields = schema.properties.record.properties.fields.properties;
    assert.deepEqual(Object.keys(fields), FIELDS.split(","));
    assert.deepEqual(fields.industrycode.type, ["object", "null"]);
    assert.deepEqual(fields.revenue.type, ["object", "null"]);
});

run("Load from a form: the table's main forms, each Flow Trigger Button with its parameters", async () => {
    const button = {
        id: "approval",
        label: "Approval",
        field: "ftc_flowstatus",
        properties: entra("approve", { buttonLabel: "Request approval" }),
    };
    local.stack.host.setScenario(local.stack.scenario({ upn: DEMO_USER, controls: [button] }));
    const page = await openSetup({}, { table: "", recordId: IDS.account });
    assert.equal(await row(page, "settings").getAttribute("data-status"), "fail");
    await page.locator("#load-form summary").click();
    await page.locator("#form-table").fill("account");
    await page.getByRole("button", { name: "Find forms" }).click();
    await page.waitForSelector("#form-buttons:not([hidden])");
    assert.deepEqual(await page.locator("#form-list option").allTextContents(), ["Account"]);
    assert.deepEqual(await page.locator("#form-buttons option").allTextContents(), [
        "ftc_flowstatus — Request approval",
    ]);
    await page.getByRole("button", { name: "Check this button" }).click();
    await waitFor(page, "token", "pass");
    assert.equal(await page.locator("#input-flowUrl").inputValue(), button.properties.flowUrl);
    assert.equal(await page.locator("#input-table").inputValue(), "account");
    await waitFor(page, "schema", "pass");
});

run("a pasted settingsJson: the control's keys fill the inputs, the command's own parser names the rest", async () => {
    const page = await openSetup({}, { table: "account", recordId: IDS.account });
    await page.locator("#paste-settings summary").click();
    await page.locator("#settings-json").fill(JSON.stringify({ ...entra("approve"), maxRows: 900, mode: "batch" }));
    await page.getByRole("button", { name: "Use these settings" }).click();
    await waitFor(page, "token", "pass");
    assert.match(await page.locator("[data-paste-status]").textContent(), /^maxRows: /);
    assert.equal(await page.locator("#input-payloadFields").inputValue(), FIELDS);
});

run("bad settings: the control's own messages, by property; nothing else is tried", async () => {
    const page = await openSetup({ ...entra("approve"), clientId: "not-a-guid", timeoutSeconds: "2" });
    assert.equal(await row(page, "settings").getAttribute("data-status"), "fail");
    const text = await fixes(page, "settings");
    assert.match(text, /^clientId /m);
    assert.match(text, /^timeoutSeconds /m);
    assert.equal(await row(page, "signIn").getAttribute("data-status"), "skip");
});

run("an environment variable: resolved, and which value the URL came from", async () => {
    const page = await openSetup({ ...entra("approve"), flowUrl: "ftc_NoSuchFlowUrl" });
    await waitFor(page, "flowUrl", "fail");
    assert.match(await fixes(page, "flowUrl"), /Create the environment variable ftc_NoSuchFlowUrl/);
});

run("EntraUser with the Anyone URL (sig=): the flowUrl row fails with the fix, the sig is never shown", async () => {
    const page = await openSetup({ ...entra("approve"), flowUrl: local.stack.flows.flowUrl("legacy") });
    assert.equal(await row(page, "settings").getAttribute("data-status"), "fail");
    const report = await (async () => {
        await page.getByRole("button", { name: "Copy report" }).click();
        return page.locator("[data-report]").inputValue();
    })();
    assert.doesNotMatch(report, /sig=(?!\*\*\*)/);
});

// ---- sign-in mistakes ------------------------------------------------------------------------------------

run("redirect URI registered under Web: the sign-in row fails with AADSTS9002326 and says move it to SPA", async () => {
    const page = await openSetup(entra("approve", { clientId: MISTAKE_CLIENTS.registeredAsWeb.clientId }));
    await waitFor(page, "signIn", "pending");
    await row(page, "signIn").getByRole("button", { name: "Sign in" }).click();
    await waitFor(page, "signIn", "fail");
    assert.match(await row(page, "signIn").textContent(), /AADSTS9002326/);
    assert.match(
        await fixes(page, "signIn"),
        new RegExp(
            `registered under Web.*${escape(local.stack.host.redirectUri)}|${escape(local.stack.host.redirectUri)}.*under Web`,
        ),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, "setup-sign-in-failed.png"), fullPage: true });
});

run("the Power Automate permission missing: AADSTS650057 and where to add it", async () => {
    const page = await openSetup(entra("approve", { clientId: MISTAKE_CLIENTS.permissionMissing.clientId }));
    await waitFor(page, "signIn", "pending");
    await row(page, "signIn").getByRole("button", { name: "Sign in" }).click();
    await waitFor(page, "signIn", "fail");
    assert.match(await row(page, "signIn").textContent(), /AADSTS650057/);
    assert.match(
        await fixes(page, "signIn"),
        /Power Automate \(Microsoft Flow Service\), add the delegated permission User/,
    );
});

run("consent missing: AADSTS65001 silently, the window asks, declined: grant admin consent", async () => {
    local.stack.entra.requireConsent(local.stack.entra.defaultClientId, true);
    const page = await openSetup(entra("approve"));
    await waitFor(page, "signIn", "pending");
    const popupPromise = local.context.waitForEvent("page");
    await row(page, "signIn").getByRole("button", { name: "Sign in" }).click();
    const popup = await popupPromise;
    await popup
        .getByRole("button", { name: /Decline|Cancel/ })
        .first()
        .click();
    await waitFor(page, "signIn", "fail");
    assert.match(await fixes(page, "signIn"), /Grant admin consent/);
});

run(
    "redirect URI not registered: Entra shows AADSTS50011 in the window; the row names the exact URI to register",
    { timeout: 120_000 },
    async () => {
        const page = await openSetup(entra("approve", { clientId: MISTAKE_CLIENTS.redirectNotRegistered.clientId }));
        await waitFor(page, "signIn", "pending");
        const popupPromise = local.context.waitForEvent("page");
        await row(page, "signIn").getByRole("button", { name: "Sign in" }).click();
        const popup = await popupPromise;
        await popup.waitForLoadState();
        assert.match(await popup.textContent("body"), /AADSTS50011/);
        await waitFor(page, "signIn", "fail", 60_000);
        assert.match(
            await fixes(page, "signIn"),
            new RegExp(
                `Single-page application, add this redirect URI exactly: ${escape(local.stack.host.redirectUri)}`,
            ),
        );
    },
);

run(
    "unknown client id: AADSTS700016 in the window; the row says to check clientId and tenantId",
    { timeout: 120_000 },
    async () => {
        const page = await openSetup(entra("approve", { clientId: "3e8b0f4d-5a6c-4d7e-9f0a-1b2c3d4e5f60" }));
        await waitFor(page, "signIn", "pending");
        const popupPromise = local.context.waitForEvent("page");
        await row(page, "signIn").getByRole("button", { name: "Sign in" }).click();
        const popup = await popupPromise;
        await popup.waitForLoadState();
        assert.match(await popup.textContent("body"), /AADSTS700016/);
        await waitFor(page, "signIn", "fail", 60_000);
        assert.match(
            await fixes(page, "signIn"),
            /No application with client ID 3e8b0f4d-5a6c-4d7e-9f0a-1b2c3d4e5f60 exists in tenant/,
        );
    },
);

// ---- trigger mistakes (test run) ---------------------------------------------------------------------

async function testRunFails(properties, arrange) {
    await arrange?.();
    const page = await openSetup(properties);
    await waitFor(page, "token", "pass");
    await waitFor(page, "schema", "pass");
    await sendTestRun(page);
    return page;
}

run("trigger set to Anyone: 401, use SharedAccessSignature or set Any user in my tenant; no run", async () => {
    const url = local.stack.flows.flowUrl("approve");
    const page = await testRunFails(entra("approve", { flowUrl: url }), () =>
        local.stack.flows.updateFlow("approve", { mode: "All" }),
    );
    assert.equal(await row(page, "testRun").getAttribute("data-status"), "fail");
    assert.match(await row(page, "testRun").textContent(), /401/);
    assert.match(await fixes(page, "testRun"), /set to Anyone/);
    assert.equal(local.stack.flows.runs.length, 0);
});

run("Specific users without this user: 403 and add the account to Allowed users; no run", async () => {
    const page = await testRunFails(entra("team"));
    assert.equal(await row(page, "testRun").getAttribute("data-status"), "fail");
    assert.match(await fixes(page, "testRun"), /not in the trigger's Specific users list/);
    assert.equal(local.stack.flows.runs.length, 0);
});

run("the flow turned off: WorkflowTriggerIsNotEnabled and turn it on", async () => {
    const page = await testRunFails(entra("approve"), () =>
        local.stack.flows.updateFlow("approve", { enabled: false }),
    );
    assert.match(await row(page, "testRun").textContent(), /WorkflowTriggerIsNotEnabled/);
    assert.match(await fixes(page, "testRun"), /turn it on in Power Automate/);
});

run("the flow deleted: 404 and the URL is stale (a re-created flow gets a new one)", async () => {
    const page = await testRunFails(entra("approve"), () => local.stack.flows.removeFlow("approve"));
    assert.match(await row(page, "testRun").textContent(), /404/);
    assert.match(await fixes(page, "testRun"), /re-imported or re-created flow gets a new one/);
});

run("a preflight that refuses everything: never reached the flow, said so; no run", async () => {
    local.stack.flows.setCors({ preflight: "refuseAll" });
    const page = await testRunFails(entra("approve", { sendTrackingHeader: "true" }));
    assert.match(await row(page, "testRun").textContent(), /never reached the flow/);
    assert.equal(local.stack.flows.runs.length, 0);
});

run(
    "a preflight that refuses only the tracking header: one retry without it reaches the flow; turn it off",
    async () => {
        local.stack.flows.setCors({ preflight: "refuseTrackingHeader" });
        const page = await testRunFails(entra("approve", { sendTrackingHeader: "true" }));
        assert.equal(await row(page, "testRun").getAttribute("data-status"), "fail");
        assert.match(await row(page, "testRun").textContent(), /refuses the x-ms-client-tracking-id header/);
        assert.match(await fixes(page, "testRun"), /^sendTrackingHeader Set sendTrackingHeader to No\.$/m);
        assert.equal(local.stack.flows.runs.length, 1, "the refused attempt sent nothing, the retry ran once");
    },
);

run("a 202 whose Location is not exposed: the run started, the page says it can't follow it", async () => {
    local.stack.flows.setCors({ exposeLocation: false });
    const page = await testRunFails(entra("later"));
    assert.equal(await row(page, "testRun").getAttribute("data-status"), "warn");
    assert.match(await row(page, "testRun").textContent(), /can't read its Location header/);
    assert.equal(local.stack.flows.runs.length, 1);
});

function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
