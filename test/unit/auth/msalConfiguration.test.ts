import { CacheLookupPolicy, LogLevel, PublicClientApplication } from "@azure/msal-browser";
import {
    buildMsalConfiguration,
    IFRAME_BRIDGE_TIMEOUT_MS,
    POPUP_BRIDGE_TIMEOUT_MS,
} from "../../../FlowTriggerControl/auth/msalConfiguration";
import { createTokenProvider } from "../../../FlowTriggerControl/auth/tokenProvider";
import { UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import { account, TENANT, uniqueSettings, USER_OID } from "./fakeMsalClient";

/** The local Entra emulator's shape: a custom authority on 127.0.0.1. */
const EMULATOR = `https://127.0.0.1:8443/${TENANT}`;

function discoveryDocument(base: string): Response {
    return new Response(
        JSON.stringify({
            issuer: `${base}/v2.0`,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            token_endpoint: `${base}/oauth2/v2.0/token`,
            end_session_endpoint: `${base}/oauth2/v2.0/logout`,
            jwks_uri: `${base}/discovery/v2.0/keys`,
        }),
        { status: 200, headers: { "content-type": "application/json" } },
    );
}

afterEach(() => {
    jest.restoreAllMocks();
});

describe("the configuration object", () => {
    it("uses sessionStorage, short bridge timeouts and no PII logging", () => {
        const config = buildMsalConfiguration(uniqueSettings());

        expect(config.cache?.cacheLocation).toBe("sessionStorage");
        expect(config.system?.popupBridgeTimeout).toBe(POPUP_BRIDGE_TIMEOUT_MS);
        expect(POPUP_BRIDGE_TIMEOUT_MS).toBeLessThan(60_000);
        expect(config.system?.iframeBridgeTimeout).toBe(IFRAME_BRIDGE_TIMEOUT_MS);
        expect(config.system?.navigatePopups).toBe(true);
        expect(config.system?.loggerOptions?.piiLoggingEnabled).toBe(false);
        expect(config.system?.loggerOptions?.logLevel).toBe(LogLevel.Warning);
        expect(config.auth.postLogoutRedirectUri).toBeNull();
    });

    it("trusts only a custom authority's own host, with its port; Microsoft hosts need no entry", () => {
        const custom = buildMsalConfiguration(uniqueSettings({ authority: `${EMULATOR}/`, authorityIsCustom: true }));
        expect(custom.auth.knownAuthorities).toEqual(["127.0.0.1:8443"]);
        expect(custom.auth.authority).toBe(EMULATOR);

        const microsoft = buildMsalConfiguration(uniqueSettings());
        expect(microsoft.auth.knownAuthorities).toEqual([]);
        expect(microsoft.auth.authority).toBe(`https://login.microsoftonline.com/${TENANT}`);
    });

    it("gives MSAL no log callback, so none of its lines (PII-flagged or not) leaves MSAL", () => {
        const loggerOptions = buildMsalConfiguration(uniqueSettings()).system?.loggerOptions;
        expect(loggerOptions).toEqual({ piiLoggingEnabled: false, logLevel: LogLevel.Warning });
        expect(loggerOptions?.loggerCallback).toBeUndefined();
    });
});

describe("the real msal-browser 5.30.0 client", () => {
    it("accepts the configuration for a Microsoft authority and needs no network for metadata", async () => {
        const fetchSpy = jest.spyOn(globalThis, "fetch");
        const consoleSpies = {
            error: jest.spyOn(console, "error"),
            warn: jest.spyOn(console, "warn"),
            info: jest.spyOn(console, "info"),
            log: jest.spyOn(console, "log"),
            debug: jest.spyOn(console, "debug"),
        };
        const settings = uniqueSettings({ redirectUri: "http://localhost/SignInRedirect.html" });
        const pca = new PublicClientApplication(buildMsalConfiguration(settings));

        await expect(pca.initialize()).resolves.toBeUndefined();
        expect(pca.getConfiguration().cache.cacheLocation).toBe("sessionStorage");
        // Cache and refresh token only: no hidden iframe in jsdom.
        await expect(
            pca.acquireTokenSilent({
                scopes: [settings.scope],
                account: account(),
                cacheLookupPolicy: CacheLookupPolicy.AccessTokenAndRefreshToken,
            }),
        ).rejects.toMatchObject({ errorCode: "no_tokens_found" });
        expect(fetchSpy).not.toHaveBeenCalled();
        // MSAL logged that failure to its logger; without a callback of ours none of it reached the console.
        for (const method of ["error", "warn", "info", "log", "debug"] as const) {
            expect(consoleSpies[method]).not.toHaveBeenCalled();
        }
    });

    it("with a custom authority (the local emulator), talks to that host only and opens the window inside the click", async () => {
        const contacted: string[] = [];
        jest.spyOn(globalThis, "fetch").mockImplementation((input) => {
            const url = input instanceof Request ? input.url : String(input);
            contacted.push(url);
            return url === `${EMULATOR}/v2.0/.well-known/openid-configuration`
                ? Promise.resolve(discoveryDocument(EMULATOR))
                : Promise.reject(new TypeError("unexpected request"));
        });
        // jsdom cannot open windows: null is what a popup blocker gives.
        const open = jest.spyOn(window, "open").mockImplementation(() => null);
        const setActiveAccount = jest.spyOn(PublicClientApplication.prototype, "setActiveAccount");
        const settings = uniqueSettings({
            authority: EMULATOR,
            authorityIsCustom: true,
            redirectUri: "http://localhost/SignInRedirect.html",
        });
        // No login hint and no cached account: prepare() learns that a window is needed without any request.
        const provider = createTokenProvider(settings, { objectId: USER_OID });

        await provider.prepare();
        expect(contacted).toEqual([]);

        const pending = provider.getToken();
        expect(open).toHaveBeenCalledTimes(1);
        expect(open.mock.calls[0][0]).toBe("about:blank");

        const error: unknown = await pending.then(
            () => undefined,
            (reason: unknown) => reason,
        );
        expect(error).toBeInstanceOf(UserFacingError);
        expect((error as UserFacingError).userMessage).toEqual({ key: "Auth_PopupBlocked" });
        // Endpoints come from the emulator's discovery document; nothing goes to a Microsoft host.
        expect(contacted).toContain(`${EMULATOR}/v2.0/.well-known/openid-configuration`);
        expect(contacted.every((url) => url.startsWith("https://127.0.0.1:8443/"))).toBe(true);
        expect(setActiveAccount).not.toHaveBeenCalled();
    });
});
