import { normalizeGuid } from "../contracts/guid";

/**
 * The only code of the setup page that knows ClientGlobalContext.js.aspx: `GetGlobalContext()` gives the same
 * object as Xrm.Utility.getGlobalContext() (getClientUrl, userSettings). Referenced from the page by a relative
 * path, as the docs ask for HTML web resources
 * (learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/getglobalcontext-clientglobalcontext.js.aspx).
 */
export interface PageContext {
    /** The org's origin, e.g. https://contoso.crm4.dynamics.com */
    readonly origin: string;
    readonly userId: string;
    readonly userName: string;
    readonly languageId: number;
}

interface GlobalContextLike {
    getClientUrl?(): string;
    userSettings?: { userId?: string; userName?: string; languageId?: number };
}

export function readPageContext(scope: unknown, fallbackOrigin: string): PageContext | undefined {
    const get = (scope as { GetGlobalContext?: () => GlobalContextLike } | undefined)?.GetGlobalContext;
    if (typeof get !== "function") return undefined;
    let context: GlobalContextLike;
    try {
        context = get();
    } catch {
        return undefined;
    }
    let origin = fallbackOrigin;
    try {
        origin = new URL(context.getClientUrl?.() ?? fallbackOrigin).origin;
    } catch {
        // The page's own origin: the Web API is same-origin anyway.
    }
    const settings = context.userSettings ?? {};
    return {
        origin,
        userId: normalizeGuid(settings.userId) ?? "",
        userName: typeof settings.userName === "string" ? settings.userName : "",
        languageId: typeof settings.languageId === "number" ? settings.languageId : 1033,
    };
}
