import type { UserMessage } from "../strings/messages";

export type AuthMode = "EntraUser" | "SharedAccessSignature";
export type CloudName = "Public" | "UsGov" | "UsGovHigh" | "UsGovDoD" | "China";
export type ButtonAppearance = "primary" | "default";

/** Manifest property names: a contract shared by the manifest, docs and tests. */
export const PropertyNames = [
    "flowUrl",
    "authMode",
    "clientId",
    "tenantId",
    "cloud",
    "authority",
    "redirectUri",
    "payloadFields",
    "trustedHosts",
    "buttonLabel",
    "buttonIcon",
    "buttonAppearance",
    "accessibleLabel",
    "confirmationText",
    "successMessage",
    "timeoutSeconds",
    "enableOnReadOnlyForm",
    "writeResponseToField",
    "sendTrackingHeader",
] as const;
export type PropertyName = (typeof PropertyNames)[number];

/** Raw input values as the host hands them over (null/undefined when not set). */
export type RawProperties = Partial<Record<PropertyName, string | number | boolean | null | undefined>>;

/** A host allowed to receive the token besides the Power Automate trigger hosts. */
export interface TrustedHost {
    /** Lower-case host name, IDN in punycode (as URL.hostname gives it). */
    readonly hostname: string;
    /** Explicit port, or undefined for the scheme's default port. */
    readonly port?: number;
    /** Loopback hosts (127.0.0.1, ::1, localhost) may be reached over http, and only when listed. */
    readonly allowHttp: boolean;
}

/** Which credentials may go to which URL: input of the URL policy. */
export interface UrlPolicyOptions {
    readonly authMode: AuthMode;
    readonly cloud: CloudName;
    readonly trustedHosts: readonly TrustedHost[];
}

export type FlowTarget =
    | { readonly kind: "url"; readonly url: string }
    | { readonly kind: "environmentVariable"; readonly schemaName: string };

export type FieldSelection =
    { readonly kind: "none" } | { readonly kind: "all" } | { readonly kind: "list"; readonly names: readonly string[] };

export interface EntraSettings {
    readonly clientId: string;
    readonly tenantId: string;
    readonly cloud: CloudName;
    /** Sign-in authority, e.g. https://login.microsoftonline.com/<tenant> (no trailing slash). */
    readonly authority: string;
    /** True when `authority` came from the maker's override and its host is not a Microsoft sign-in host. */
    readonly authorityIsCustom: boolean;
    readonly scope: string;
    readonly redirectUri: string;
}

export interface ButtonSettings {
    readonly label: string;
    readonly icon?: string;
    readonly appearance: ButtonAppearance;
    readonly accessibleLabel: string;
    /** Empty: no confirmation dialog. */
    readonly confirmationText: string;
    /** Empty: show the flow's own message, or the default success text. */
    readonly successMessage: string;
}

export interface Settings {
    readonly target: FlowTarget;
    readonly urlPolicy: UrlPolicyOptions;
    /** Present in EntraUser mode only. */
    readonly entra?: EntraSettings;
    readonly fields: FieldSelection;
    readonly button: ButtonSettings;
    readonly timeoutMs: number;
    readonly enableOnReadOnlyForm: boolean;
    readonly writeResponseToField: boolean;
    /**
     * Also send the correlation id as the `x-ms-client-tracking-id` header. Off by default: no public source
     * shows the trigger's CORS preflight allowing it, and a refused preflight fails every click.
     */
    readonly sendTrackingHeader: boolean;
}

export interface ConfigError {
    readonly property: PropertyName;
    readonly reason: UserMessage;
}

export type SettingsResult =
    | { readonly ok: true; readonly settings: Settings }
    | { readonly ok: false; readonly errors: readonly ConfigError[]; readonly button: ButtonSettings };
