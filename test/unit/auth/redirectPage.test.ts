/* eslint-disable @microsoft/power-apps/use-cached-webresource -- a redirect URI must be the stable, uncached /WebResources/ address registered in Entra. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
    defaultRedirectUri,
    SIGNIN_REDIRECT_FOLDER,
    SIGNIN_REDIRECT_PAGE,
    signInWebResourceName,
} from "../../../FlowTriggerControl/auth/redirectPage";

const ROOT = join(__dirname, "..", "..", "..");
const PAGE_PATH = join(ROOT, "FlowTriggerControl", "auth", "redirect", SIGNIN_REDIRECT_PAGE);
/** The packaging list: the web resources of Solutions/solution.config.json, named <folder>/<file>. */
const webResources = (
    JSON.parse(readFileSync(join(ROOT, "Solutions", "solution.config.json"), "utf8")) as {
        webResources: { name: string; source: string }[];
    }
).webResources.map((entry) => ({
    folder: entry.name.slice(0, entry.name.lastIndexOf("/")),
    fileName: entry.name.slice(entry.name.lastIndexOf("/") + 1),
    source: entry.source,
}));

function sourceOf(fileName: string): string {
    const file = webResources.find((entry) => entry.fileName === fileName);
    if (file === undefined) {
        throw new Error(`${fileName} is not in the solution's web resources`);
    }
    return readFileSync(join(ROOT, file.source), "utf8");
}

function parsePage(): Document {
    return new DOMParser().parseFromString(readFileSync(PAGE_PATH, "utf8"), "text/html");
}

describe("defaultRedirectUri", () => {
    it("is the sign-in web resource on the org's origin", () => {
        expect(defaultRedirectUri("https://contoso.crm4.dynamics.com", "ftc")).toBe(
            "https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
        );
    });

    it("ignores a trailing slash or path and keeps a non-default port", () => {
        expect(defaultRedirectUri("https://contoso.crm.dynamics.com/", "ftc")).toBe(
            "https://contoso.crm.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
        );
        expect(defaultRedirectUri("https://127.0.0.1:8444/main.aspx?appid=1", "ftc")).toBe(
            "https://127.0.0.1:8444/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
        );
    });

    it("allows http only on loopback (local tests)", () => {
        expect(defaultRedirectUri("http://localhost:8181", "ftc")).toBe(
            "http://localhost:8181/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
        );
        expect(() => defaultRedirectUri("http://contoso.crm.dynamics.com", "ftc")).toThrow(RangeError);
    });

    it.each(["", "f", "1ab", "toolongprefix", "ft-c", "ftc_"])("rejects the publisher prefix %p", (prefix) => {
        expect(() => defaultRedirectUri("https://contoso.crm.dynamics.com", prefix)).toThrow(RangeError);
    });

    it("uses the prefix of Solutions/solution.config.json in the documented example", () => {
        const config = JSON.parse(readFileSync(join(ROOT, "Solutions", "solution.config.json"), "utf8")) as {
            publisher: { prefix: string };
        };
        expect(signInWebResourceName(config.publisher.prefix)).toBe(
            `${config.publisher.prefix}_/FlowTriggerControl/SignInRedirect.html`,
        );
    });
});

describe("the packaging list (solution.config.json webResources)", () => {
    it("matches redirectPage.ts and the page's own script references, and every source exists", () => {
        expect(new Set(webResources.map((file) => file.folder))).toEqual(new Set([SIGNIN_REDIRECT_FOLDER]));
        // The sign-in page's three files, the command-bar library (build output: out/command/), then the setup
        // page with its script (build output: out/setup/) and style sheet.
        expect(webResources.map((file) => file.fileName)).toEqual([
            SIGNIN_REDIRECT_PAGE,
            "MsalRedirectBridge.js",
            "SignInRedirect.js",
            "FlowTriggerCommand.js",
            "Setup.html",
            "Setup.js",
            "Setup.css",
        ]);
        expect(webResources[3].source).toBe("out/command/FlowTriggerCommand.js");
        expect(webResources[5].source).toBe("out/setup/Setup.js");
        const scripts = Array.from(parsePage().querySelectorAll("script")).map((script) => script.getAttribute("src"));
        expect(scripts).toEqual(["MsalRedirectBridge.js", "SignInRedirect.js"]);
        for (const file of webResources.filter((entry) => !entry.source.startsWith("out/"))) {
            expect(sourceOf(file.fileName).length).toBeGreaterThan(0);
        }
    });

    it("names every web resource as documented: letters, digits, periods, single slashes (the redirect URI depends on it)", () => {
        for (const file of webResources) {
            expect(`${file.folder}/${file.fileName}`).toMatch(/^[A-Za-z0-9.]+(\/[A-Za-z0-9.]+)*$/);
        }
    });

    it("ships the redirect bridge of the installed msal-browser 5.30.0, which defines msalRedirectBridge", () => {
        const bridge = sourceOf("MsalRedirectBridge.js");
        expect(bridge).toContain("@azure/msal-browser v5.30.0");
        expect(bridge).toContain(".msalRedirectBridge=");
        expect(bridge).toContain("broadcastResponseToMainFrame");
    });
});

