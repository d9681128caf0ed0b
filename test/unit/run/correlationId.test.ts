import { newCorrelationId } from "../../../FlowTriggerControl/run/correlationId";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newCorrelationId", () => {
    const randomUUID = Object.getOwnPropertyDescriptor(crypto, "randomUUID");
    afterEach(() => {
        if (randomUUID) Object.defineProperty(crypto, "randomUUID", randomUUID);
        else delete (crypto as { randomUUID?: unknown }).randomUUID;
    });

    it("is the browser's randomUUID where there is one", () => {
        Object.defineProperty(crypto, "randomUUID", {
            configurable: true,
            value: () => "0f8fad5b-d9cb-469f-a165-70867728950e",
        });
        expect(newCorrelationId()).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
    });

    // Safari before 15.4 (inside the build's targets) has getRandomValues but no randomUUID.
    it("without randomUUID: a version 4, RFC 4122 variant UUID from getRandomValues, different each time", () => {
        Object.defineProperty(crypto, "randomUUID", { configurable: true, value: undefined });
        const getRandomValues = jest.spyOn(crypto, "getRandomValues");
        try {
            const ids = Array.from({ length: 2000 }, () => newCorrelationId());
            for (const id of ids) expect(id).toMatch(UUID_V4);
            expect(new Set(ids).size).toBe(ids.length);
            expect(getRandomValues).toHaveBeenCalled();
            // Every hex digit shows up in every random position: nothing is stuck or biased to a subset.
            const positions = [...ids[0]].map((_, index) => index).filter((i) => ![8, 13, 14, 18, 19, 23].includes(i));
            for (const position of positions) {
                expect(new Set(ids.map((id) => id[position])).size).toBe(16);
            }
            expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(["8", "9", "a", "b"]));
        } finally {
            getRandomValues.mockRestore();
        }
    });
});
