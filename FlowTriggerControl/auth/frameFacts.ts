import type { FrameFacts } from "./embeddedApp";

/** The page's frame, as plain values. Standard DOM only; reading another origin's top location throws. */
export function readFrameFacts(win: Window): FrameFacts {
    const { location } = win;
    const ancestors = location.ancestorOrigins as DOMStringList | undefined;
    let top = "null";
    try {
        top = win.top?.location.origin ?? top;
    } catch {
        // The top window is of another origin: unknown.
    }
    return {
        pageUrl: location.origin + location.pathname + location.search,
        ancestorOrigins: ancestors ? Array.from(ancestors) : win.top === win ? [] : [top],
    };
}
