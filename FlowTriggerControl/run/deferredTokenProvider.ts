import type { TokenProvider } from "../auth/tokenProvider";

/**
 * A token provider that becomes real once the signed-in user's identity has been looked up.
 * After that, getToken() reaches MSAL synchronously, so a popup still opens inside the click.
 */
export class DeferredTokenProvider implements TokenProvider {
    private inner?: TokenProvider;
    private readonly ready: Promise<TokenProvider>;

    constructor(create: () => Promise<TokenProvider>) {
        this.ready = create().then((provider) => {
            this.inner = provider;
            return provider;
        });
    }

    public prepare(): Promise<string | undefined> {
        return this.ready.then((provider) => provider.prepare());
    }

    public getToken(options?: { forceRefresh?: boolean }): Promise<string> {
        if (this.inner) return this.inner.getToken(options);
        return this.ready.then((provider) => provider.getToken(options));
    }
}