describe("the sign-in page", () => {
    it("works under a strict Content Security Policy: no inline script, style or event handler", () => {
        const page = parsePage();
        for (const script of Array.from(page.querySelectorAll("script"))) {
            // A sibling web resource, named as Microsoft documents names: letters, digits and periods.
            expect(script.getAttribute("src")).toMatch(/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*\.js$/);
            expect(script.textContent?.trim()).toBe("");
        }
        expect(page.querySelectorAll("style, [style], link[rel=stylesheet]")).toHaveLength(0);
        const handlers = Array.from(page.querySelectorAll("*")).flatMap((element) =>
            element.getAttributeNames().filter((name) => name.startsWith("on")),
        );
        expect(handlers).toEqual([]);
    });

    it("shows one short neutral sentence, English unless the browser's language is German or French", () => {
        const texts = Array.from(parsePage().querySelectorAll("[data-signin-text]"));
        expect(texts.map((text) => text.getAttribute("lang"))).toEqual(["en", "de", "fr"]);
        expect(texts.filter((text) => !text.hasAttribute("hidden")).map((text) => text.textContent)).toEqual([
            "Signing you in… you can close this window.",
        ]);
    });
});

describe("the sign-in page running in a browser (jsdom)", () => {
    const originalUrl = window.location.href;
    let close: jest.SpyInstance;
    let scriptErrors: unknown[];
    const onError = (event: ErrorEvent): void => {
        scriptErrors.push(event.error ?? event.message);
    };

    /** Loads the page's body and runs its scripts in order, as classic scripts, like the browser does. */
    function runPage(): void {
        const page = parsePage();
        document.documentElement.setAttribute("lang", "en");
        document.body.innerHTML = page.body.innerHTML; // scripts inserted this way do not run
        for (const src of Array.from(page.querySelectorAll("script")).map(
            (script) => script.getAttribute("src") ?? "",
        )) {
            const script = document.createElement("script");
            script.textContent = sourceOf(src);
            document.body.appendChild(script);
        }
    }

    function nextMessage(channelName: string): { received: Promise<unknown>; stop: () => void } {
        const channel = new BroadcastChannel(channelName);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const received = new Promise<unknown>((resolve, reject) => {
            channel.onmessage = (event: MessageEvent): void => resolve(event.data);
            timer = setTimeout(() => reject(new Error("no message from the bridge")), 5000);
        });
        return {
            received,
            stop: () => {
                clearTimeout(timer);
                channel.close();
            },
        };
    }

    beforeEach(() => {
        scriptErrors = [];
        window.addEventListener("error", onError);
        // jsdom's close() would tear down the test window.
        close = jest.spyOn(window, "close").mockImplementation(() => undefined);
    });

    afterEach(() => {
        window.removeEventListener("error", onError);
        jest.restoreAllMocks();
        window.history.replaceState(null, "", originalUrl);
    });

    it("hands Entra's answer to the waiting form over a BroadcastChannel, clears it from the URL and closes the window", async () => {
        const state = Buffer.from(
            JSON.stringify({ id: "bridge-test-channel", meta: { interactionType: "popup" } }),
        ).toString("base64url");
        const answer = `code=auth-code-123&client_info=abc&state=${state}`;
        window.history.replaceState(null, "", `/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html#${answer}`);
        const listener = nextMessage("bridge-test-channel");

        try {
            runPage();
            await expect(listener.received).resolves.toEqual({ v: 1, payload: answer });
        } finally {
            listener.stop();
        }
        expect(window.location.hash).toBe("");
        expect(window.location.pathname).toBe("/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html");
        expect(close).toHaveBeenCalled();
        expect(scriptErrors).toEqual([]);
    });

    it("switches the sentence to the browser's language", () => {
        jest.spyOn(window.navigator, "languages", "get").mockReturnValue(["de-DE", "en"]);
        window.history.replaceState(null, "", "/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html");

        runPage();

        const visible = Array.from(document.querySelectorAll("[data-signin-text]")).filter(
            (text) => !(text as HTMLElement).hidden,
        );
        expect(visible.map((text) => text.getAttribute("lang"))).toEqual(["de"]);
        expect(document.documentElement.getAttribute("lang")).toBe("de");
    });

    it("opened by hand (no answer in the URL), does nothing and raises no error", async () => {
        window.history.replaceState(null, "", "/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html");

        runPage();
        await new Promise((resolve) => setTimeout(resolve, 0));

        expect(close).not.toHaveBeenCalled();
        expect(scriptErrors).toEqual([]);
        expect(document.body.textContent).toContain("Signing you in");
    });
});
