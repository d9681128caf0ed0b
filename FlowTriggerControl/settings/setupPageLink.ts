import { defaultRedirectUri, SIGNIN_REDIRECT_PAGE } from "../auth/redirectPage";
import type { RecordRef } from "../contracts/run";
import type { PropertyName, RawProperties } from "./settings.types";

/**
 * The setup page (Setup.html, beside the sign-in page) opened for this button: its properties by their own
 * names, plus `table` and `recordId`. A flowUrl whose query holds a signature (or any escape that could hide one)
 * is left out, so a sig never travels in a link (the page then asks for the URL). Undefined where the page can't be addressed.
 */
export function setupPageUrl(
    origin: string,
    prefix: string,
    raw: RawProperties,
    record?: RecordRef,
): string | undefined {
    const query = new URLSearchParams(record && { table: record.tableName, recordId: record.id });
    for (const name of Object.keys(raw) as PropertyName[]) {
        const text = String(raw[name] ?? "");
        if (text && !(name === "flowUrl" && /\?.*(sig|%)/i.test(text))) query.set(name, text);
    }
    try {
        return defaultRedirectUri(origin, prefix).replace(SIGNIN_REDIRECT_PAGE, "Setup.html?") + String(query);
    } catch {
        return undefined;
    }
}
