import * as React from "react";

let nextInstance = 0;

/** React 16 has no useId: a per-instance id for aria-describedby. */
export function useInstanceId(prefix: string): string {
    const ref = React.useRef<string>();
    ref.current ??= `${prefix}-${++nextInstance}`;
    return ref.current;
}
