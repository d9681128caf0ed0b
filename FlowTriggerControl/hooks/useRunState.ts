import * as React from "react";
import type { TriggerOutcome } from "../contracts/run";

export type RunState =
    | { readonly phase: "idle" }
    | { readonly phase: "confirming" }
    | { readonly phase: "running" }
    | { readonly phase: "done"; readonly outcome: TriggerOutcome };

export interface RunControls {
    readonly state: RunState;
    /** The button's click: asks for confirmation when configured, otherwise runs. */
    readonly start: () => void;
    /** The confirmation dialog's "Run": a click too, so sign-in may open a window here. */
    readonly confirm: () => void;
    readonly cancel: () => void;
    readonly dismiss: () => void;
}

const UNEXPECTED: TriggerOutcome = { kind: "failed", error: { key: "Error_Run_Unexpected" } };

/**
 * The run state machine: idle → (confirming) → running → done. One click is one run: a second
 * click while running is ignored even before React re-renders the disabled button.
 */
export function useRunState(run: () => Promise<TriggerOutcome>, needsConfirmation: boolean): RunControls {
    const [state, setState] = React.useState<RunState>({ phase: "idle" });
    const inFlight = React.useRef(false);
    const mounted = React.useRef(true);
    React.useEffect(() => {
        mounted.current = true;
        return () => {
            mounted.current = false;
        };
    }, []);

    const execute = React.useCallback(() => {
        if (inFlight.current) return;
        inFlight.current = true;
        setState({ phase: "running" });
        // run() is called synchronously inside the click so an interactive sign-in keeps the user gesture.
        let pending: Promise<TriggerOutcome>;
        try {
            pending = run();
        } catch {
            pending = Promise.resolve(UNEXPECTED);
        }
        const finish = async (): Promise<void> => {
            let outcome: TriggerOutcome;
            try {
                outcome = await pending;
            } catch {
                outcome = UNEXPECTED;
            }
            inFlight.current = false;
            if (mounted.current) setState({ phase: "done", outcome });
        };
        void finish();
    }, [run]);

    const start = React.useCallback(() => {
        if (inFlight.current) return;
        if (needsConfirmation) setState({ phase: "confirming" });
        else execute();
    }, [execute, needsConfirmation]);

    const cancel = React.useCallback(() => {
        if (!inFlight.current) setState({ phase: "idle" });
    }, []);

    const dismiss = React.useCallback(() => {
        if (!inFlight.current) setState({ phase: "idle" });
    }, []);

    return { state, start, confirm: execute, cancel, dismiss };
}
