import { SIGNED_IN_USER_SELECT, signedInUserFromRow, type SignedInUser } from "../auth/accountSelection";
import type { EntraSettings } from "../auth/entraSettings";
import { createTokenProvider, type TokenProvider } from "../auth/tokenProvider";
import { normalizeGuid } from "../contracts/guid";
import type { HostForm } from "../contracts/hostForm";
import type { EnvironmentVariableWebApi } from "../flow/environmentVariable";
import type { RecordReaderSources } from "../payload/userLocalDates";
import { DeferredTokenProvider } from "../run/deferredTokenProvider";
import type { HostDefaults } from "../settings/settings";
import type { CommandDialogs, CommandServices, FormContextLike, GridControlLike } from "./commandHost";
import { createUserTimeZone, type TimeZoneSource, type UserTimeZone } from "./userTimeZone";

/**
 * The only code of the command library that knows `Xrm`. Minimal typings of the documented Client API
 * members it uses, read defensively (a command may run in any app, on any grid or form):
 *
 * - Xrm.Navigation.openConfirmDialog(confirmStrings {text, title?, subtitle?, confirmButtonLabel?,
 *   cancelButtonLabel?}, confirmOptions? {height?, width?}) → Promise of {confirmed: boolean}
 *   (learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/openconfirmdialog)
 * - Xrm.Navigation.openAlertDialog(alertStrings {text, title?, confirmButtonLabel?}, alertOptions?) → Promise,
 *   settled when the user closes it with the button or ESC (…/xrm-navigation/openalertdialog)
 * - Xrm.Navigation.openUrl(url, openUrlOptions?): opens the URL in a new window (…/xrm-navigation/openurl)
 * - Xrm.Utility.showProgressIndicator(message): synchronous, later calls replace the message, the dialog blocks
 *   the UI until Xrm.Utility.closeProgressIndicator() (…/xrm-utility/showprogressindicator, closeprogressindicator)
 * - Xrm.Utility.getGlobalContext(): userSettings {languageId, userId, userName}, getClientUrl()
 *   (…/xrm-utility/getglobalcontext). Not userSettings.getTimeZoneOffsetMinutes(): it takes no date, so it is
 *   today's offset; date-only values need their own (userTimeZone.ts). organizationSettings documents no tenant id:
 *   when settingsJson names none, the library asks RetrieveCurrentOrganization (flow/currentEnvironment.ts).
 * - Xrm.Utility.getEntityMetadata(entityName, attributes?) → Promise of the table's metadata
 * - Xrm.WebApi.retrieveRecord(entityLogicalName, id, options?) → Promise of the row;
 *   Xrm.WebApi.retrieveMultipleRecords(entityLogicalName, options?, maxPageSize?) → Promise of {entities, nextLink?}
 * - Command parameters (the "Run JavaScript" action of a modern command takes the classic <CrmParameter>
 *   values): SelectedControl = the grid's gridContext (GridControl.refresh()), SelectedControlSelectedItemIds =
 *   the selected rows' ids (strings, usually "{GUID}"), SelectedEntityTypeName = the table's logical name,
 *   PrimaryControl = the form's formContext (data.entity.getId()/getEntityName()/getIsDirty(),
 *   data.save() → Promise, data.refresh(save) → Promise).
 */

export interface XrmConfirmStrings {
    readonly text: string;
    readonly title?: string;
    readonly subtitle?: string;
    readonly confirmButtonLabel?: string;
    readonly cancelButtonLabel?: string;
}

export interface XrmAlertStrings {
    readonly text: string;
    readonly title?: string;
    readonly confirmButtonLabel?: string;
}

export interface XrmUserSettings {
    readonly languageId?: number;
    readonly userId?: string;
    readonly userName?: string;
    /** Minutes to add to UTC for the user's Dataverse time zone, now (no date argument, unlike PCF): not used. */
    getTimeZoneOffsetMinutes?(): number;
}

