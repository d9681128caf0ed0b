// End to end, in headless Chromium: the built bundle on the local model-driven form, signing in
// through the Entra ID emulator and running flows on the Power Automate emulator. Nothing leaves
// 127.0.0.1. Each test starts from a fresh browser context (empty MSAL cache).
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe } from "node:test";
import { IDS } from "../../tools/local-stack/form-host/dataset.mjs";
import { screenshot } from "../../tools/local-stack/browser.mjs";
import { localBrowserStack } from "./support/localBrowserStack.mjs";

const SYNC_LIMIT_MS = 1500;

const TEST_FLOWS = {
    tenant: {
        mode: "Tenant",
        behavior: {
            kind: "respond",
            status: 200,
            body: (run) => ({ message: `Approved: ${run.payload?.record?.primaryName}` }),
        },
    },
    specific: {
        mode: "User",
        allowedUsers: ["adele@contoso.test"],
        behavior: { kind: "respond", status: 200, body: { message: "Specific users: welcome" } },
    },
    anyone: { mode: "All", behavior: { kind: "respond", status: 200, body: { message: "Anyone: received" } } },
    async: {
        mode: "Tenant",
        behavior: {
            kind: "async",
            pendingPolls: 2,
            retryAfterSeconds: 1,
            final: { status: 200, body: { message: "Finished after polling" } },
        },
    },
    throttled: {
        mode: "Tenant",
        behavior: { kind: "respond", status: 200, body: { message: "Made it through the throttle" } },
    },
    slow: {
        mode: "Tenant",
        behavior: { kind: "respond", status: 200, delayMs: SYNC_LIMIT_MS * 3, body: { message: "too late" } },
    },
    busy: { mode: "Tenant", behavior: { kind: "respond", status: 200, delayMs: 400, body: { message: "One run" } } },
    redirect: { mode: "Tenant", behavior: { kind: "respond", status: 200 } },
};

let elsewhere; // another local server: the target of the redirecting flow
const elsewhereRequests = [];

const local = localBrowserStack({
    stack: { flows: TEST_FLOWS, syncTimeoutMs: SYNC_LIMIT_MS },
    beforeEachTest: () => {
        elsewhereRequests.length = 0;
    },
});
const { run } = local;

