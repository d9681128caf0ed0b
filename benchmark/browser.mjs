// Browser figures, in headless Chromium on the local stack (Entra ID and Power Automate emulators, form host):
//   load        navigation → the control's button rendered and enabled, against the bare Fluent-button control
//               on the same form host page (a second host instance serving the baseline bundle)
//   click       warm token and metadata cache, a 100 ms press: the click event → the Power Automate emulator receiving the
//               POST, against a page whose button only fetch()es the same body with the same headers (the
//               control's bearer included) to the same flow
//   steadiness  JS heap after forced GC (--js-flags=--expose-gc) after 5 and after 200 runs in one page,
//               judged without compiled code (see heapReadings)
// Control and baseline samples are taken in alternation, so machine load hits both alike.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ROOT } from "./pcfProject.mjs";
import { BASELINE_DIR } from "./size.mjs";
import { pairedRatios } from "./verdict.mjs";

const LOADS = 15;
const CLICKS = 15;
// A person's mouse click: the button goes down, and comes up about 0.1 s later (the click event). The control
// starts its work at the press; the judged figure uses this press for both pages. The instant click (down and
// up at once, as scripts click) is measured too and printed, unjudged.
const PRESS_MS = 100;
const WARM_UP_CLICKS = 3;
const STEADY_FIRST = 5;
const STEADY_TOTAL = 200;
const HEAP_READINGS = 3;
const WAIT_MS = 30_000;
const BARE_FETCH_PAGE = path.join(ROOT, "benchmark", "pages", "bare-fetch.html");

/** Node's clock in epoch milliseconds, comparable with a page's performance.timeOrigin + performance.now(). */
const nodeNow = () => performance.timeOrigin + performance.now();

async function until(condition, what, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
}

/** page clock − Node clock, from the evaluate round trip with the smallest delay (error ≤ half of it). */
async function pageClockOffset(page) {
    let best;
    for (let index = 0; index < 15; index += 1) {
        const sent = nodeNow();
        const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
        const back = nodeNow();
        if (!best || back - sent < best.roundTrip)
            best = { roundTrip: back - sent, offset: pageTime - (sent + back) / 2 };
    }
    return best.offset;
}

