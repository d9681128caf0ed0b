import { SIGNED_IN_USER_SELECT, signedInUserFromRow, type SignedInUser } from "../auth/accountSelection";
import type { EntraSettings } from "../auth/entraSettings";
import { createTokenProvider, type TokenProvider } from "../auth/tokenProvider";
import { normalizeGuid } from "../contracts/guid";
import type { EnvironmentVariableWebApi } from "../flow/environmentVariable";
import type { RecordReaderSources } from "../payload/recordReader";
import { DeferredTokenProvider } from "../run/deferredTokenProvider";
import type { HostDefaults } from "../settings/settings";
import type { CommandServices } from "./commandLibrary";

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
 * - Xrm.Utility.getGlobalContext(): userSettings {languageId, userId, userName, getTimeZoneOffsetMinutes()},
 *   getClientUrl() (…/xrm-utility/getglobalcontext). organizationSettings has no tenant id: settingsJson
 *   must name tenantId (parseSettings then says so, naming the key).
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
    /** Minutes to add to UTC for the user's Dataverse time zone, now (no date argument, unlike PCF). */
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
        getGlobalContext(): { readonly userSettings: XrmUserSettings };
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

/** SelectedControl: the grid or subgrid the command was clicked on. */
export interface GridControlLike {
    refresh(): void;
}

/** PrimaryControl: the form the command was clicked on. */
export interface FormContextLike {
    readonly data: {
        readonly entity: {
            getId(): string;
            getEntityName(): string;
            getIsDirty(): boolean;
        };
        save(options?: object): PromiseLike<unknown>;
        refresh(save?: boolean): PromiseLike<unknown>;
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

/** The record reader's sources over Xrm (phase B builds the runner with these). */
export function xrmRecordSources(xrm: XrmApi): RecordReaderSources {
    return {
        records: {
            retrieveRecord: (table, id, options) => Promise.resolve(xrm.WebApi.retrieveRecord(table, id, options)),
        },
        metadata: {
            getEntityMetadata: (table, attributes) => Promise.resolve(xrm.Utility.getEntityMetadata(table, attributes)),
        },
        // Xrm gives the offset for now only; dates far from now may be off by a DST hour (documented limit).
        userTimeZoneOffsetMinutes: () => {
            const offset = userSettingsOf(xrm).getTimeZoneOffsetMinutes?.();
            return typeof offset === "number" ? offset : -new Date().getTimezoneOffset();
        },
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
        recordSources: xrmRecordSources(xrm),
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

/** The platform's dialogs and progress indicator; none of these rejects. */
export interface CommandDialogs {
    alert(text: string, title?: string): Promise<void>;
    /** false when the user cancels, closes the dialog, or the dialog could not open. */
    confirm(text: string, title?: string, confirmLabel?: string, cancelLabel?: string): Promise<boolean>;
    showProgress(text: string): void;
    closeProgress(): void;
    /** Opens a page in a new window or tab (the record outside an embedding site). */
    openUrl?(url: string): void;
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
