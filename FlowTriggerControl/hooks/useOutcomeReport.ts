import * as React from "react";
import type { TriggerOutcome } from "../contracts/run";
import type { RunState } from "./useRunState";

/** Tells `onOutcome` about each finished run exactly once, however often the view re-renders. */
export function useOutcomeReport(state: RunState, onOutcome: ((outcome: TriggerOutcome) => void) | undefined): void {
    const lastReported = React.useRef<TriggerOutcome | undefined>(undefined);
    React.useEffect(() => {
        if (state.phase === "done" && lastReported.current !== state.outcome) {
            lastReported.current = state.outcome;
            onOutcome?.(state.outcome);
        }
    }, [state, onOutcome]);
}