export interface XrmApi {
    readonly Navigation: {
        openConfirmDialog(strings: XrmConfirmStrings, options?: object): PromiseLike<{ confirmed?: boolean }>;
        openAlertDialog(strings: XrmAlertStrings, options?: object): PromiseLike<unknown>;
        openUrl?(url: string, options?: object): void;
    };
    readonly Utility: {
        showProgressIndicator(message: string): void;
        closeProgressIndicator(): void;
        getGlobalContext(): { readonly userSettings: XrmUserSettings; getClientUrl?(): string };
        getEntityMetadata(entityName: string, attributes?: string[]): PromiseLike<unknown>;
    };
    readonly WebApi: {
        retrieveRecord(entityLogicalName: string, id: string, options?: string): PromiseLike<Record<string, unknown>>;
        retrieveMultipleRecords(
            entityLogicalName: string,
            options?: string,
            maxPageSize?: number,
        ): PromiseLike<{ entities: Record<string, unknown>[]; nextLink?: string }>;
    };
}

type Loose = Record<string, unknown> | undefined;

function isFunction(value: unknown): value is (...args: never[]) => unknown {
    return typeof value === "function";
}

function member(value: unknown, name: string): Loose {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
    const inner = (value as Record<string, unknown>)[name];
    return typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : undefined;
}

function hasFunctions(value: Loose, names: readonly string[]): boolean {
    return value !== undefined && names.every((name) => isFunction(value[name]));
}

/** The page's Xrm, when every member the library uses is there. */
export function readXrm(scope: unknown): XrmApi | undefined {
    const xrm = member(scope, "Xrm");
    const ok =
        hasFunctions(member(xrm, "Navigation"), ["openConfirmDialog", "openAlertDialog"]) &&
        hasFunctions(member(xrm, "Utility"), [
            "showProgressIndicator",
            "closeProgressIndicator",
            "getGlobalContext",
            "getEntityMetadata",
        ]) &&
        hasFunctions(member(xrm, "WebApi"), ["retrieveRecord", "retrieveMultipleRecords"]);
    return ok ? (xrm as unknown as XrmApi) : undefined;
}

export function asGridControl(value: unknown): GridControlLike | undefined {
    return typeof value === "object" && value !== null && isFunction((value as Loose)?.refresh)
        ? (value as GridControlLike)
        : undefined;
}

export function asFormContext(value: unknown): FormContextLike | undefined {
    const data = member(value, "data");
    const entity = member(data, "entity");
    return hasFunctions(data, ["save", "refresh"]) && hasFunctions(entity, ["getId", "getEntityName", "getIsDirty"])
        ? (value as FormContextLike)
        : undefined;
}

/**
 * The form the command was clicked on, as the run's HostForm (what the control's platform/formData.ts gives it):
 * its dirty flag, its save (a rejection is a failed save) and a refresh that declines while the form is dirty.
 * Whether a resolved save really saved is the run's rule (confirmSave), not this adapter's.
 */
export function formContextHostForm(form: FormContextLike): HostForm {
    const isDirty = (): boolean | undefined => {
        try {
            const dirty = form.data.entity.getIsDirty();
            return typeof dirty === "boolean" ? dirty : undefined;
        } catch {
            return undefined;
        }
    };
    return {
        isDirty,
        save: async () => {
            try {
                await form.data.save();
                return { kind: "saved" };
            } catch (error) {
                const e = (error ?? {}) as { errorCode?: unknown; message?: unknown };
                return {
                    kind: "failed",
                    ...(typeof e.errorCode === "number" ? { errorCode: e.errorCode } : {}),
                    ...(typeof e.message === "string" ? { message: e.message } : {}),
                };
            }
        },
        refresh: async () => {
            if (isDirty() !== false) return false;
            try {
                await form.data.refresh(false);
                return true;
            } catch {
                return false;
            }
        },
    };
}

