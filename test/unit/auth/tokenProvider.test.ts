import {
    BrowserAuthError,
    InteractionRequiredAuthError,
    ServerError,
    type PopupRequest,
    type SilentRequest,
    type SsoSilentRequest,
} from "@azure/msal-browser";
import {
    createTokenProvider,
    type SignedInUser,
    type TokenProvider,
} from "../../../FlowTriggerControl/auth/tokenProvider";
import type { MsalClient } from "../../../FlowTriggerControl/auth/msalClientRegistry";
import type { FrameFacts } from "../../../FlowTriggerControl/auth/embeddedApp";
import type { EntraSettings } from "../../../FlowTriggerControl/auth/entraSettings";
import { UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import { deferred } from "../../support/deferred";
import {
    account,
    authResult,
    FakeMsalClient,
    OTHER_OID,
    OTHER_TENANT,
    TENANT,
    uniqueSettings,
    USER_OID,
    USER_UPN,
} from "./fakeMsalClient";

const USER: SignedInUser = { loginHint: USER_UPN, objectId: USER_OID };

function providerWith(
    fake: FakeMsalClient,
    user: SignedInUser = USER,
    settings: EntraSettings = uniqueSettings(),
): TokenProvider {
    return createTokenProvider(settings, user, { createClient: () => fake });
}

async function rejectionOf(promise: Promise<unknown>): Promise<UserFacingError> {
    try {
        await promise;
    } catch (error) {
        expect(error).toBeInstanceOf(UserFacingError);
        return error as UserFacingError;
    }
    throw new Error("expected a rejection");
}

const loginRequired = (): InteractionRequiredAuthError =>
    new InteractionRequiredAuthError("login_required", "", "AADSTS50058: no session");

describe("silent sign-in", () => {
    it("returns the cached account's token without any window", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.resolve(authResult("token-from-cache"));
        const settings = uniqueSettings();

        await expect(providerWith(fake, USER, settings).getToken()).resolves.toBe("token-from-cache");

        const [request] = fake.requests<SilentRequest>("acquireTokenSilent");
        expect(request.account?.localAccountId).toBe(USER_OID);
        expect(request.scopes).toEqual([settings.scope]);
        expect(request.forceRefresh).toBe(false);
        expect(fake.count("ssoSilent")).toBe(0);
        expect(fake.count("acquireTokenPopup")).toBe(0);
    });

    it("picks the account by object ID, ignoring other users and other tenants", async () => {
        const fake = new FakeMsalClient();
        const sameUserOtherTenant = account({ tenantId: OTHER_TENANT, homeAccountId: `${USER_OID}.${OTHER_TENANT}` });
        const otherUser = account({
            localAccountId: OTHER_OID,
            username: "bob@contoso.example",
            homeAccountId: `${OTHER_OID}.${TENANT}`,
        });
        const mine = account();
        fake.accounts = [sameUserOtherTenant, otherUser, mine];
        fake.silent = () => Promise.resolve(authResult("t"));

        await providerWith(fake).getToken();

        expect(fake.requests<SilentRequest>("acquireTokenSilent")[0].account).toBe(mine);
    });

    it("falls back to the sign-in name (any letter case) when the object ID is unknown", async () => {
        const fake = new FakeMsalClient();
        const otherTenant = account({ tenantId: OTHER_TENANT, localAccountId: OTHER_OID });
        const mine = account();
        fake.accounts = [otherTenant, mine];
        fake.silent = () => Promise.resolve(authResult("t"));

        await providerWith(fake, { loginHint: "ADA@Contoso.Example" }).getToken();

        expect(fake.requests<SilentRequest>("acquireTokenSilent")[0].account).toBe(mine);
    });

    it("never uses an account of another user or tenant; asks Entra silently with the login hint instead", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account({ tenantId: OTHER_TENANT }), account({ localAccountId: OTHER_OID })];
        fake.sso = () => Promise.resolve(authResult("from-sso"));
        const settings = uniqueSettings();

        await expect(providerWith(fake, USER, settings).getToken()).resolves.toBe("from-sso");

        expect(fake.count("acquireTokenSilent")).toBe(0);
        const [request] = fake.requests<SsoSilentRequest>("ssoSilent");
        expect(request.loginHint).toBe(USER_UPN);
        expect(request.scopes).toEqual([settings.scope]);
        expect(request.redirectUri).toBe(settings.redirectUri);
    });

    it("without account and without login hint, skips ssoSilent (it would pick any browser session) and opens the window", async () => {
        const fake = new FakeMsalClient();
        fake.popup = () => Promise.resolve(authResult("from-popup"));

        await expect(providerWith(fake, { objectId: USER_OID }).getToken()).resolves.toBe("from-popup");

        expect(fake.count("ssoSilent")).toBe(0);
        expect(fake.count("acquireTokenPopup")).toBe(1);
    });

    it("when the host cannot say who the user is, reuses the account of the last sign-in window", async () => {
        const fake = new FakeMsalClient();
        fake.popup = () => {
            fake.accounts = [account()];
            return Promise.resolve(authResult("from-popup"));
        };
        fake.silent = () => Promise.resolve(authResult("silent-again"));
        const provider = providerWith(fake, {});

        await expect(provider.getToken()).resolves.toBe("from-popup");
        await expect(provider.getToken()).resolves.toBe("silent-again");

        expect(fake.count("acquireTokenPopup")).toBe(1);
        expect(fake.requests<SilentRequest>("acquireTokenSilent")[0].account?.homeAccountId).toBe(
            account().homeAccountId,
        );
    });

    it("passes forceRefresh through to MSAL", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.resolve(authResult("fresh"));

        await providerWith(fake).getToken({ forceRefresh: true });

        expect(fake.requests<SilentRequest>("acquireTokenSilent")[0].forceRefresh).toBe(true);
    });
});

