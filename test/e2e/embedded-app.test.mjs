// The model-driven app inside a frame of another site (Teams, Outlook, a portal), in Chromium with storage
// partitioned by top-level site as Chrome ships it (Playwright turns that off by default). There MSAL's sign-in
// window can never report back (its redirect bridge answers over a BroadcastChannel the frame does not share),
// so the control must say at once that sign-in needs the app's own tab, and link to the record, instead of
// opening a window that times out. The framing page is https://localhost:<port>; the form is on 127.0.0.1.
import assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { sharedLocalCertificate } from "../../tools/local-stack/emulators/certificate.mjs";
import { IDS } from "../../tools/local-stack/form-host/dataset.mjs";
import { startFramingPage } from "../../tools/local-stack/framing-page.mjs";
import { screenshot } from "../../tools/local-stack/browser.mjs";
import { localBrowserStack } from "./support/localBrowserStack.mjs";

const FLOWS = {
    tenant: { mode: "Tenant", behavior: { kind: "respond", status: 200, body: { message: "Approved" } } },
};
const USER = "adele@contoso.test";
const APP_ID = "5b1c3f2e-7a4d-4e8b-9c0f-1d2e3f4a5b6c";

/** Windows the framing page (or its frame) opened. */
let popups;
const local = localBrowserStack({
    stack: { flows: FLOWS },
    // Chrome partitions a framed page's storage by top-level site; the sign-in window cannot report back.
    browser: { storagePartitioning: true },
    beforeEachTest: (stack) => {
        // Silent sign-in fails for this user: a click needs the sign-in window.
        stack.entra.requireInteraction(USER);
        stack.host.setScenario(
            stack.scenario({
                upn: USER,
                controls: [
                    {
                        id: "tenant",
                        label: "tenant",
                        field: "ftc_flowstatus",
                        properties: stack.entraProperties("tenant", { buttonLabel: "Run tenant" }),
                    },
                ],
            }),
        );
        popups = [];
    },
});
const { run } = local;

let framing;
before(async () => {
    // The stack's own certificate (one per process), whichever of the two starts first.
    framing = await startFramingPage({ tls: await sharedLocalCertificate() });
});
after(async () => {
    await framing?.close();
});

/**
 * The record's address, with the query a model-driven form has (main.aspx?appid&pagetype&etn&id); the local
 * form host serves its form at / and ignores the query.
 */
const recordUrl = () => `${local.stack.host.url}?appid=${APP_ID}&pagetype=entityrecord&etn=account&id=${IDS.account}`;

/** The form inside the framing page on `host`, ready. */
async function openFramedForm(host) {
    const page = await local.context.newPage();
    page.on("popup", (popup) => popups.push(popup.url()));
    await page.goto(framing.urlFor(recordUrl(), host));
    const form = page.frameLocator("#app");
    await form.locator("body[data-ready]").waitFor({ timeout: 30_000 });
    assert.equal(await form.locator("body").getAttribute("data-ready"), "true");
    return { page, form };
}

describe("the test browser partitions a cross-site frame's storage", () => {
    run(
        "a value stored by the form's origin at top level is not visible to the same origin framed by localhost",
        async () => {
            const top = await local.context.newPage();
            await top.goto(local.stack.host.url);
            await top.evaluate(() => localStorage.setItem("partition-probe", "top-level"));
            const { page } = await openFramedForm("localhost");
            const frame = page.frames().find((f) => f.url().startsWith(local.stack.host.origin));
            assert.ok(frame, "the form is framed");
            assert.equal(await frame.evaluate(() => localStorage.getItem("partition-probe")), null);
            assert.equal(await top.evaluate(() => localStorage.getItem("partition-probe")), "top-level");
        },
    );
});

describe("sign-in needed inside a frame of another site", () => {
    run("the click says at once to open the record in its own tab, links to it, and opens no window", async () => {
        const { page, form } = await openFramedForm("localhost");
        const status = form.locator("#control-tenant").getByRole("status");
        await form.getByRole("button", { name: "Run tenant" }).click();
        await status.getByText("Open this record in its own browser tab", { exact: false }).waitFor();

        const link = status.getByRole("link", { name: "Open in a new tab" });
        assert.equal(await link.getAttribute("href"), recordUrl());
        assert.equal(await link.getAttribute("target"), "_blank");
        assert.deepEqual(popups, [], "no sign-in window was opened");
        assert.equal(local.stack.entra.events.filter((e) => e.type === "sign-in").length, 0);
        assert.equal(local.stack.flows.runs.length, 0, "nothing was sent");
        await screenshot(page, "embedded-app-sign-in-refused");

        // Every further click says the same, still without a window.
        await form.getByRole("button", { name: "Run tenant" }).click();
        await status.getByText("Open this record in its own browser tab", { exact: false }).waitFor();
        assert.deepEqual(popups, []);
    });

    run(
        "framed by a page of the same site (another port of 127.0.0.1), the sign-in window opens and answers",
        async () => {
            const { form } = await openFramedForm("127.0.0.1");
            const windowOpened = local.context.waitForEvent("page");
            await form.getByRole("button", { name: "Run tenant" }).click();
            const signIn = await windowOpened;
            await signIn.getByRole("button", { name: /Sign in as Adele Vance/ }).click();
            await form
                .locator("#control-tenant")
                .getByRole("status")
                .getByText("Approved")
                .waitFor({ timeout: 20_000 });
            assert.equal(local.stack.flows.runs.length, 1);
        },
    );

    run("the same form at top level in this browser still signs in through the window", async () => {
        const page = await local.context.newPage();
        await page.goto(local.stack.host.url);
        await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
        const windowOpened = local.context.waitForEvent("page");
        await page.locator("#control-tenant").getByRole("button", { name: "Run tenant" }).click();
        const signIn = await windowOpened;
        await signIn.getByRole("button", { name: /Sign in as Adele Vance/ }).click();
        await page.locator("#control-tenant").getByRole("status").getByText("Approved").waitFor({ timeout: 20_000 });
        assert.equal(local.stack.flows.runs.length, 1);
    });
});
