/** @jest-environment node */
import type { TokenProvider } from "../../../FlowTriggerControl/auth/tokenProvider";
import { shareToken } from "../../../FlowTriggerControl/run/sharedTokenProvider";

function counting(tokens: string[]): TokenProvider & { getToken: jest.Mock } {
    let next = 0;
    return {
        prepare: jest.fn(() => Promise.resolve(undefined)),
        getToken: jest.fn(() => Promise.resolve(tokens[next++] ?? "none")),
    };
}

describe("shareToken", () => {
    it("asks the inner provider once, synchronously, and hands every caller the same promise", () => {
        const inner = counting(["t1"]);
        const shared = shareToken(inner);
        const first = shared.getToken();
        expect(inner.getToken).toHaveBeenCalledTimes(1);
        expect(shared.getToken()).toBe(first);
        expect(shared.getToken({ forceRefresh: false })).toBe(first);
        expect(inner.getToken).toHaveBeenCalledTimes(1);
    });

    it("goes to the inner provider on a forced refresh and shares the refreshed token", async () => {
        const inner = counting(["t1", "t2"]);
        const shared = shareToken(inner);
        await expect(shared.getToken()).resolves.toBe("t1");
        await expect(shared.getToken({ forceRefresh: true })).resolves.toBe("t2");
        expect(inner.getToken).toHaveBeenLastCalledWith({ forceRefresh: true });
        await expect(shared.getToken()).resolves.toBe("t2");
        expect(inner.getToken).toHaveBeenCalledTimes(2);
    });

    it("keeps a failed sign-in failed (no retry of its own) and keeps the old token when a refresh fails", async () => {
        const failing: TokenProvider = {
            prepare: () => Promise.resolve(undefined),
            getToken: jest.fn(() => Promise.reject(new Error("interaction_required"))),
        };
        const shared = shareToken(failing);
        await expect(shared.getToken()).rejects.toThrow("interaction_required");
        await expect(shared.getToken()).rejects.toThrow("interaction_required");
        expect(failing.getToken).toHaveBeenCalledTimes(1);

        const inner = counting(["t1"]);
        inner.getToken.mockImplementationOnce(() => Promise.resolve("t1"));
        inner.getToken.mockImplementationOnce(() => Promise.reject(new Error("refresh failed")));
        const refreshed = shareToken(inner);
        await refreshed.getToken();
        await expect(refreshed.getToken({ forceRefresh: true })).rejects.toThrow("refresh failed");
        await expect(refreshed.getToken()).resolves.toBe("t1");
    });

    it("passes prepare through", async () => {
        const inner = counting([]);
        await shareToken(inner).prepare();
        expect(inner.prepare).toHaveBeenCalledTimes(1);
    });
});