describe("interactive sign-in", () => {
    it("opens the window only after silent sign-in says interaction is required", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.reject(loginRequired());
        fake.popup = () => Promise.resolve(authResult("from-popup"));
        const settings = uniqueSettings();

        await expect(providerWith(fake, USER, settings).getToken()).resolves.toBe("from-popup");

        const order = fake.calls
            .map((call) => call.method)
            .filter((method) => method === "acquireTokenSilent" || method === "acquireTokenPopup");
        expect(order).toEqual(["acquireTokenSilent", "acquireTokenPopup"]);
        const [request] = fake.requests<PopupRequest>("acquireTokenPopup");
        expect(request.loginHint).toBe(USER_UPN);
        expect(request.scopes).toEqual([settings.scope]);
        expect(request.redirectUri).toBe(settings.redirectUri);
        expect(request.prompt).toBeUndefined();
        expect(request.overrideInteractionInProgress).toBeUndefined();
    });

    it("does not open a window for failures a window cannot fix", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.reject(new BrowserAuthError("no_network_connectivity", ""));

        const error = await rejectionOf(providerWith(fake).getToken());

        expect(error.userMessage).toEqual({ key: "Auth_Network" });
        expect(fake.count("acquireTokenPopup")).toBe(0);
    });

    it("opens the window synchronously inside getToken when prepare() found interaction is needed", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        const popup = deferred<ReturnType<typeof authResult>>();
        fake.popup = () => popup.promise;
        const provider = providerWith(fake);
        await provider.prepare();
        expect(fake.count("acquireTokenPopup")).toBe(0);
        const silentCallsBefore = fake.count("ssoSilent") + fake.count("acquireTokenSilent");

        const pending = provider.getToken();
        // Counted before any await or microtask: the window was opened inside the click.
        const popupsWhenGetTokenReturned = fake.count("acquireTokenPopup");
        const silentCallsDuringClick = fake.count("ssoSilent") + fake.count("acquireTokenSilent") - silentCallsBefore;
        popup.resolve(authResult("interactive"));

        await expect(pending).resolves.toBe("interactive");
        expect(popupsWhenGetTokenReturned).toBe(1);
        expect(silentCallsDuringClick).toBe(0);
    });

    it("after a successful window, the next click is silent again", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        fake.popup = () => {
            fake.accounts = [account()];
            return Promise.resolve(authResult("interactive"));
        };
        fake.silent = () => Promise.resolve(authResult("silent"));
        const provider = providerWith(fake);
        await provider.prepare();

        await expect(provider.getToken()).resolves.toBe("interactive");
        await expect(provider.getToken()).resolves.toBe("silent");
        expect(fake.count("acquireTokenPopup")).toBe(1);
    });

    it.each([
        ["InteractionRequiredAuthError", (): Error => new InteractionRequiredAuthError("interaction_required", "")],
        ["login_required", (): Error => loginRequired()],
        ["consent_required", (): Error => new InteractionRequiredAuthError("consent_required", "", "AADSTS65001")],
        ["no_account_error", (): Error => new BrowserAuthError("no_account_error", "")],
        ["timed_out (silent iframe)", (): Error => new BrowserAuthError("timed_out", "", "redirect_bridge_timeout")],
    ])("prepare() never opens a window and remembers interaction is needed: %s", async (_name, makeError) => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.reject(makeError());
        fake.popup = () => Promise.resolve(authResult("interactive"));
        const provider = providerWith(fake);

        await expect(provider.prepare()).resolves.toBeUndefined();
        expect(fake.count("acquireTokenPopup")).toBe(0);

        const pending = provider.getToken();
        expect(fake.count("acquireTokenPopup")).toBe(1);
        await expect(pending).resolves.toBe("interactive");
    });

    it("prepare() never rejects, even when the client cannot initialize or the network is down", async () => {
        const broken = new FakeMsalClient();
        broken.initializeResult = Promise.reject(new BrowserAuthError("crypto_nonexistent", ""));
        await expect(providerWith(broken).prepare()).resolves.toBeUndefined();

        const offline = new FakeMsalClient();
        offline.accounts = [account()];
        offline.silent = () => Promise.reject(new BrowserAuthError("no_network_connectivity", ""));
        const provider = providerWith(offline);
        await expect(provider.prepare()).resolves.toBeUndefined();
        // A network failure is not "interaction needed": the click tries silently again.
        offline.silent = () => Promise.resolve(authResult("back-online"));
        await expect(provider.getToken()).resolves.toBe("back-online");
        expect(offline.count("acquireTokenPopup")).toBe(0);
    });

    it("retries a stale interaction_in_progress lock once with overrideInteractionInProgress", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        let attempts = 0;
        fake.popup = () => {
            attempts += 1;
            return attempts === 1
                ? Promise.reject(new BrowserAuthError("interaction_in_progress", ""))
                : Promise.resolve(authResult("after-override"));
        };

        await expect(providerWith(fake).getToken()).resolves.toBe("after-override");

        const requests = fake.requests<PopupRequest>("acquireTokenPopup");
        expect(requests).toHaveLength(2);
        expect(requests[0].overrideInteractionInProgress).toBeUndefined();
        expect(requests[1].overrideInteractionInProgress).toBe(true);
    });

    it("overrides the lock only once, then tells the user a sign-in is already in progress", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        fake.popup = () => Promise.reject(new BrowserAuthError("interaction_in_progress", ""));

        const error = await rejectionOf(providerWith(fake).getToken());

        expect(error.userMessage).toEqual({ key: "Auth_InteractionInProgress" });
        expect(fake.count("acquireTokenPopup")).toBe(2);
    });

    it("a window blocked after silent sign-in asks to click again, and the next click opens it synchronously", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.reject(loginRequired());
        fake.popup = () => Promise.reject(new BrowserAuthError("popup_window_error", ""));
        const provider = providerWith(fake);

        const first = await rejectionOf(provider.getToken());
        expect(first.userMessage).toEqual({ key: "Auth_SignInNeeded" });
        expect(first.code).toBe("popup_window_error");

        fake.popup = () => Promise.resolve(authResult("second-click"));
        const silentBefore = fake.count("acquireTokenSilent");
        const second = provider.getToken();
        expect(fake.count("acquireTokenPopup")).toBe(2);
        expect(fake.count("acquireTokenSilent")).toBe(silentBefore);
        await expect(second).resolves.toBe("second-click");
    });

    it("a window blocked although opened inside the click asks to allow pop-ups", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        fake.popup = () => Promise.reject(new BrowserAuthError("empty_window_error", ""));
        const provider = providerWith(fake);
        await provider.prepare();

        const error = await rejectionOf(provider.getToken());

        expect(error.userMessage).toEqual({ key: "Auth_PopupBlocked" });
    });

    it.each([
        ["user_cancelled", (): Error => new BrowserAuthError("user_cancelled", ""), "Auth_SignInCancelled"],
        [
            "timed_out (window closed)",
            (): Error => new BrowserAuthError("timed_out", "", "redirect_bridge_timeout"),
            "Auth_SignInTimedOut",
        ],
        [
            "access_denied",
            (): Error => new ServerError("access_denied", "", "AADSTS65004: User declined to consent", "", "65004"),
            "Auth_ConsentRequired",
        ],
    ])(
        "a failed window (%s) maps to its message and the next click reopens it at once",
        async (_name, makeError, key) => {
            const fake = new FakeMsalClient();
            fake.sso = () => Promise.reject(loginRequired());
            fake.popup = () => Promise.reject(makeError());
            const provider = providerWith(fake);
            await provider.prepare();

            const error = await rejectionOf(provider.getToken());
            expect(error.userMessage.key).toBe(key);

            fake.popup = () => Promise.resolve(authResult("retry"));
            const retry = provider.getToken();
            expect(fake.count("acquireTokenPopup")).toBe(2);
            await expect(retry).resolves.toBe("retry");
        },
    );

    it("refuses a token of another account and shows the account picker next time", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        const secret = "eyJ-OTHER-USERS-SECRET-TOKEN";
        fake.popup = () =>
            Promise.resolve(
                authResult(secret, account({ localAccountId: OTHER_OID, username: "bob@contoso.example" })),
            );
        const provider = providerWith(fake);
        await provider.prepare();

        const error = await rejectionOf(provider.getToken());
        expect(error.userMessage).toEqual({ key: "Auth_WrongAccount" });
        expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(secret);

        fake.popup = () => Promise.resolve(authResult("right-user"));
        const retry = provider.getToken();
        expect(fake.requests<PopupRequest>("acquireTokenPopup")[1].prompt).toBe("select_account");
        await expect(retry).resolves.toBe("right-user");
    });
});

