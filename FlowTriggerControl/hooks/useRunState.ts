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
    /** Cancels the dialog or dismisses the outcome (never while a run is in flight). */
    readonly backToIdle: () => void;
}

/** Perceived as immediate (the 0.1 s response-time limit), and long enough for the request to leave first. */
const BUSY_STATE_DELAY_MS = 100;

const UNEXPECTED: TriggerOutcome = { kind: "failed", error: { key: "Error_Run_Unexpected" } };

/**
 * The run state machine: idle → (confirming) → running → done. One click is one run: a second
 * click while running is ignored even before React re-renders the disabled button.
 */
export function useRunState(run: () => Promise<TriggerOutcome>, needsConfirmation: boolean): RunControls {
    const [state, setState] = React.useState<RunState>({ phase: "idle" });
    const inFlight = React.useRef(false);
    const mounted = React.useRef(true);
    React.useEffect(
        () => () => {
            mounted.current = false;
        },
        [],
    );

    const execute = React.useCallback(() => {
        if (inFlight.current) return;
        inFlight.current = true;
        // The busy state shows a moment later: a run that ends sooner doesn't flash it, and re-rendering at once
        // would hold up the request the run has just started. Clicks are refused from the first one on.
        const showBusy = setTimeout(() => {
            if (mounted.current) setState({ phase: "running" });
        }, BUSY_STATE_DELAY_MS);
        const finish = async (): Promise<void> => {
            let outcome: TriggerOutcome;
            try {
                // run() is called synchronously inside the click (an async function runs up to its first await)
                // so an interactive sign-in keeps the user gesture; a throw lands in the catch either way.
                outcome = await run();
            } catch {
                outcome = UNEXPECTED;
            }
            clearTimeout(showBusy);
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

    const backToIdle = React.useCallback(() => {
        if (!inFlight.current) setState({ phase: "idle" });
    }, []);

    return { state, start, confirm: execute, backToIdle };
}
