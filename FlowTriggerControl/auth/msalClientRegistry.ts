import type { Configuration, IPublicClientApplication } from "@azure/msal-browser";

/** The part of MSAL's client the token provider uses (tests pass a fake). */
export type MsalClient = Pick<
    IPublicClientApplication,
    "initialize" | "getAccount" | "getAllAccounts" | "acquireTokenSilent" | "ssoSilent" | "acquireTokenPopup"
>;

export type CreateMsalClient = (config: Configuration) => MsalClient;

/** Sign-in state for one scope, shared by every control on the page that uses the same client. */
export interface ScopeSession {
    /** Silent sign-in failed in a way only a sign-in window can fix: the next click opens it directly. */
    interactionNeeded: boolean;
    /** The user signed in with another account: the next window shows the account picker. */
    selectAccount: boolean;
    /** The account of the last successful window: found again even when the host could not say who the user is. */
    windowAccountId?: string;
    /** The silent attempts in flight by their forceRefresh flag, shared by concurrent callers. */
    readonly silent: Map<boolean, Promise<string>>;
    /** The sign-in window in flight, shared by concurrent callers. */
    interactive?: Promise<string>;
}

/** One MSAL client, created and initialized once per page. */
export interface SharedClient {
    /** Settles when initialize() has; a failed client is dropped from the registry so a later call retries. */
    readonly ready: Promise<MsalClient>;
    /** The client once initialized, so a click can open the sign-in window without awaiting anything. */
    initialized(): MsalClient | undefined;
    session(scope: string): ScopeSession;
}

const clients = new Map<string, SharedClient>();

function createEntry(config: Configuration, createClient: CreateMsalClient): SharedClient {
    let initialized: MsalClient | undefined;
    const sessions = new Map<string, ScopeSession>();
    const ready = (async (): Promise<MsalClient> => {
        const client = createClient(config);
        await client.initialize();
        initialized = client;
        return client;
    })();
    return {
        ready,
        initialized: () => initialized,
        session: (scope: string): ScopeSession => {
            const normalized = scope.trim().toLowerCase();
            let session = sessions.get(normalized);
            if (session === undefined) {
                session = { interactionNeeded: false, selectAccount: false, silent: new Map() };
                sessions.set(normalized, session);
            }
            return session;
        },
    };
}

/**
 * The page's client for (clientId, authority): the first caller's configuration creates it; later callers
 * (other instances of the control on the form) share it, so the user signs in once for all of them.
 */
export function getSharedClient(config: Configuration, createClient: CreateMsalClient): SharedClient {
    // The same app registration against the same authority is the same client, whatever the letter case.
    // settings/ gives the client ID as a trimmed GUID; buildMsalConfiguration normalized the authority.
    const key = `${config.auth.clientId}|${config.auth.authority}`.toLowerCase();
    const existing = clients.get(key);
    if (existing !== undefined) {
        return existing;
    }
    const entry = createEntry(config, createClient);
    clients.set(key, entry);
    // Runs after registration even when creation failed synchronously; also marks the rejection handled.
    // Only this entry sits under its key until then.
    entry.ready.catch(() => clients.delete(key));
    return entry;
}

/** The session whose sign-in window is open on this page, if any. MSAL allows one at a time per page, across clients. */
let pageInteraction: ScopeSession | undefined;

export function activePageInteraction(): ScopeSession | undefined {
    return pageInteraction;
}

/**
 * Runs `start` as the page's one sign-in window and shares it with the session's later callers.
 * `start` runs synchronously, so a window it opens still counts as opened by the click.
 */
export function runPageInteraction(session: ScopeSession, start: () => Promise<string>): Promise<string> {
    const done: Promise<string> = start().finally(() => {
        // Still ours: no other window opens while this one is (callers share session.interactive, and
        // openSignInWindow refuses another session's).
        pageInteraction = session.interactive = undefined;
    });
    pageInteraction = session;
    session.interactive = done;
    return done;
}