describe("sharing", () => {
    it("two controls with the same client ID and authority share one client, initialized once", async () => {
        const settings = uniqueSettings();
        const created: FakeMsalClient[] = [];
        const createClient = (): MsalClient => {
            const fake = new FakeMsalClient();
            fake.accounts = [account()];
            fake.silent = () => Promise.resolve(authResult("shared"));
            created.push(fake);
            return fake;
        };
        const first = createTokenProvider(settings, USER, { createClient });
        const second = createTokenProvider(
            {
                ...settings,
                clientId: settings.clientId.toUpperCase(),
                authority: `${settings.authority.toUpperCase()}/`,
            },
            USER,
            { createClient },
        );

        await Promise.all([first.prepare(), second.prepare()]);
        await expect(second.getToken()).resolves.toBe("shared");

        expect(created).toHaveLength(1);
        expect(created[0].count("initialize")).toBe(1);
    });

    it("a different client ID or authority gets its own client", async () => {
        const settings = uniqueSettings();
        const created: FakeMsalClient[] = [];
        const createClient = (): MsalClient => {
            const fake = new FakeMsalClient();
            created.push(fake);
            return fake;
        };
        await createTokenProvider(settings, USER, { createClient }).prepare();
        await createTokenProvider(uniqueSettings({ authority: settings.authority }), USER, { createClient }).prepare();
        await createTokenProvider({ ...settings, authority: `https://login.microsoftonline.us/${TENANT}` }, USER, {
            createClient,
        }).prepare();

        expect(created).toHaveLength(3);
        expect(created.every((fake) => fake.count("initialize") === 1)).toBe(true);
    });

    it("concurrent requests for the same scope make one MSAL request", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        const silent = deferred<ReturnType<typeof authResult>>();
        fake.silent = () => silent.promise;
        const settings = uniqueSettings();
        const buttonA = providerWith(fake, USER, settings);
        const buttonB = providerWith(fake, USER, settings);

        const all = Promise.all([buttonA.prepare(), buttonA.getToken(), buttonB.getToken(), buttonB.getToken()]);
        await new Promise((resolve) => setTimeout(resolve, 0)); // every caller has reached MSAL by now
        silent.resolve(authResult("one"));
        const [, a, b1, b2] = await all;

        expect([a, b1, b2]).toEqual(["one", "one", "one"]);
        expect(fake.count("acquireTokenSilent")).toBe(1);
    });

    it("concurrent clicks that need a window share one window", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        const popup = deferred<ReturnType<typeof authResult>>();
        fake.popup = () => popup.promise;
        const settings = uniqueSettings();
        const buttonA = providerWith(fake, USER, settings);
        const buttonB = providerWith(fake, USER, settings);
        await buttonA.prepare();

        const a = buttonA.getToken();
        const b = buttonB.getToken();
        const popupsBeforeAnswer = fake.count("acquireTokenPopup");
        popup.resolve(authResult("one-window"));

        await expect(Promise.all([a, b])).resolves.toEqual(["one-window", "one-window"]);
        expect(popupsBeforeAnswer).toBe(1);
        expect(fake.count("acquireTokenPopup")).toBe(1);
    });

    it("only one sign-in window per page, across clients", async () => {
        const first = new FakeMsalClient();
        first.sso = () => Promise.reject(loginRequired());
        const popup = deferred<ReturnType<typeof authResult>>();
        first.popup = () => popup.promise;
        const second = new FakeMsalClient();
        second.sso = () => Promise.reject(loginRequired());
        second.popup = () => Promise.resolve(authResult("second"));
        const providerOne = providerWith(first);
        const providerTwo = providerWith(second);
        await Promise.all([providerOne.prepare(), providerTwo.prepare()]);

        const one = providerOne.getToken();
        const whileFirstIsOpen = providerTwo.getToken().then(
            () => undefined,
            (reason: unknown) => reason,
        );
        const secondPopupsWhileFirstIsOpen = second.count("acquireTokenPopup");
        popup.resolve(authResult("first"));

        await expect(one).resolves.toBe("first");
        expect(await whileFirstIsOpen).toMatchObject({ userMessage: { key: "Auth_InteractionInProgress" } });
        expect(secondPopupsWhileFirstIsOpen).toBe(0);
        // Once the first window is done, the second control may open its own.
        await expect(providerTwo.getToken()).resolves.toBe("second");
    });

    it("a client that failed to initialize is created again on the next call", async () => {
        const settings = uniqueSettings();
        let creations = 0;
        const createClient = (): MsalClient => {
            creations += 1;
            const fake = new FakeMsalClient();
            if (creations === 1) {
                fake.initializeResult = Promise.reject(new BrowserAuthError("crypto_nonexistent", ""));
            }
            fake.accounts = [account()];
            fake.silent = () => Promise.resolve(authResult("second-try"));
            return fake;
        };
        const provider = createTokenProvider(settings, USER, { createClient });

        const error = await rejectionOf(provider.getToken());
        expect(error.userMessage).toEqual({ key: "Auth_BrowserUnsupported", args: ["crypto_nonexistent"] });
        await expect(provider.getToken()).resolves.toBe("second-try");
        expect(creations).toBe(2);
    });
});