function userSettingsOf(xrm: XrmApi): XrmUserSettings {
    try {
        return xrm.Utility.getGlobalContext().userSettings ?? {};
    } catch {
        return {};
    }
}

/** The user's language for the library's texts; undefined lets the lookup fall back to English. */
export function userLanguageId(xrm: XrmApi): number | undefined {
    const id = userSettingsOf(xrm).languageId;
    return typeof id === "number" && Number.isInteger(id) ? id : undefined;
}

/** Who clicked, as the payload's informational caller block. */
export function readCaller(xrm: XrmApi): { userId: string; name: string; languageId: number } {
    const settings = userSettingsOf(xrm);
    return {
        userId: normalizeGuid(settings.userId) ?? "",
        name: typeof settings.userName === "string" ? settings.userName : "",
        languageId: userLanguageId(xrm) ?? 1033,
    };
}

/** What settings need from the page. No tenant: Xrm documents none, so settingsJson names it. */
export function xrmHostDefaults(origin: string, publisherPrefix: string): HostDefaults {
    return { origin, publisherPrefix };
}

/** The environment's base URL: getGlobalContext().getClientUrl() (…/xrm-utility/getglobalcontext/getclienturl). */
function clientUrl(xrm: XrmApi, page: Window): string {
    try {
        const url = xrm.Utility.getGlobalContext().getClientUrl?.();
        if (typeof url === "string" && url !== "") return url.replace(/\/+$/, "");
    } catch {
        // Fall through: the page's own origin is the environment's.
    }
    return page.location?.origin ?? "";
}

/**
 * A GET on the environment's Web API from the page: same origin, the app's own session, no token
 * ("Client-side JavaScript using Web API in model-driven apps"). Used for what Xrm.WebApi's CRUD methods can't
 * ask (a function) and for the one usersettings column; rejects on any failure.
 */
