/**
 * Whether the page runs in a frame of another site (Teams, Outlook, a portal), where a sign-in window can never
 * answer: MSAL v5's redirect bridge reports back over BroadcastChannel, which browsers partition by top-level
 * site (and, in Chromium, by a cross-site ancestor), so the window and the frame never share a channel.
 * See docs/authentication.md ("Inside another site").
 */
export interface FrameFacts {
    /**
     * The page's address without its fragment: on a form, the record's own address in the app
     * (main.aspx?appid=…&pagetype=entityrecord&etn=…&id=…, see
     * https://learn.microsoft.com/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url),
     * so it is also where the user can sign in instead, in a tab of its own.
     */
    readonly pageUrl: string;
    /**
     * The origins of the frames around the page, nearest first (location.ancestorOrigins); none at top level.
     * Where the browser lacks that list (Firefox): the top's origin when readable, else "null" (unknown).
     */
    readonly ancestorOrigins: readonly string[];
}

/**
 * The "site" of an origin (or any URL): scheme plus registrable domain, approximated as the host's last two labels (the
 * host itself for an IP address or a one-label name). Exact for the platform's hosts (dynamics.com,
 * microsoftdynamics.us, dynamics.cn, appsplatform.us: neither they nor any name under them is on the Public
 * Suffix List); an opaque origin ("null") is a site of its own.
 */
export function siteOf(origin: string): string {
    try {
        const { protocol, hostname } = new URL(origin);
        const ip = /^[\d.]+$|^\[/.test(hostname);
        return `${protocol}//${ip ? hostname : hostname.split(".").slice(-2).join(".")}`;
    } catch {
        return origin;
    }
}

/** True when some frame around the page belongs to another site; an unknown one ("null") counts as another. */
export function isCrossSiteFrame(facts: FrameFacts): boolean {
    const own = siteOf(facts.pageUrl);
    return facts.ancestorOrigins.some((ancestor) => siteOf(ancestor) !== own);
}
