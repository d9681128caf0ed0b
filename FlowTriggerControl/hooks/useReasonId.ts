import * as React from "react";

let nextInstance = 0;

/** React 16 has no useId: a per-instance id for the button's aria-describedby, e.g. "flowTrigger-1-reason". */
export function useReasonId(): string {
    const ref = React.useRef<string>();
    ref.current ??= `flowTrigger-${++nextInstance}-reason`;
    return ref.current;
}
