import type { EntraSettings } from "../auth/entraSettings";
import type { TokenProvider } from "../auth/tokenProvider";
import type { Caller } from "../contracts/record";
import type { EnvironmentVariableWebApi } from "../flow/environmentVariable";
import type { RecordReaderSources } from "../payload/userLocalDates";
import type { HostDefaults } from "../settings/settings";

/**
 * What the command library needs from the page: the one home of these types, imported by the library
 * (commandLibrary.ts) and by the adapter that builds them over Xrm (xrmAdapter.ts), so neither imports the other.
 */

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

/** What the run needs from the page; the entry builds it over Xrm, tests over fakes. */
export interface CommandServices {
    readonly caller: Caller;
    readonly recordSources: RecordReaderSources;
    readonly environmentVariables: EnvironmentVariableWebApi;
    /**
     * The signed-in user's token provider for these Entra settings. Return the same provider for equal
     * settings on a page, so a second click reuses the sign-in (and opens a needed popup at once).
     */
    readonly tokenProviderFor: (entra: EntraSettings) => TokenProvider;
    /** Default: the page's fetch. */
    readonly fetch?: typeof fetch;
    /** Calls `abort` when the page goes away; returns a function that stops listening. */
    readonly onPageHide?: (abort: () => void) => () => void;
}

/** What the library needs from the page, built by the entry over Xrm and by tests over fakes. */
export interface CommandHost {
    readonly dialogs: CommandDialogs;
    readonly languageId?: number;
    readonly hostDefaults: HostDefaults;
    readonly services: CommandServices;
}
