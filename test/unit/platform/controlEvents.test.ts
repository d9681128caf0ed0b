import { readEventRaiser } from "../../../FlowTriggerControl/platform/controlEvents";

const PARAMS = { correlationId: "c0ffee00-0000-4000-8000-000000000001", status: 200, message: "Done" };

describe("readEventRaiser (context.events)", () => {
    it("calls the manifest event's method with one plain object", () => {
        const onRunSucceeded = jest.fn();
        readEventRaiser({ events: { OnRunSucceeded: onRunSucceeded } })("OnRunSucceeded", PARAMS);
        expect(onRunSucceeded).toHaveBeenCalledTimes(1);
        expect(onRunSucceeded).toHaveBeenCalledWith(PARAMS);
    });

    it("does nothing where the host has no events bag or no such method", () => {
        expect(() => readEventRaiser({})("OnRunFailed", PARAMS)).not.toThrow();
        expect(() => readEventRaiser({ events: null })("OnRunFailed", PARAMS)).not.toThrow();
        expect(() => readEventRaiser({ events: { OnRunFailed: "no" } })("OnRunFailed", PARAMS)).not.toThrow();
    });

    it("a handler that throws does not break the control", () => {
        const raise = readEventRaiser({
            events: {
                OnRunFailed: () => {
                    throw new Error("form script bug");
                },
            },
        });
        expect(() => raise("OnRunFailed", PARAMS)).not.toThrow();
    });
});
