import type { TokenProvider } from "../auth/tokenProvider";

/**
 * One token for many runs (the command bar's per-row mode): the first getToken() goes to the inner
 * provider — call it inside the user's click, so an interactive sign-in may open there — and every
 * later call gets the same promise, so ten rows mean one sign-in. A forced refresh (after a 401/403)
 * goes to the inner provider and becomes the shared token when it succeeds. Never retries by itself.
 */
export function shareToken(inner: TokenProvider): TokenProvider {
    let shared: Promise<string> | undefined;
    return {
        prepare: () => inner.prepare(),
        getToken(options?: { forceRefresh?: boolean }): Promise<string> {
            if (options?.forceRefresh === true) {
                const refreshed = inner.getToken({ forceRefresh: true });
                // A failed refresh leaves the shared token as it was; the caller gets the failure.
                refreshed
                    .then(() => {
                        shared = refreshed;
                        return undefined;
                    })
                    .catch(() => undefined);
                return refreshed;
            }
            shared ??= inner.getToken();
            return shared;
        },
    };
}
