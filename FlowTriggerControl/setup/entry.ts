import { createTokenProvider } from "../auth/tokenProvider";
import { createStringLookup, type StringTable } from "../strings/stringTable";
import { newCorrelationId } from "../run/correlationId";
import { createSetupWebApi } from "./dataverseWebApi";
import { createFlowWebApi } from "./flowWebApi";
import { readPageContext } from "./globalContext";
import { inputsFromQuery } from "./inputs";
import { mountSetupPage } from "./setupPage";
import { SetupSession } from "./setupSession";

/**
 * Entry of Setup.js, the script of Setup.html (scripts/build-setup.mjs). The build replaces
 * __FTC_SETUP_STRINGS__ with the resx texts the page uses, __FTC_PUBLISHER_PREFIX__ with the solution's prefix
 * and __FTC_VERSION__ with the solution version. Runs once the page (and ClientGlobalContext.js.aspx) is loaded.
 */
declare const __FTC_SETUP_STRINGS__: StringTable;
declare const __FTC_PUBLISHER_PREFIX__: string;
declare const __FTC_VERSION__: string;

function start(): void {
    const root = document.getElementById("setup");
    if (!root) return;
    const page = readPageContext(globalThis, window.location.origin);
    const lookup = createStringLookup(__FTC_SETUP_STRINGS__, page?.languageId ?? navigatorLanguageId());
    if (!page) {
        root.textContent = lookup("Setup_NoContext");
        return;
    }
    document.documentElement.lang = lookup("Setup_LanguageTag");
    document.title = lookup("Setup_Title");
    const fetchImpl: typeof fetch = (input, init) => window.fetch(input, init);
    const webApi = createSetupWebApi(fetchImpl);
    const mounted: { view?: { render(): void } } = {};
    const session = new SetupSession({
        page,
        publisherPrefix: __FTC_PUBLISHER_PREFIX__,
        webApi,
        fetch: fetchImpl,
        createTokenProvider: (entra, user) => createTokenProvider(entra, user),
        now: () => new Date(),
        newCorrelationId,
        onChange: () => mounted.view?.render(),
        flowApi: createFlowWebApi(fetchImpl),
    });
    const initial = inputsFromQuery(window.location.search);
    mounted.view = mountSetupPage(root, {
        document,
        session,
        webApi,
        lookup,
        initial,
        origin: page.origin,
        publisherPrefix: __FTC_PUBLISHER_PREFIX__,
        version: __FTC_VERSION__,
        now: () => new Date(),
        copy: (text) => navigator.clipboard.writeText(text),
    });
    void session.check(initial);
}

/** Before the context is known: the browser's language, for the one message shown without it. */
function navigatorLanguageId(): number {
    const language = (navigator.language || "en").slice(0, 2).toLowerCase();
    return language === "de" ? 1031 : language === "fr" ? 1036 : 1033;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