describe("hygiene", () => {
    it("never calls setActiveAccount, whatever the path", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.reject(loginRequired());
        fake.popup = () => Promise.resolve(authResult("t"));
        const provider = providerWith(fake);
        await provider.prepare();
        await provider.getToken();
        fake.silent = () => Promise.resolve(authResult("t2"));
        await provider.getToken({ forceRefresh: true });

        expect(fake.count("setActiveAccount")).toBe(0);
    });

    it("never puts a token (or an error's text) into the error it throws", async () => {
        const secret = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.SECRET";
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () =>
            Promise.reject(
                new ServerError("invalid_request", "", `AADSTS50020: user ${USER_UPN} token ${secret}`, "", "50020"),
            );

        const error = await rejectionOf(providerWith(fake).getToken());

        expect(error.userMessage).toEqual({ key: "Auth_UserNotInTenant", args: ["AADSTS50020"] });
        const everything = JSON.stringify({
            ...error,
            message: error.message,
            stack: error.stack,
            user: error.userMessage,
        });
        expect(everything).not.toContain(secret);
        expect(everything).not.toContain(USER_UPN);
    });

    it("an authority that is not a URL fails every click with a configuration message", async () => {
        const fake = new FakeMsalClient();
        const provider = providerWith(fake, USER, uniqueSettings({ authority: "not a url" }));

        await expect(provider.prepare()).resolves.toBeUndefined();
        const error = await rejectionOf(provider.getToken());

        expect(error.userMessage).toEqual({ key: "Auth_ConfigurationInvalid", args: ["invalid_authority"] });
        expect(fake.calls).toHaveLength(0);
    });
});