before(async () => {
    elsewhere = http.createServer((req, res) => {
        elsewhereRequests.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
        res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
        res.end('{"message":"you should never see this"}');
    });
    await new Promise((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
});

after(async () => {
    await new Promise((resolve) => (elsewhere ? elsewhere.close(resolve) : resolve()));
});

/**
 * The two shapes the local host can give table metadata in (client-api.js): the documented members only,
 * the rest on attributeDescriptor (its default), or every member on the attribute itself.
 */
const METADATA_SHAPES = ["documented", "full"];

/** Opens the form with these controls and waits for it to be ready; spec.metadataShape picks the metadata shape. */
async function openForm(spec, query = "") {
    const { metadataShape, ...rest } = spec;
    local.stack.host.setScenario({ ...local.stack.scenario(rest), ...(metadataShape ? { metadataShape } : {}) });
    const page = await local.context.newPage();
    await page.goto(`${local.stack.host.url}${query}`);
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    assert.equal(await page.getAttribute("body", "data-ready"), "true", await page.textContent("#host-status"));
    return page;
}

function control(page, id) {
    return page.locator(`#control-${id}`);
}

function entraControl(id, flow, extra = {}) {
    return {
        id,
        label: id,
        field: "ftc_flowstatus",
        properties: local.stack.entraProperties(flow, { buttonLabel: `Run ${id}`, ...extra }),
    };
}

async function waitForStatus(page, id, text, timeout = 20_000) {
    const status = control(page, id).getByRole("status");
    await status.getByText(text, { exact: false }).waitFor({ timeout });
    return (await status.innerText()).trim();
}

describe("happy path in each trigger mode", () => {
    for (const metadataShape of METADATA_SHAPES) {
        run(
            `Any user in my tenant: a click signs in silently and runs the flow with a typed payload (${metadataShape} metadata)`,
            async () => {
                const page = await openForm({
                    metadataShape,
                    controls: [
                        entraControl("tenant", "tenant", {
                            payloadFields:
                                "name,revenue,industrycode,primarycontactid,ftc_contractdate,donotemail,ftc_regions",
                        }),
                    ],
                });
                await control(page, "tenant").getByRole("button", { name: "Run tenant" }).click();
                await waitForStatus(page, "tenant", "Approved: Contoso Pharmaceuticals");

                assert.equal(local.stack.flows.runs.length, 1);
                const [flowRun] = local.stack.flows.runs;
                assert.equal(flowRun.caller.upn, "adele@contoso.test");
                assert.equal(flowRun.caller.tid, local.stack.entra.homeTenantId);
                const { payload } = flowRun;
                assert.equal(payload.schemaVersion, 1);
                assert.equal(payload.record.id, IDS.account);
                assert.equal(payload.record.table, "account");
                assert.equal(flowRun.clientTrackingId, null, "no x-ms-client-tracking-id header by default");
                assert.equal(flowRun.correlationId, payload.correlationId, "the correlation id travels in the payload");
                assert.deepEqual(payload.record.fields.industrycode, { value: 7, label: "Consulting" });
                assert.deepEqual(payload.record.fields.donotemail, { value: false, label: "Allow" });
                assert.equal(payload.record.fields.ftc_contractdate, "2026-12-01");
                assert.deepEqual(payload.record.fields.primarycontactid, {
                    id: IDS.contact,
                    table: "contact",
                    name: "Nestor Wilke",
                });
                assert.equal(payload.record.fields.revenue.value, 2500000.75);
                assert.deepEqual(
                    payload.record.fields.ftc_regions.map((o) => o.label),
                    ["Europe", "Asia Pacific"],
                );
                assert.equal(payload.caller.informational, true);
                assert.ok(!JSON.stringify(local.stack.flows.runs).includes("eyJ"), "no token is stored with the run");
            },
        );
    }

    run("Specific users in my tenant: an allowed user runs the flow", async () => {
        const page = await openForm({ controls: [entraControl("specific", "specific")] });
        await control(page, "specific").getByRole("button", { name: "Run specific" }).click();
        await waitForStatus(page, "specific", "Specific users: welcome");
        assert.equal(local.stack.flows.runs.length, 1);
        assert.equal(local.stack.flows.runs[0].caller.oid, "3b8c2a6e-4f1d-4e9a-b7c5-0d2e1f3a4b51");
    });

    run("Anyone (shared access signature): no token is sent and the run is recorded", async () => {
        const page = await openForm({
            controls: [
                {
                    id: "sas",
                    label: "sas",
                    field: "ftc_flowstatus",
                    properties: local.stack.sasProperties("anyone", { buttonLabel: "Run sas" }),
                },
            ],
        });
        await control(page, "sas").getByRole("button", { name: "Run sas" }).click();
        await waitForStatus(page, "sas", "Anyone: received");
        assert.equal(local.stack.flows.runs.length, 1);
        assert.equal(local.stack.flows.runs[0].caller, null);
        assert.equal(
            local.stack.entra.events.filter((e) => e.type === "token").length,
            0,
            "SAS mode never asks for a token",
        );
    });
});

describe("the payload on each metadata shape", () => {
    for (const metadataShape of METADATA_SHAPES) {
        run(
            `* sends every readable column once, typed, without image and file columns or their helpers (${metadataShape} metadata)`,
            async () => {
                const page = await openForm({
                    metadataShape,
                    controls: [entraControl("all", "tenant", { payloadFields: "*" })],
                });
                await control(page, "all").getByRole("button", { name: "Run all" }).click();
                await waitForStatus(page, "all", "Approved: Contoso Pharmaceuticals");

                assert.equal(local.stack.flows.runs.length, 1);
                const { fields } = local.stack.flows.runs[0].payload.record;
                assert.deepEqual(
                    fields.ftc_regions?.map((o) => o.label),
                    ["Europe", "Asia Pacific"],
                    "the multi-select column (AttributeType Virtual) is sent",
                );
                assert.deepEqual(fields.primarycontactid, { id: IDS.contact, table: "contact", name: "Nestor Wilke" });
                assert.deepEqual(fields.ftc_customerid, { id: IDS.contact, table: "contact", name: "Nestor Wilke" });
                assert.equal(fields.revenue.value, 2500000.75);
                assert.equal(fields.revenue.currency.code, "EUR");
                assert.equal(fields.ftc_contractdate, "2026-12-01");
                assert.equal(fields.createdon, "2026-11-02T23:30:00Z");
                assert.deepEqual(fields.industrycode, { value: 7, label: "Consulting" });
                for (const name of [
                    "entityimage",
                    "entityimage_url",
                    "entityimage_timestamp",
                    "ftc_contractfile",
                    "ftc_contractfile_name",
                ]) {
                    assert.ok(!(name in fields), `${name} is not sent`);
                }
            },
        );

        run(
            `listed image and file columns are named on load, before any click (${metadataShape} metadata)`,
            async () => {
                const page = await openForm({
                    metadataShape,
                    controls: [
                        entraControl("imagefile", "tenant", {
                            payloadFields: "name,ftc_regions,entityimage,ftc_contractfile",
                        }),
                    ],
                });
                const root = control(page, "imagefile");
                await root
                    .getByText("This button isn't set up correctly.", { exact: false })
                    .waitFor({ timeout: 15_000 });
                await root.getByText("Show details").click();
                const details = await root.getByTestId("flow-trigger-config-problems").innerText();
                assert.ok(details.includes("entityimage, ftc_contractfile"), details);
                assert.ok(!details.includes("ftc_regions"), `the multi-select column is sendable: ${details}`);
                assert.equal(local.stack.flows.runs.length, 0);
            },
        );
    }
});

run("a user without read access to environment variables is told to ask for it", async () => {
    local.stack.host.dataverse.denyRead("environmentvariabledefinition");
    const page = await openForm({
        controls: [entraControl("envvar", "tenant", { flowUrl: "ftc_TenantFlowUrl" })],
    });
    const root = control(page, "envvar");
    await root.getByText("This button isn't set up correctly.", { exact: false }).waitFor({ timeout: 15_000 });
    await root.getByText("Show details").click();
    const details = await root.getByTestId("flow-trigger-config-problems").innerText();
    assert.ok(details.includes("Ask your administrator for read access"), details);
    assert.ok(!/2147746336|0x80040220/.test(details), `no bare error code: ${details}`);
    assert.equal(local.stack.flows.runs.length, 0);
});

run("the POST carries no x-ms-client-tracking-id by default; sendTrackingHeader adds it", async () => {
    const page = await openForm({
        controls: [entraControl("plain", "tenant"), entraControl("tracked", "tenant", { sendTrackingHeader: true })],
    });
    await control(page, "plain").getByRole("button", { name: "Run plain" }).click();
    await waitForStatus(page, "plain", "Approved");
    const preflightsBefore = local.stack.flows.preflights.length;
    await control(page, "tracked").getByRole("button", { name: "Run tracked" }).click();
    await waitForStatus(page, "tracked", "Approved");

    const [plain, tracked] = local.stack.flows.runs;
    assert.equal(local.stack.flows.runs.length, 2);
    // What the emulator received, header by header (Authorization is checked, never stored).
    assert.equal(plain.headers["x-ms-client-tracking-id"], undefined);
    assert.equal(plain.headers["content-type"], "application/json");
    assert.ok(plain.caller, "the default POST was signed in");
    assert.equal(tracked.headers["x-ms-client-tracking-id"], tracked.payload.correlationId);
    assert.equal(tracked.clientTrackingId, tracked.payload.correlationId);
    // And what the browser asked the preflight to allow.
    const requested = (preflights) => preflights.map((p) => (p.headers ?? "").toLowerCase().split(/\s*,\s*/)).flat();
    const first = requested(local.stack.flows.preflights.slice(0, preflightsBefore));
    assert.ok(first.includes("authorization"), `default preflight asked for: ${first}`);
    assert.ok(!first.includes("x-ms-client-tracking-id"), `default preflight asked for: ${first}`);
    assert.ok(requested(local.stack.flows.preflights.slice(preflightsBefore)).includes("x-ms-client-tracking-id"));
});

run("a user who is not on the Specific-users list gets a clear error and no run", async () => {
    const page = await openForm({ upn: "megan@contoso.test", controls: [entraControl("specific", "specific")] });
    await control(page, "specific").getByRole("button", { name: "Run specific" }).click();
    const text = await waitForStatus(page, "specific", "not allowed");
    assert.match(text, /Reference: [0-9a-f-]{36}/);
    assert.equal(local.stack.flows.runs.length, 0);
});

run("silent sign-in fails, so the click opens the sign-in window and the run succeeds", async () => {
    local.stack.entra.requireInteraction("adele@contoso.test");
    const page = await openForm({ controls: [entraControl("tenant", "tenant")] });
    const popupPromise = local.context.waitForEvent("page");
    await control(page, "tenant").getByRole("button", { name: "Run tenant" }).click();
    const popup = await popupPromise;
    await popup.getByRole("button", { name: /Sign in as Adele Vance/ }).click();
    await waitForStatus(page, "tenant", "Approved: Contoso Pharmaceuticals");
    assert.equal(local.stack.flows.runs.length, 1);
    const authorizeCalls = local.stack.entra.events.filter((e) => e.type === "authorize");
    assert.ok(
        authorizeCalls.some((e) => e.prompt === "none" && e.outcome !== "code"),
        "a silent attempt failed first",
    );
    assert.ok(
        local.stack.entra.events.some((e) => e.type === "sign-in" && e.outcome === "code"),
        "then the interactive sign-in succeeded",
    );
});

run("asynchronous flow: 202 + Location is polled until it finishes", async () => {
    const page = await openForm({ controls: [entraControl("async", "async")] });
    await control(page, "async").getByRole("button", { name: "Run async" }).click();
    await waitForStatus(page, "async", "Finished after polling");
    assert.equal(local.stack.flows.runs.length, 1);
    assert.ok(local.stack.flows.runs[0].polls.length >= 2, `polled ${local.stack.flows.runs[0].polls.length} times`);
});

run("throttled (429 + Retry-After) then success: exactly one run", async () => {
    local.stack.flows.throttle("throttled", 1, 1);
    const page = await openForm({ controls: [entraControl("throttled", "throttled")] });
    await control(page, "throttled").getByRole("button", { name: "Run throttled" }).click();
    await waitForStatus(page, "throttled", "Made it through the throttle");
    assert.equal(local.stack.flows.runs.length, 1);
});

run("synchronous timeout: Power Automate's 504 is reported with a reference and never retried", async () => {
    const page = await openForm({ controls: [entraControl("slow", "slow")] });
    await control(page, "slow").getByRole("button", { name: "Run slow" }).click();
    const text = await waitForStatus(page, "slow", "Tracking ID:");
    assert.doesNotMatch(text, /too late/);
    assert.equal(local.stack.flows.runs.length, 1, "one click, one run: no automatic retry after a 504");
});

run("a double click makes exactly one run", async () => {
    const page = await openForm({ controls: [entraControl("busy", "busy")] });
    const posts = [];
    page.on("request", (request) => {
        if (request.method() === "POST" && request.url().startsWith(local.stack.flows.url)) posts.push(request.url());
    });
    await control(page, "busy").getByRole("button", { name: "Run busy" }).dblclick();
    await waitForStatus(page, "busy", "One run");
    // No sleep: a second run would have started inside the double click and taken the same steps as the
    // first, so its POST would be out before the first run's delayed answer (the flow holds it 400 ms).
    assert.deepEqual(posts.length, 1, "the page sent one POST to the flow");
    assert.equal(local.stack.flows.runs.length, 1);
});

run("two controls on one form sign the user in once", async () => {
    local.stack.entra.requireInteraction("adele@contoso.test");
    const page = await openForm({ controls: [entraControl("first", "tenant"), entraControl("second", "specific")] });
    const popupPromise = local.context.waitForEvent("page");
    await control(page, "first").getByRole("button", { name: "Run first" }).click();
    const popup = await popupPromise;
    await popup.getByRole("button", { name: /Sign in as Adele Vance/ }).click();
    await waitForStatus(page, "first", "Approved");
    let popups = 0;
    local.context.on("page", () => popups++);
    await control(page, "second").getByRole("button", { name: "Run second" }).click();
    await waitForStatus(page, "second", "Specific users: welcome");
    assert.equal(popups, 0, "no second sign-in window");
    assert.equal(
        local.stack.entra.events.filter((e) => e.type === "sign-in" && e.outcome === "code").length,
        1,
        "one interactive sign-in",
    );
    assert.equal(local.stack.flows.runs.length, 2);
});

run("a new, unsaved record shows the button disabled until it is saved", async () => {
    const page = await openForm({ recordId: null, controls: [entraControl("tenant", "tenant")] });
    const button = control(page, "tenant").getByRole("button", { name: "Run tenant" });
    assert.equal(await button.getAttribute("aria-disabled"), "true");
    await control(page, "tenant").getByText("Save the record first to run this flow.").waitFor();
    await button.click({ force: true });
    // A click that started a run would have made the button busy inside the click: nothing to wait for.
    assert.notEqual(await button.getAttribute("aria-busy"), "true");
    assert.equal(await control(page, "tenant").getByText("Running…").count(), 0);
    assert.equal(local.stack.flows.runs.length, 0);

    await page.getByLabel("Account Name").fill("Fabrikam Retail");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.locator("#record-title", { hasText: "Fabrikam Retail" }).waitFor();
    await button.click();
    await waitForStatus(page, "tenant", "Approved: Fabrikam Retail");
    assert.equal(local.stack.flows.runs.length, 1);
    assert.notEqual(local.stack.flows.runs[0].payload.record.id, IDS.account);
});

run("a flow that redirects to another local host never gets the token sent there", async () => {
    local.stack.flows.setBehavior("redirect", {
        kind: "redirect",
        status: 307,
        location: `http://127.0.0.1:${elsewhere.address().port}/steal`,
    });
    const page = await openForm({
        controls: [
            entraControl("redirect", "redirect", {
                // Even a host the maker trusts must not receive a redirected token.
                trustedHosts: `127.0.0.1:${local.stack.flows.port}, 127.0.0.1:${elsewhere.address().port}`,
            }),
        ],
    });
    await control(page, "redirect").getByRole("button", { name: "Run redirect" }).click();
    const text = await waitForStatus(page, "redirect", "redirect");
    assert.doesNotMatch(text, /you should never see this/);
    assert.deepEqual(
        elsewhereRequests.filter((r) => r.authorization),
        [],
        "no Authorization header reached the other host",
    );
    assert.deepEqual(elsewhereRequests, [], "the redirect is not followed at all");
});

describe("each misconfiguration shows its message", () => {
    run("misconfigured controls are disabled and say what to fix", async () => {
        const sig = local.stack.flows.flowUrl("anyone");
        const cases = [
            { id: "noclient", properties: { clientId: "" }, expect: "Required for Entra ID user authentication" },
            { id: "badguid", properties: { tenantId: "contoso" }, expect: "Enter a GUID" },
            { id: "sigentra", properties: { flowUrl: sig }, expect: "contains a signature" },
            {
                id: "unknownhost",
                properties: { flowUrl: local.stack.flows.flowUrl("tenant").replace("127.0.0.1", "localhost") },
                expect: "localhost",
            },
            {
                id: "http",
                properties: { flowUrl: local.stack.flows.flowUrl("tenant"), trustedHosts: "" },
                expect: "127.0.0.1",
            },
            { id: "fields", properties: { payloadFields: "name,,revenue" }, expect: "empty entry" },
            { id: "timeout", properties: { timeoutSeconds: 1 }, expect: "from 5 to 600" },
            { id: "nourl", properties: { flowUrl: "" }, expect: "This setting is required" },
            { id: "missingvar", properties: { flowUrl: "ftc_NoSuchVariable" }, expect: "ftc_NoSuchVariable" },
            // Found on load: the host names environment 01234567-89ab-…, the form host answers its default one.
            {
                id: "otherenv",
                properties: {
                    flowUrl:
                        "https://0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1",
                },
                expect: "This URL belongs to another environment",
            },
        ];
        const page = await openForm({
            controls: cases.map((c) => ({
                ...entraControl(c.id, "tenant"),
                properties: {
                    ...local.stack.entraProperties("tenant", { buttonLabel: `Run ${c.id}` }),
                    ...c.properties,
                },
            })),
        });
        for (const c of cases) {
            const root = control(page, c.id);
            await root.getByText("This button isn't set up correctly.", { exact: false }).waitFor({ timeout: 15_000 });
            assert.equal(
                await root.getByRole("button", { name: `Run ${c.id}` }).getAttribute("aria-disabled"),
                "true",
                c.id,
            );
            await root.getByText("Show details").click();
            const details = await root.getByTestId("flow-trigger-config-problems").innerText();
            assert.ok(details.includes(c.expect), `${c.id}: expected "${c.expect}" in: ${details}`);
            // A long host in the message wraps inside the column instead of running out of it.
            const overflow = await root
                .getByTestId("flow-trigger-config-problems")
                .evaluate((list) => list.scrollWidth - list.clientWidth);
            assert.ok(overflow <= 0, `${c.id}: the details run ${overflow} px out of their column`);
        }
        await screenshot(page, "form-misconfigured");
        assert.equal(local.stack.flows.runs.length, 0);
    });

    run("messages follow the user's language (German)", async () => {
        const page = await openForm({
            recordId: null,
            languageId: 1031,
            controls: [entraControl("tenant", "tenant", { buttonLabel: "" })],
        });
        await control(page, "tenant").getByRole("button", { name: "Flow ausführen" }).waitFor();
        await control(page, "tenant").getByText("Speichern Sie zuerst den Datensatz", { exact: false }).waitFor();
    });
});
