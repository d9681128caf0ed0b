import type { FrameFacts } from "./embeddedApp";

/** The page's frame, as plain values. Standard DOM only; reading another origin's top location throws. */
export function readFrameFacts(win: Window): FrameFacts {
    let topOrigin: string | undefined;
    try {
        topOrigin = win.top?.location.origin;
    } catch {
        topOrigin = undefined;
    }
    const ancestors = win.location.ancestorOrigins as DOMStringList | undefined;
    return {
        isTop: win.top === win,
        origin: win.location.origin,
        pageUrl: win.location.href,
        ancestorOrigins: ancestors ? Array.from(ancestors) : undefined,
        topOrigin,
    };
}