describe("inside a frame of another site", () => {
    const ORG = "https://contoso.crm4.dynamics.com";
    const PAGE = `${ORG}/main.aspx?appid=a1&pagetype=entityrecord&etn=account&id=r1`;
    const inTeams = (): FrameFacts => ({
        pageUrl: PAGE,
        ancestorOrigins: ["https://teams.microsoft.com"],
    });
    const embeddedProvider = (fake: FakeMsalClient, frame: () => FrameFacts = inTeams): TokenProvider =>
        createTokenProvider(uniqueSettings(), USER, { createClient: () => fake, frame });

    it("says at once that sign-in needs the app's own tab, with a link to the record, and opens no window", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.reject(loginRequired());
        fake.popup = () => Promise.resolve(authResult("never"));

        const error = await rejectionOf(embeddedProvider(fake).getToken());

        expect(error.code).toBe("embedded_app");
        expect(error.userMessage.key).toBe("Auth_EmbeddedApp");
        expect(error.userMessage.link).toEqual({ key: "Auth_OpenInOwnTab", href: PAGE });
        expect(fake.count("acquireTokenPopup")).toBe(0);
    });

    it("when a window is known to be needed, refuses inside the click, again on every click", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        const provider = embeddedProvider(fake);
        await provider.prepare();

        const first = provider.getToken();
        const second = provider.getToken();

        expect((await rejectionOf(first)).userMessage.key).toBe("Auth_EmbeddedApp");
        expect((await rejectionOf(second)).userMessage.key).toBe("Auth_EmbeddedApp");
        expect(fake.count("acquireTokenPopup")).toBe(0);
    });

    it("still returns a token that silent sign-in finds (cache, refresh token)", async () => {
        const fake = new FakeMsalClient();
        fake.accounts = [account()];
        fake.silent = () => Promise.resolve(authResult("from-cache"));

        await expect(embeddedProvider(fake).getToken()).resolves.toBe("from-cache");
    });

    it("in a frame of the app's own site, opens the window as usual", async () => {
        const fake = new FakeMsalClient();
        fake.sso = () => Promise.reject(loginRequired());
        fake.popup = () => Promise.resolve(authResult("from-popup"));
        const sameSite = (): FrameFacts => ({ ...inTeams(), ancestorOrigins: ["https://fabrikam.crm.dynamics.com"] });

        await expect(embeddedProvider(fake, sameSite).getToken()).resolves.toBe("from-popup");
        expect(fake.count("acquireTokenPopup")).toBe(1);
    });
});
