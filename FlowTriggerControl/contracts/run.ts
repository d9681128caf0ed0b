import { message, type UserMessage } from "./userMessage";

/** The record the button sits on, as the form knows it. */
export interface RecordRef {
    readonly tableName: string;
    readonly id: string;
}

export interface RunRequest {
    readonly record: RecordRef;
    /** Aborted when the control is destroyed; the run then ends without touching the UI. */
    readonly signal: AbortSignal;
    /**
     * A host's step before anything is read or sent (e.g. save the form). Awaited after the token request
     * has started, so a sign-in window still opens inside the click. `proceed: false` ends the run unsent.
     */
    readonly beforeRun?: () => Promise<BeforeRunResult>;
}

export type BeforeRunResult = { readonly proceed: true } | { readonly proceed: false; readonly error: UserMessage };

/** How one click ended. Every path ends in exactly one of these; `notices` add what the user should know. */
export type TriggerOutcome = RunResult & { readonly notices?: readonly UserMessage[] };

type RunResult =
    | {
          readonly kind: "succeeded";
          readonly correlationId: string;
          readonly status: number;
          /** Plain text the flow answered with (JSON `message` or a short text body), already length-capped. */
          readonly responseText?: string;
      }
    | {
          /** Accepted (202) with nothing to poll: the run started, its outcome is not known here. */
          readonly kind: "started";
          readonly correlationId: string;
      }
    | {
          readonly kind: "failed";
          readonly error: UserMessage;
          readonly correlationId?: string;
      };

/** A run that failed after its correlation id was made: the user may quote the id. */
export function failedRun(error: UserMessage, correlationId: string): TriggerOutcome {
    return { kind: "failed", error, correlationId };
}

/** A run ended because the control went away (or the host cancelled it). */
export function cancelledRun(correlationId: string): TriggerOutcome {
    return failedRun(message("Error_Run_Cancelled"), correlationId);
}

/**
 * What the button calls on click. The implementation must start any interactive sign-in
 * synchronously inside run(), before its first await, so the browser still sees the click.
 */
export interface FlowTrigger {
    run(request: RunRequest): Promise<TriggerOutcome>;
}

/** What form scripts receive with OnRunSucceeded / OnRunFailed: never a token, never the payload. */
export interface RunEventParams {
    /** The run's reference (the payload's correlationId); null when nothing was sent. */
    readonly correlationId: string | null;
    /** The flow's HTTP status when it answered (202 for a started run); null otherwise. */
    readonly status: number | null;
    /** The text the control shows for this outcome, in the user's language. */
    readonly message: string;
}

export type RunEventName = "OnRunSucceeded" | "OnRunFailed";
