import { asBag } from "../contracts/plainData";
import type { RunEventName, RunEventParams } from "../contracts/run";

/** Raises one of the manifest's events to the host; does nothing where the host has none. */
export type RaiseRunEvent = (name: RunEventName, params: RunEventParams) => void;

/**
 * context.events: the manifest's <event> nodes as callable methods (documented for model-driven apps;
 * the host forwards the one argument to handlers that form scripts added with addEventHandler). Older
 * hosts and the pcf-start harness may lack the bag or a method, so each is feature-detected at call time,
 * and a handler that throws can't break the control.
 */
export function readEventRaiser(context: { readonly events?: unknown }): RaiseRunEvent {
    const events = context.events;
    return (name, params) => {
        const raise = asBag(events)[name];
        if (typeof raise !== "function") return;
        try {
            (raise as (params: RunEventParams) => void).call(events, { ...params });
        } catch {
            // A form script's error is its own; the run's outcome is already shown.
        }
    };
}
