import type { RecordRef } from "../contracts/run";

/**
 * Whether the page runs in a frame of another site (Teams, Outlook, a portal), where a sign-in window can never
 * answer: MSAL v5's redirect bridge reports back over BroadcastChannel, which browsers partition by top-level
 * site (and, in Chromium, by a cross-site ancestor), so the window and the frame never share a channel.
 * See docs/authentication.md ("Inside another site").
 */
export interface FrameFacts {
    /** window.top === window. */
    readonly isTop: boolean;
    /** The page's own origin and address. */
    readonly origin: string;
    readonly pageUrl: string;
    /** location.ancestorOrigins, nearest first; undefined where the browser lacks it (Firefox). */
    readonly ancestorOrigins?: readonly string[];
    /** The top window's origin when it can be read (same origin), else undefined. */
    readonly topOrigin?: string;
}

/**
 * The "site" of an origin: scheme plus registrable domain, approximated as the host's last two labels (the
 * host itself for an IP address or a one-label name). Exact for the platform's hosts (dynamics.com,
 * microsoftdynamics.us, dynamics.cn, appsplatform.us: neither they nor any name under them is on the Public
 * Suffix List); an opaque origin ("null") is a site of its own.
 */
export function siteOf(origin: string): string {
    let url: URL;
    try {
        url = new URL(origin);
    } catch {
        return origin;
    }
    const host = url.hostname;
    const labels = host.split(".");
    const whole = host.startsWith("[") || /^[\d.]+$/.test(host) || labels.length < 3;
    return `${url.protocol}//${whole ? host : labels.slice(-2).join(".")}`;
}

/** True when some ancestor frame belongs to another site; unknown ancestors count as another site. */
export function isCrossSiteFrame(facts: FrameFacts): boolean {
    if (facts.isTop) return false;
    const own = siteOf(facts.origin);
    const ancestors = facts.ancestorOrigins ?? (facts.topOrigin === undefined ? ["null"] : [facts.topOrigin]);
    return ancestors.some((origin) => siteOf(origin) !== own);
}

/**
 * Where the user can sign in instead: the record's own page of the app
 * (https://learn.microsoft.com/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url),
 * keeping the current app (appid or appname); without a record, the current page.
 */
export function ownTabUrl(pageUrl: string, record?: RecordRef): string {
    const page = new URL(pageUrl);
    page.hash = "";
    if (!record) return page.href;
    const url = new URL("/main.aspx", page.origin);
    for (const name of ["appid", "appname"]) {
        const value = page.searchParams.get(name);
        if (value) url.searchParams.set(name, value);
    }
    url.searchParams.set("pagetype", "entityrecord");
    url.searchParams.set("etn", record.tableName);
    url.searchParams.set("id", record.id);
    return url.href;
}
