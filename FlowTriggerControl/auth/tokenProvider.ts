import { PublicClientApplication, type AuthenticationResult, type PopupRequest } from "@azure/msal-browser";
import type { EntraSettings } from "./entraSettings";
import { nonEmptyText } from "../contracts/plainData";
import { message, UserFacingError } from "../contracts/userMessage";
import { findSignedInAccount, type SignedInUser } from "./accountSelection";
import { isInteractionRequired, readAuthError } from "./authErrorCodes";
import { isCrossSiteFrame, type FrameFacts } from "./embeddedApp";
import { readFrameFacts } from "./frameFacts";
import { toUserFacingError } from "./authErrors";
import {
    activePageInteraction,
    getSharedClient,
    runPageInteraction,
    type CreateMsalClient,
    type MsalClient,
    type ScopeSession,
    type SharedClient,
} from "./msalClientRegistry";
import { buildMsalConfiguration } from "./msalConfiguration";

export type { SignedInUser } from "./accountSelection";

export interface TokenProvider {
    /**
     * Non-interactive warm-up (on load, and on the button's press). Never opens a window and never rejects;
     * remembers whether interaction will be needed, so the next click can open the sign-in window at once.
     * Resolves with the token when the silent sign-in succeeded, otherwise with undefined.
     */
    prepare(): Promise<string | undefined>;
    /**
     * Returns an access token for the flow scope. Call it synchronously from the click handler, before any
     * await: when interaction is known to be needed, the sign-in window is opened inside this call.
     * forceRefresh: after a 401/403 from the flow. Rejects with a UserFacingError only.
     */
    getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

export interface TokenProviderDeps {
    /** Creates the MSAL client; tests pass a fake. Default: a real PublicClientApplication. */
    readonly createClient?: CreateMsalClient;
    /** The page's frame, read when a sign-in window is needed; tests pass plain values. Default: this window's. */
    readonly frame?: () => FrameFacts;
}

const WRONG_ACCOUNT = "wrong_account";

/** What every step of one provider's sign-in asks for: the settings and the user (trimmed, none when empty). */
interface SignInRequest extends SignedInUser {
    readonly settings: EntraSettings;
    readonly frame: () => FrameFacts;
    /** What every MSAL request of this provider carries. */
    readonly msalRequest: { readonly scopes: string[]; readonly redirectUri: string };
}

/** A failure built here, shaped like MSAL's so the same code readers apply. */
function authFailure(errorCode: string): Error {
    return Object.assign(new Error(errorCode), { errorCode });
}

/** Calls acquireTokenPopup synchronously (the window opens inside the click); a throw becomes a rejection. */
function callPopup(client: MsalClient, request: PopupRequest): Promise<AuthenticationResult> {
    return new Promise((resolve) => resolve(client.acquireTokenPopup(request)));
}

/** The token of a result that belongs to the app's user; anything else is refused. */
function tokenOf(request: SignInRequest, result: AuthenticationResult): string {
    const accountId = nonEmptyText(result.account?.localAccountId);
    const { objectId } = request;
    if (objectId && accountId && accountId.toLowerCase() !== objectId.toLowerCase()) {
        throw authFailure(WRONG_ACCOUNT);
    }
    if (!result.accessToken) {
        throw authFailure("empty_response");
    }
    return result.accessToken;
}

function isWrongAccount(error: unknown): boolean {
    return readAuthError(error).errorCode === WRONG_ACCOUNT;
}

function needsWindow(error: unknown): boolean {
    return isInteractionRequired(error) || isWrongAccount(error);
}

/** The next click opens the sign-in window at once; with the account picker after another account's token. */
function needWindow(session: ScopeSession, error: unknown): void {
    session.interactionNeeded = true;
    session.selectAccount ||= isWrongAccount(error);
}

/** Step 1: the cached account (or the last window's), else Entra's session by login hint; never a window. */
async function acquireSilently(
    request: SignInRequest,
    client: MsalClient,
    session: ScopeSession,
    forceRefresh: boolean,
): Promise<string> {
    const { msalRequest, loginHint } = request;
    const windowAccountId = session.windowAccountId;
    const account =
        findSignedInAccount(client, request, request.settings.tenantId) ??
        (windowAccountId === undefined ? null : client.getAccount({ homeAccountId: windowAccountId }));
    if (account) {
        // Falls back to the refresh token, then to a hidden iframe; no separate ssoSilent needed.
        return tokenOf(request, await client.acquireTokenSilent({ ...msalRequest, account, forceRefresh }));
    }
    if (!loginHint) {
        // ssoSilent without a hint picks an arbitrary browser session (AADSTS16000): ask the user instead.
        throw authFailure("no_account_error");
    }
    return tokenOf(request, await client.ssoSilent({ ...msalRequest, loginHint }));
}

/** One silent attempt per scope at a time, shared by every caller (prepare, clicks, other controls). */
function silentOnce(
    request: SignInRequest,
    client: MsalClient,
    session: ScopeSession,
    forceRefresh: boolean,
): Promise<string> {
    const inFlight = session.silent.get(forceRefresh);
    if (inFlight) {
        return inFlight;
    }
    const attempt: Promise<string> = acquireSilently(request, client, session, forceRefresh)
        .then(
            (token) => {
                session.interactionNeeded = false;
                return token;
            },
            (error: unknown) => {
                if (needsWindow(error)) needWindow(session, error);
                throw error;
            },
        )
        // Settled: the next caller starts a fresh attempt. Only this attempt sits under its key until then.
        .finally(() => session.silent.delete(forceRefresh));
    session.silent.set(forceRefresh, attempt);
    return attempt;
}

/** How the window was opened (inside the click or after an await) decides what a blocked window means. */
function windowFailure(
    request: SignInRequest,
    error: unknown,
    session: ScopeSession,
    openedInClick: boolean,
): UserFacingError {
    // Whatever went wrong, the next click opens the window straight away.
    needWindow(session, error);
    const failure = toUserFacingError(error, request.settings.redirectUri);
    // Blocked although opened inside the click: the browser blocks pop-ups for the site. Opened after an
    // await, the click's permission may have lapsed: the next click opens it at once.
    return !openedInClick && failure.userMessage.key === "Auth_PopupBlocked"
        ? new UserFacingError(message("Auth_SignInNeeded"), failure.code)
        : failure;
}

/** Step 2: the sign-in window. The first acquireTokenPopup call happens synchronously, inside this call. */
function openSignInWindow(
    request: SignInRequest,
    client: MsalClient,
    session: ScopeSession,
    openedInClick: boolean,
): Promise<string> {
    const frame = request.frame();
    if (isCrossSiteFrame(frame)) {
        // The window could never answer (its channel is partitioned by top-level site): say so at once.
        const link = { key: "Auth_OpenInOwnTab", href: frame.pageUrl };
        return Promise.reject(new UserFacingError({ key: "Auth_EmbeddedApp", link }, "embedded_app"));
    }
    const other = activePageInteraction();
    if (other && other !== session) {
        return Promise.reject(toUserFacingError(authFailure("interaction_in_progress")));
    }
    return runPageInteraction(session, () => {
        const { msalRequest, loginHint } = request;
        const popupRequest: PopupRequest = {
            ...msalRequest,
            ...(loginHint ? { loginHint } : {}),
            // No prompt by default: the user already has an Entra session, so the window usually closes by itself.
            ...(session.selectAccount ? { prompt: "select_account" } : {}),
        };
        return callPopup(client, popupRequest)
            .catch((error: unknown) => {
                if (readAuthError(error).errorCode !== "interaction_in_progress") {
                    throw error;
                }
                // MSAL's page-wide interaction lock, left by an abandoned window (MSAL keeps it in
                // sessionStorage): take it over, once.
                // Our own windows never overlap (runPageInteraction), so this never pre-empts a live one of ours.
                return callPopup(client, { ...popupRequest, overrideInteractionInProgress: true });
            })
            .then((result) => {
                const token = tokenOf(request, result);
                session.interactionNeeded = false;
                session.selectAccount = false;
                session.windowAccountId = result.account?.homeAccountId;
                return token;
            })
            .catch((error: unknown) => {
                throw windowFailure(request, error, session, openedInClick);
            });
    });
}

/** The warm-up: silent only, and only when no window is known to be needed or open. */
async function prepareSilently(request: SignInRequest, sharedClient: () => SharedClient): Promise<string | undefined> {
    try {
        const entry = sharedClient();
        const client = await entry.ready;
        const session = entry.session(request.settings.scope);
        if (session.interactionNeeded || session.interactive) {
            return undefined;
        }
        return await silentOnce(request, client, session, false);
    } catch {
        // Remembered in the session when a window is needed; anything else is reported by the click.
        return undefined;
    }
}

/** The click: a window already open is shared; a known need opens one at once; else silent, then the window. */
function tokenForClick(
    request: SignInRequest,
    sharedClient: () => SharedClient,
    forceRefresh: boolean,
): Promise<string> {
    const entry = sharedClient();
    const session = entry.session(request.settings.scope);
    if (session.interactive) {
        return session.interactive;
    }
    const client = entry.initialized();
    if (client && session.interactionNeeded) {
        // No await before this line: the browser still counts the window as opened by the click.
        return openSignInWindow(request, client, session, /* openedInClick */ true);
    }
    return (async (): Promise<string> => {
        try {
            const ready = await entry.ready;
            try {
                return await silentOnce(request, ready, session, forceRefresh);
            } catch (error) {
                if (!needsWindow(error)) {
                    throw error;
                }
            }
            // Another caller may have opened the window meanwhile; share it.
            return session.interactive ?? openSignInWindow(request, ready, session, /* openedInClick */ false);
        } catch (error) {
            throw toUserFacingError(error, request.settings.redirectUri);
        }
    })();
}

export function createTokenProvider(
    settings: EntraSettings,
    user: SignedInUser,
    deps?: TokenProviderDeps,
): TokenProvider {
    const createClient: CreateMsalClient = deps?.createClient ?? ((config) => new PublicClientApplication(config));
    const request: SignInRequest = {
        settings,
        frame: deps?.frame ?? (() => readFrameFacts(window)),
        msalRequest: { scopes: [settings.scope], redirectUri: settings.redirectUri },
        loginHint: nonEmptyText(user.loginHint),
        objectId: nonEmptyText(user.objectId),
    };
    let sharedClient: () => SharedClient;
    try {
        const config = buildMsalConfiguration(settings);
        sharedClient = () => getSharedClient(config, createClient);
    } catch {
        // Only an authority that is not a URL gets here; settings validation normally stops it earlier.
        const invalid = toUserFacingError(authFailure("invalid_authority"));
        return { prepare: () => Promise.resolve(undefined), getToken: () => Promise.reject(invalid) };
    }
    return {
        prepare: () => prepareSilently(request, sharedClient),
        getToken: (options?: { forceRefresh?: boolean }) =>
            tokenForClick(request, sharedClient, options?.forceRefresh === true),
    };
}