async function webApiGet(xrm: XrmApi, page: Window, path: string): Promise<Record<string, unknown>> {
    const response = await page.fetch(`${clientUrl(xrm, page)}/api/data/v9.2/${path}`, {
        headers: { Accept: "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0" },
        credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`Web API answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
}

/** usersettings.timezonecode and the LocalTimeFromUtcTime function, over the environment's Web API. */
export function xrmTimeZoneSource(xrm: XrmApi, page: Window, userId: string): TimeZoneSource {
    return {
        timeZoneCode: async () => {
            if (!userId) throw new Error("No user id");
            const row = await webApiGet(xrm, page, `usersettingscollection(${userId})?$select=timezonecode`);
            return row.timezonecode as number;
        },
        localTimeFromUtcTime: async (timeZoneCode, utcTime) => {
            const answer = await webApiGet(
                xrm,
                page,
                `LocalTimeFromUtcTime(TimeZoneCode=@p1,UtcTime=@p2)?@p1=${timeZoneCode}&@p2=${encodeURIComponent(utcTime)}`,
            );
            return answer.LocalTime as string;
        },
    };
}

/** One time zone lookup per user and environment for the life of the page (offsets found are kept). */
const userTimeZones = new Map<string, UserTimeZone>();

function userTimeZoneFor(xrm: XrmApi, page: Window, userId: string): UserTimeZone {
    const key = `${clientUrl(xrm, page)}\n${userId}`;
    let timeZone = userTimeZones.get(key);
    if (!timeZone) {
        timeZone = createUserTimeZone(xrmTimeZoneSource(xrm, page, userId));
        userTimeZones.set(key, timeZone);
    }
    return timeZone;
}

/**
 * The record reader's sources over Xrm. UserLocal date-only values get their own instant's offset from
 * Dataverse (userTimeZone.ts), never Xrm's getTimeZoneOffsetMinutes(), which is today's.
 */
export function xrmRecordSources(xrm: XrmApi, timeZone: UserTimeZone): RecordReaderSources {
    return {
        records: {
            retrieveRecord: (table, id, options) => Promise.resolve(xrm.WebApi.retrieveRecord(table, id, options)),
        },
        metadata: {
            getEntityMetadata: (table, attributes) => Promise.resolve(xrm.Utility.getEntityMetadata(table, attributes)),
        },
        prepareTimeZoneOffsets: (instants) => timeZone.prepare(instants),
        userTimeZoneOffsetMinutes: (instant) => timeZone.offsetMinutes(instant),
    };
}

/** Xrm.WebApi.retrieveMultipleRecords has PCF's shape ({ entities, nextLink }): the lookup reads it as is. */
export function xrmEnvironmentVariables(xrm: XrmApi): EnvironmentVariableWebApi {
    return {
        retrieveMultipleRecords: (entityType, options, maxPageSize) =>
            Promise.resolve(
                xrm.WebApi.retrieveMultipleRecords(entityType, options, maxPageSize),
            ) as Promise<ComponentFramework.WebApi.RetrieveMultipleResponse>,
    };
}

/** The app user's UPN and Entra object id from their systemuser row; empty when it can't be read. */
export async function lookUpSignedInUser(xrm: XrmApi, userId: string): Promise<SignedInUser> {
    if (!userId) return {};
    try {
        return signedInUserFromRow(await xrm.WebApi.retrieveRecord("systemuser", userId, SIGNED_IN_USER_SELECT));
    } catch {
        // Without a hint MSAL still works; the user may just have to pick the account.
        return {};
    }
}

/**
 * One token provider per user and Entra settings for the life of the page: the second click of a command
 * (or another command with the same settings) reaches MSAL synchronously, so a needed popup opens in the click.
 */
const tokenProviders = new Map<string, TokenProvider>();

/** Everything the run needs, over Xrm. */
export function xrmServices(xrm: XrmApi, page: Window): CommandServices {
    const caller = readCaller(xrm);
    return {
        caller,
        recordSources: xrmRecordSources(xrm, userTimeZoneFor(xrm, page, caller.userId)),
        environmentVariables: xrmEnvironmentVariables(xrm),
        tokenProviderFor: (entra: EntraSettings) => {
            const key = JSON.stringify([caller.userId, entra]);
            let provider = tokenProviders.get(key);
            if (!provider) {
                provider = new DeferredTokenProvider(async () =>
                    createTokenProvider(entra, await lookUpSignedInUser(xrm, caller.userId)),
                );
                tokenProviders.set(key, provider);
            }
            return provider;
        },
        fetch: (input, init) => page.fetch(input, init),
        onPageHide: (abort) => {
            page.addEventListener("pagehide", abort);
            return () => page.removeEventListener("pagehide", abort);
        },
    };
}

export function xrmDialogs(xrm: XrmApi): CommandDialogs {
    return {
        alert: async (text, title) => {
            try {
                await xrm.Navigation.openAlertDialog(title === undefined ? { text } : { text, title });
            } catch {
                // Nothing else can show it; the run itself is unaffected.
            }
        },
        confirm: async (text, title, confirmLabel, cancelLabel) => {
            try {
                const answer = await xrm.Navigation.openConfirmDialog({
                    text,
                    ...(title !== undefined ? { title } : {}),
                    ...(confirmLabel !== undefined ? { confirmButtonLabel: confirmLabel } : {}),
                    ...(cancelLabel !== undefined ? { cancelButtonLabel: cancelLabel } : {}),
                });
                return answer?.confirmed === true;
            } catch {
                return false;
            }
        },
        showProgress: (text) => {
            try {
                xrm.Utility.showProgressIndicator(text);
            } catch {
                // Progress is a courtesy; the run goes on without it.
            }
        },
        closeProgress: () => {
            try {
                xrm.Utility.closeProgressIndicator();
            } catch {
                // Same as above.
            }
        },
        openUrl: (url) => {
            try {
                xrm.Navigation.openUrl?.(url);
            } catch {
                // The dialog already told the user what to do.
            }
        },
    };
}
