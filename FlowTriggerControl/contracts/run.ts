import type { UserMessage } from "./userMessage";

/** The record the button sits on, as the form knows it. */
export interface RecordRef {
    readonly tableName: string;
    readonly id: string;
}

export interface RunRequest {
    readonly record: RecordRef;
    /** Aborted when the control is destroyed; the run then ends without touching the UI. */
    readonly signal: AbortSignal;
}

/** How one click ended. Every path ends in exactly one of these. */
export type TriggerOutcome =
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

/**
 * What the button calls on click. The implementation must start any interactive sign-in
 * synchronously inside run(), before its first await, so the browser still sees the click.
 */
export interface FlowTrigger {
    run(request: RunRequest): Promise<TriggerOutcome>;
}
