import type { ConfigProblem } from "../contracts/configProblem";
import type { EntraSettings } from "../auth/entraSettings";
import type { UrlPolicyOptions } from "../flow/urlPolicy";
import type { FieldSelection } from "../payload/payload.types";

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

export type FlowTarget =
    | { readonly kind: "url"; readonly url: string }
    | { readonly kind: "environmentVariable"; readonly schemaName: string };

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

/** A configuration error names the manifest property it is about. */
export type ConfigError = ConfigProblem<PropertyName>;

export type SettingsResult =
    | { readonly ok: true; readonly settings: Settings }
    | { readonly ok: false; readonly errors: readonly ConfigError[]; readonly button: ButtonSettings };