async function startPageServer() {
    const server = http.createServer((request, response) => {
        if (request.method === "GET" && new URL(request.url ?? "/", "http://127.0.0.1").pathname === "/") {
            response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
            response.end(fs.readFileSync(BARE_FETCH_PAGE));
            return;
        }
        response.writeHead(404, { "Content-Type": "text/plain" });
        response.end("Not found");
    });
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
    });
    return {
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

/** Resolves with performance.now() (ms since navigation start) when the form's button exists and is enabled. */
function probeButtonEnabled() {
    window.__benchButtonEnabled = new Promise((resolve) => {
        const enabled = () => {
            const button = document.querySelector("#controls button");
            return button && !button.disabled && button.getAttribute("aria-disabled") !== "true";
        };
        const observer = new MutationObserver(() => {
            if (enabled()) {
                observer.disconnect();
                resolve(performance.now());
            }
        });
        observer.observe(document, { childList: true, subtree: true, attributes: true });
    });
}

/** Records each click event's time (epoch ms) before any handler of the page sees it. */
function recordClicks() {
    window.__benchClicks = [];
    document.addEventListener("click", (event) => window.__benchClicks.push(performance.timeOrigin + event.timeStamp), {
        capture: true,
    });
}

async function loadOnce(context, url) {
    const page = await context.newPage();
    try {
        await page.goto(url);
        return await page.evaluate(
            (timeoutMs) =>
                Promise.race([
                    window.__benchButtonEnabled,
                    new Promise((_resolve, reject) =>
                        setTimeout(
                            () => reject(new Error(`no enabled button: ${document.body.dataset.ready}`)),
                            timeoutMs,
                        ),
                    ),
                ]),
            WAIT_MS,
        );
    } finally {
        await page.close();
    }
}

async function measureLoad({ newContext, controlUrl, baselineUrl, log }) {
    log(`load: ${LOADS} page loads each, control and bare control in alternation …`);
    const context = await newContext();
    try {
        await context.addInitScript(probeButtonEnabled);
        const control = [];
        const baseline = [];
        for (let index = 0; index <= LOADS; index += 1) {
            const pair = [
                [controlUrl, control],
                [baselineUrl, baseline],
            ];
            if (index % 2) pair.reverse();
            for (const [url, samples] of pair) {
                const ms = await loadOnce(context, url);
                if (index > 0) samples.push(ms); // the first pair warms Chromium and the servers
            }
        }
        return { control, baseline };
    } finally {
        await context.close();
    }
}

async function measureClicks({ context, stack, controlUrl, pageServer, received, log }) {
    log(
        `click: ${CLICKS} pressed (${PRESS_MS} ms) and ${CLICKS} instant clicks each (after ${WARM_UP_CLICKS} warm-up clicks), control and bare fetch in alternation …`,
    );
    const controlPage = await context.newPage();
    const barePage = await context.newPage();
    try {
        await controlPage.addInitScript(recordClicks);
        await barePage.addInitScript(recordClicks);
        await controlPage.goto(controlUrl);
        await controlPage.waitForSelector("body[data-ready=true]");
        await barePage.goto(pageServer.url);
        const root = controlPage.locator("#control-bench");

        const clickControl = async (delay) => {
            await root.getByRole("button", { name: "Run flow" }).click({ delay });
            return async () => {
                await root.getByRole("status").getByText("ok").waitFor({ timeout: WAIT_MS });
                await root.getByRole("button", { name: "Close message" }).click();
            };
        };
        const clickBare = async (delay) => {
            await barePage.locator("#send").click({ delay });
            return () => barePage.locator("#status").getByText("HTTP 200").waitFor({ timeout: WAIT_MS });
        };
        /** ms from the click event to the emulator's receipt of the POST, in the page's clock. */
        const timedClick = async (page, click, delay = PRESS_MS) => {
            await page.bringToFront();
            const offset = await pageClockOffset(page);
            received.length = 0;
            await page.evaluate(() => (window.__benchClicks.length = 0));
            const settle = await click(delay);
            await until(() => received.length > 0, "the flow emulator to receive the POST");
            const [clickedAt] = await page.evaluate(() => window.__benchClicks);
            const ms = received[0].at + offset - clickedAt;
            await settle();
            return { ms, run: received[0].run };
        };

        // The baseline repeats the control's last warm-up POST: same URL, body and headers (Content-Type and the
        // bearer), so the same CORS preflight applies to both. The token stays in memory, never logged.
        const flowUrl = stack.flows.flowUrl("bench-entra");
        let lastPost;
        const watchPost = (request) => {
            if (request.method() === "POST" && request.url() === flowUrl) lastPost = request;
        };
        controlPage.on("request", watchPost);
        let body;
        for (let index = 0; index < WARM_UP_CLICKS; index += 1) {
            const { run } = await timedClick(controlPage, clickControl);
            body = JSON.stringify(run.payload);
        }
        controlPage.off("request", watchPost);
        const sentHeaders = await lastPost?.allHeaders();
        if (!sentHeaders?.authorization) throw new Error("click: the control's POST carried no bearer to repeat");
        const customHeaders = Object.keys(sentHeaders).filter((name) => /^x-/i.test(name));
        if (customHeaders.length > 0) throw new Error(`click: the baseline lacks headers ${customHeaders.join(", ")}`);
        await barePage.evaluate((request) => (window.benchRequest = request), {
            url: flowUrl,
            body,
            headers: { "Content-Type": sentHeaders["content-type"], Authorization: sentHeaders.authorization },
        });
        for (let index = 0; index < WARM_UP_CLICKS; index += 1) await timedClick(barePage, clickBare);

        const samples = { pressed: { control: [], baseline: [] }, instant: { control: [], baseline: [] } };
        for (const [kind, delay] of [
            ["pressed", PRESS_MS],
            ["instant", 0],
        ]) {
            for (let index = 0; index < CLICKS; index += 1) {
                const pair = [
                    [controlPage, clickControl, samples[kind].control],
                    [barePage, clickBare, samples[kind].baseline],
                ];
                if (index % 2) pair.reverse();
                for (const [page, click, into] of pair) into.push((await timedClick(page, click, delay)).ms);
            }
        }
        return samples;
    } finally {
        await controlPage.close();
        await barePage.close();
    }
}

/** Runs the control `count` times from inside the page: click, wait for the answer, dismiss it. */
function runInPage(page, count) {
    return page.evaluate(
        async ({ count, timeoutMs }) => {
            const root = document.getElementById("control-bench");
            const until = async (condition, what) => {
                const deadline = Date.now() + timeoutMs;
                while (!condition()) {
                    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
                    await new Promise((resolve) => setTimeout(resolve, 2));
                }
            };
            const button = () => root.querySelector('[data-testid="flow-trigger-button"]');
            const status = () => root.querySelector('[data-testid="flow-trigger-status"]');
            for (let index = 0; index < count; index += 1) {
                await until(() => button() && !button().disabled && !status()?.textContent, "an idle button");
                button().click();
                await until(() => status()?.textContent?.includes("ok"), "the flow's answer");
                root.querySelector('[data-testid="flow-trigger-status"] button').click();
            }
        },
        { count, timeoutMs: WAIT_MS },
    );
}

/** Sums a heap snapshot's self sizes: everything, and everything but compiled code (type "code"). */
async function heapSnapshotSizes(cdp) {
    const chunks = [];
    const collect = (event) => chunks.push(event.chunk);
    cdp.on("HeapProfiler.addHeapSnapshotChunk", collect);
    try {
        await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    } finally {
        cdp.off("HeapProfiler.addHeapSnapshotChunk", collect);
    }
    const snapshot = JSON.parse(chunks.join(""));
    const fields = snapshot.snapshot.meta.node_fields;
    const codeType = snapshot.snapshot.meta.node_types[0].indexOf("code");
    const typeAt = fields.indexOf("type");
    const sizeAt = fields.indexOf("self_size");
    let total = 0;
    let code = 0;
    for (let index = 0; index < snapshot.nodes.length; index += fields.length) {
        const size = snapshot.nodes[index + sizeAt];
        total += size;
        if (snapshot.nodes[index + typeAt] === codeType) code += size;
    }
    return { total, withoutCode: total - code };
}

/**
 * Heap readings after a forced GC: V8's used size, and a heap snapshot without compiled code. V8 keeps
 * compiling and optimising hot functions for many runs (bytecode, baseline and optimised code all live on
 * the JS heap), so between run 5 and run 200 the used size grows by that warm-up alone; the budget is on
 * what the page keeps (objects, strings, DOM wrappers), where a leak would show.
 */
async function heapReadings(page, cdp) {
    const used = [];
    const withoutCode = [];
    for (let index = 0; index < HEAP_READINGS; index += 1) {
        // Twice: objects with finalizers or weak references are freed only by a second full collection.
        await page.evaluate(() => {
            window.gc();
            window.gc();
        });
        used.push((await cdp.send("Runtime.getHeapUsage")).usedSize);
        withoutCode.push((await heapSnapshotSizes(cdp)).withoutCode);
    }
    return { used, withoutCode };
}

async function measureSteadiness({ context, controlUrl, received, log }) {
    log(`steadiness: ${STEADY_TOTAL} runs in one page, heap after forced GC at ${STEADY_FIRST} and ${STEADY_TOTAL} …`);
    const page = await context.newPage();
    try {
        await page.goto(controlUrl);
        await page.waitForSelector("body[data-ready=true]");
        const cdp = await context.newCDPSession(page);
        await cdp.send("HeapProfiler.enable");
        received.length = 0;
        await runInPage(page, STEADY_FIRST);
        const after5 = await heapReadings(page, cdp);
        await runInPage(page, STEADY_TOTAL - STEADY_FIRST);
        const after200 = await heapReadings(page, cdp);
        if (received.length !== STEADY_TOTAL)
            throw new Error(`steadiness: ${received.length} flow runs for ${STEADY_TOTAL} clicks`);
        return { after5, after200 };
    } finally {
        await page.close();
    }
}

/**
 * @param {object} options
 * @param {{ startLocalStack: Function, startFormHost: Function, launchLocalBrowser: Function }} options.localStack
 * @param {Set<string>} options.groups which of load, click, steadiness to run
 * @returns {Promise<Record<string, number[]>>}
 */
export async function measureInBrowser({ localStack, groups, log }) {
    const received = [];
    const answer = {
        kind: "respond",
        status: 200,
        body: (run) => {
            received.push({ at: nodeNow(), run });
            return { message: "ok" };
        },
    };
    const stack = await localStack.startLocalStack({
        flows: { "bench-entra": { mode: "Tenant", behavior: answer } },
    });
    const cleanup = [() => stack.close()];
    try {
        const scenario = stack.scenario({
            controls: [
                {
                    id: "bench",
                    label: "Benchmark",
                    field: "ftc_flowstatus",
                    properties: stack.entraProperties("bench-entra", { buttonLabel: "Run flow", payloadFields: "*" }),
                },
            ],
        });
        stack.host.setScenario(scenario);
        const baselineHost = await localStack.startFormHost({
            tls: stack.certificate,
            bundleDir: BASELINE_DIR,
            scenario,
        });
        cleanup.push(() => baselineHost.close());
        const pageServer = await startPageServer();
        cleanup.push(() => pageServer.close());
        const browser = await localStack.launchLocalBrowser({ extraArgs: ["--js-flags=--expose-gc"] });
        cleanup.push(() => browser.close());

        const figures = {};
        if (groups.has("load")) {
            const load = await measureLoad({
                newContext: browser.newContext,
                controlUrl: stack.host.url,
                baselineUrl: baselineHost.url,
                log,
            });
            figures["load.control"] = load.control;
            figures["load.baseline"] = load.baseline;
            figures["load.ratio"] = pairedRatios(load.control, load.baseline);
        }
        if (groups.has("click")) {
            const click = await measureClicks({
                context: browser.context,
                stack,
                controlUrl: stack.host.url,
                pageServer,
                received,
                log,
            });
            figures["click.control"] = click.pressed.control;
            figures["click.baseline"] = click.pressed.baseline;
            figures["click.ratio"] = pairedRatios(click.pressed.control, click.pressed.baseline);
            figures["click.instant.control"] = click.instant.control;
            figures["click.instant.baseline"] = click.instant.baseline;
            figures["click.instant.ratio"] = pairedRatios(click.instant.control, click.instant.baseline);
        }
        if (groups.has("steadiness")) {
            const heap = await measureSteadiness({
                context: browser.context,
                controlUrl: stack.host.url,
                received,
                log,
            });
            const growth = (after, before) => pairedRatios(after, before).map((ratio) => (ratio - 1) * 100);
            figures["heap.after5"] = heap.after5.withoutCode;
            figures["heap.after200"] = heap.after200.withoutCode;
            figures["heap.growth"] = growth(heap.after200.withoutCode, heap.after5.withoutCode);
            figures["heap.usedGrowth"] = growth(heap.after200.used, heap.after5.used);
        }
        return figures;
    } finally {
        for (const close of cleanup.reverse()) await close().catch(() => undefined);
    }
}
