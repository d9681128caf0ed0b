/* eslint-disable @microsoft/power-apps/use-cached-webresource -- a redirect URI must be the stable, uncached /WebResources/ address registered in Entra. */
import type {
    AccountInfo,
    AuthenticationResult,
    PopupRequest,
    SilentRequest,
    SsoSilentRequest,
} from "@azure/msal-browser";
import type { MsalClient } from "../../../FlowTriggerControl/auth/msalClientRegistry";
import type { EntraSettings } from "../../../FlowTriggerControl/auth/entraSettings";

export const TENANT = "11111111-2222-3333-4444-555555555555";
export const OTHER_TENANT = "99999999-8888-7777-6666-555555555555";
export const USER_OID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const OTHER_OID = "ffffffff-0000-1111-2222-333333333333";
export const USER_UPN = "ada@contoso.example";

let clientCounter = 0;

/** Settings with a client ID no other test uses: the client registry is page-wide (module-level). */
export function uniqueSettings(overrides: Partial<EntraSettings> = {}): EntraSettings {
    clientCounter += 1;
    const suffix = String(clientCounter).padStart(12, "0");
    return {
        clientId: `00000000-0000-4000-8000-${suffix}`,
        tenantId: TENANT,
        cloud: "Public",
        authority: `https://login.microsoftonline.com/${TENANT}`,
        authorityIsCustom: false,
        scope: "https://service.flow.microsoft.com//.default",
        redirectUri: "https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/SignInRedirect.html",
        ...overrides,
    };
}

export function account(overrides: Partial<AccountInfo> = {}): AccountInfo {
    return {
        homeAccountId: `${USER_OID}.${TENANT}`,
        environment: "login.microsoftonline.com",
        tenantId: TENANT,
        username: USER_UPN,
        localAccountId: USER_OID,
        ...overrides,
    };
}

export function authResult(accessToken: string, forAccount: AccountInfo = account()): AuthenticationResult {
    return {
        authority: `https://login.microsoftonline.com/${forAccount.tenantId}/`,
        uniqueId: forAccount.localAccountId,
        tenantId: forAccount.tenantId,
        scopes: ["https://service.flow.microsoft.com//.default"],
        account: forAccount,
        idToken: "id-token",
        idTokenClaims: {},
        accessToken,
        fromCache: false,
        expiresOn: new Date(Date.UTC(2030, 0, 1)),
        tokenType: "Bearer",
        correlationId: "00000000-0000-0000-0000-000000000000",
    };
}

export type CallName =
    | "initialize"
    | "getAccount"
    | "getAllAccounts"
    | "acquireTokenSilent"
    | "ssoSilent"
    | "acquireTokenPopup"
    | "setActiveAccount";

export interface RecordedCall {
    readonly method: CallName;
    readonly request?: unknown;
}

type Handler<R, T> = (request: R) => Promise<T>;

const rejectWith = (errorCode: string) => (): Promise<never> =>
    Promise.reject(Object.assign(new Error(errorCode), { errorCode, name: "BrowserAuthError" }));

/**
 * Implements the MSAL client methods the token provider uses, records every call in order, and answers
 * with per-test handlers. Accounts are filtered the way MSAL does (exact, case-sensitive).
 */
export class FakeMsalClient implements MsalClient {
    public readonly calls: RecordedCall[] = [];
    public accounts: AccountInfo[] = [];
    public initializeResult: Promise<void> = Promise.resolve();
    public silent: Handler<SilentRequest, AuthenticationResult> = rejectWith("no_tokens_found");
    public sso: Handler<SsoSilentRequest, AuthenticationResult> = rejectWith("login_required");
    public popup: Handler<PopupRequest, AuthenticationResult> = rejectWith("user_cancelled");

    public count(method: CallName): number {
        return this.calls.filter((call) => call.method === method).length;
    }

    public requests<T>(method: CallName): T[] {
        return this.calls.filter((call) => call.method === method).map((call) => call.request as T);
    }

    public initialize(): Promise<void> {
        this.calls.push({ method: "initialize" });
        return this.initializeResult;
    }

    public getAccount(filter: Partial<AccountInfo> & { loginHint?: string }): AccountInfo | null {
        this.calls.push({ method: "getAccount", request: filter });
        return (
            this.accounts.find(
                (candidate) =>
                    (filter.homeAccountId === undefined || candidate.homeAccountId === filter.homeAccountId) &&
                    (filter.localAccountId === undefined || candidate.localAccountId === filter.localAccountId) &&
                    (filter.tenantId === undefined || candidate.tenantId === filter.tenantId) &&
                    (filter.loginHint === undefined ||
                        candidate.username === filter.loginHint ||
                        candidate.loginHint === filter.loginHint ||
                        candidate.upn === filter.loginHint),
            ) ?? null
        );
    }

    public getAllAccounts(filter?: { tenantId?: string }): AccountInfo[] {
        this.calls.push({ method: "getAllAccounts", request: filter });
        return this.accounts.filter(
            (candidate) => filter?.tenantId === undefined || candidate.tenantId === filter.tenantId,
        );
    }

    public acquireTokenSilent(request: SilentRequest): Promise<AuthenticationResult> {
        this.calls.push({ method: "acquireTokenSilent", request });
        return this.silent(request);
    }

    public ssoSilent(request: SsoSilentRequest): Promise<AuthenticationResult> {
        this.calls.push({ method: "ssoSilent", request });
        return this.sso(request);
    }

    public acquireTokenPopup(request: PopupRequest): Promise<AuthenticationResult> {
        this.calls.push({ method: "acquireTokenPopup", request });
        return this.popup(request);
    }

    /** Not used by the provider; present so a test can prove it is never called. */
    public setActiveAccount(account: AccountInfo | null): void {
        this.calls.push({ method: "setActiveAccount", request: account });
    }
}
