import type { EntraSettings } from "../auth/entraSettings";
import { defaultRedirectUri } from "../auth/redirectPage";
import type { CloudName } from "../contracts/cloudName";
import { LOGICAL_NAME_PATTERN } from "../contracts/dataverse";
import { normalizeGuid } from "../contracts/guid";
import { MAX_SHOWN_TEXT_LENGTH, message, type UserMessage } from "../contracts/userMessage";
import { CLOUD_NAMES, CLOUDS, isMicrosoftLoginHost } from "../flow/clouds";
import {
    checkFlowUrl,
    looksLikeUrl,
    parseTrustedHosts,
    type AuthMode,
    type TrustedHost,
    type UrlPolicyOptions,
} from "../flow/urlPolicy";
import type { FieldSelection } from "../payload/payload.types";
import type {
    ButtonAppearance,
    ButtonSettings,
    ConfigError,
    FlowTarget,
    PropertyName,
    RawProperties,
    SettingsResult,
} from "./settings.types";

/** What the host page knows that settings need; read by the platform adapter. */
export interface HostDefaults {
    /** Origin of the page the control runs in, e.g. https://contoso.crm4.dynamics.com */
    readonly origin: string;
    /** Tenant of the environment, when the host exposes it. */
    readonly orgTenantId?: string;
    /** Publisher prefix of the solution, which names the sign-in redirect web resource. */
    readonly publisherPrefix: string;
}

const DEFAULT_TIMEOUT_SECONDS = 130;
const MIN_TIMEOUT_SECONDS = 5;
const MAX_TIMEOUT_SECONDS = 600;
const MAX_LABEL_LENGTH = 100;
const MAX_CONFIRMATION_LENGTH = 1000;
const MAX_SUCCESS_MESSAGE_LENGTH = MAX_SHOWN_TEXT_LENGTH;

const AUTH_MODES: readonly AuthMode[] = ["EntraUser", "SharedAccessSignature"];
const APPEARANCES: readonly ButtonAppearance[] = ["primary", "default"];

// Dataverse schema names: publisher prefix, underscore, name (letters, digits, underscores).
const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+$/;
const ICON_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * Turns raw property values into typed settings, or a list of configuration errors that each name
 * the property and a localized reason. Pure; never throws.
 */
export function parseSettings(raw: RawProperties, host: HostDefaults): SettingsResult {
    const errors: ConfigError[] = [];
    const fail = (property: PropertyName, reason: UserMessage): undefined => {
        errors.push({ property, reason });
        return undefined;
    };

    const authMode = readEnum(raw.authMode, AUTH_MODES, "EntraUser", (value) =>
        fail("authMode", message("Error_Config_UnknownOption", value)),
    );
    const cloud = readEnum(raw.cloud, CLOUD_NAMES, "Public", (value) =>
        fail("cloud", message("Error_Config_UnknownOption", value)),
    );

    const trustedHosts = readTrustedHosts(raw.trustedHosts, fail);
    const urlPolicy: UrlPolicyOptions = { authMode, cloud, trustedHosts };
    const target = readTarget(raw.flowUrl, urlPolicy, fail);
    const entra = authMode === "EntraUser" ? readEntra(raw, cloud, host, fail) : undefined;
    const fields = readFieldSelection(raw.payloadFields, fail);
    const button = readButton(raw, fail);
    const timeoutMs = readTimeout(raw.timeoutSeconds, fail);

    if (errors.length > 0 || !target || (authMode === "EntraUser" && !entra)) {
        return { ok: false, errors, button };
    }
    return {
        ok: true,
        settings: {
            target,
            urlPolicy,
            entra,
            fields,
            button,
            timeoutMs,
            enableOnReadOnlyForm: readBoolean(raw.enableOnReadOnlyForm),
            writeResponseToField: readBoolean(raw.writeResponseToField),
            sendTrackingHeader: readBoolean(raw.sendTrackingHeader),
        },
    };
}

type Fail = (property: PropertyName, reason: UserMessage) => undefined;

function text(value: RawProperties[PropertyName]): string {
    if (value === null || value === undefined) return "";
    return String(value).trim();
}

function readEnum<T extends string>(
    value: RawProperties[PropertyName],
    allowed: readonly T[],
    fallback: T,
    onUnknown: (value: string) => void,
): T {
    const s = text(value);
    if (s === "") return fallback;
    const match = allowed.find((option) => option.toLowerCase() === s.toLowerCase());
    if (match) return match;
    onUnknown(s);
    return fallback;
}

function readBoolean(value: RawProperties[PropertyName]): boolean {
    if (typeof value === "boolean") return value;
    const s = text(value).toLowerCase();
    return s === "true" || s === "1" || s === "yes";
}

function readTrustedHosts(value: RawProperties["trustedHosts"], fail: Fail): readonly TrustedHost[] {
    const parsed = parseTrustedHosts(text(value));
    if (parsed.ok) return parsed.value;
    fail("trustedHosts", parsed.reason);
    return [];
}

function readTarget(value: RawProperties["flowUrl"], policy: UrlPolicyOptions, fail: Fail): FlowTarget | undefined {
    const s = text(value);
    if (s === "") return fail("flowUrl", message("Error_Config_Required"));
    if (looksLikeUrl(s)) {
        const check = checkFlowUrl(s, policy);
        return check.ok ? { kind: "url", url: check.value.url.href } : fail("flowUrl", check.reason);
    }
    if (ENVIRONMENT_VARIABLE_NAME.test(s)) return { kind: "environmentVariable", schemaName: s };
    return fail("flowUrl", message("Error_Config_FlowUrlNotUrlOrVariable"));
}

function readGuid(value: RawProperties[PropertyName]): string | undefined {
    return normalizeGuid(text(value));
}

function readEntra(raw: RawProperties, cloud: CloudName, host: HostDefaults, fail: Fail): EntraSettings | undefined {
    const definition = CLOUDS[cloud];

    let clientId: string | undefined;
    if (text(raw.clientId) === "") fail("clientId", message("Error_Config_RequiredForEntra"));
    else clientId = readGuid(raw.clientId) ?? fail("clientId", message("Error_Config_NotGuid"));

    let tenantId: string | undefined;
    if (text(raw.tenantId) !== "")
        tenantId = readGuid(raw.tenantId) ?? fail("tenantId", message("Error_Config_NotGuid"));
    else tenantId = normalizeGuid(host.orgTenantId) ?? fail("tenantId", message("Error_Config_TenantUnknown"));

    const authorityBase = readAuthorityBase(raw.authority, `https://${definition.loginHost}`, fail);
    const redirectUri = readRedirectUri(raw.redirectUri, host, fail);

    if (!clientId || !tenantId || !authorityBase || !redirectUri) return undefined;
    return {
        clientId,
        tenantId,
        cloud,
        authority: `${authorityBase.href.replace(/\/+$/, "")}/${tenantId}`,
        authorityIsCustom: !isMicrosoftLoginHost(authorityBase.hostname),
        scope: definition.flowScope,
        redirectUri,
    };
}

function parseAbsoluteUrl(s: string): URL | undefined {
    try {
        return new URL(s);
    } catch {
        return undefined;
    }
}

function readAuthorityBase(value: RawProperties["authority"], fallback: string, fail: Fail): URL | undefined {
    const s = text(value);
    const url = parseAbsoluteUrl(s === "" ? fallback : s);
    if (!url) return fail("authority", message("Error_Config_NotUrl"));
    if (url.protocol !== "https:") return fail("authority", message("Error_Config_AuthorityNotHttps"));
    if (url.username || url.password || url.search || url.hash) {
        return fail("authority", message("Error_Config_AuthorityExtraParts"));
    }
    return url;
}

function readRedirectUri(value: RawProperties["redirectUri"], host: HostDefaults, fail: Fail): string | undefined {
    const s = text(value);
    if (s === "") {
        try {
            return defaultRedirectUri(host.origin, host.publisherPrefix);
        } catch {
            // Sign-in needs a secure page (https, or http on loopback) to return to.
            return fail("redirectUri", message("Error_Config_PageNotSecure"));
        }
    }
    const url = parseAbsoluteUrl(s);
    if (!url) return fail("redirectUri", message("Error_Config_NotUrl"));
    // msal-browser v5 hands the answer back over a same-origin BroadcastChannel: another origin can never work.
    if (url.origin !== host.origin)
        return fail("redirectUri", message("Error_Config_RedirectOtherOrigin", host.origin));
    if (url.hash) return fail("redirectUri", message("Error_Config_RedirectHasFragment"));
    return url.href;
}

function readFieldSelection(value: RawProperties["payloadFields"], fail: Fail): FieldSelection {
    const s = text(value);
    if (s === "") return { kind: "none" };
    if (s === "*") return { kind: "all" };
    const names: string[] = [];
    for (const item of s.split(/[,;\n]/)) {
        const name = item.trim().toLowerCase();
        if (name === "") {
            fail("payloadFields", message("Error_Config_FieldListEmptyItem"));
            return { kind: "none" };
        }
        if (name === "*") {
            fail("payloadFields", message("Error_Config_FieldListStarMixed"));
            return { kind: "none" };
        }
        if (!LOGICAL_NAME_PATTERN.test(name) || name.length > 100) {
            fail("payloadFields", message("Error_Config_FieldListBadName", item.trim().slice(0, 100)));
            return { kind: "none" };
        }
        if (!names.includes(name)) names.push(name);
    }
    return { kind: "list", names };
}

function readLimitedText(value: RawProperties[PropertyName], property: PropertyName, max: number, fail: Fail): string {
    const s = text(value);
    if (s.length <= max) return s;
    fail(property, message("Error_Config_TooLong", String(max)));
    return s.slice(0, max);
}

function readButton(raw: RawProperties, fail: Fail): ButtonSettings {
    const label = readLimitedText(raw.buttonLabel, "buttonLabel", MAX_LABEL_LENGTH, fail);
    const iconText = text(raw.buttonIcon);
    let icon: string | undefined;
    if (iconText !== "") {
        if (ICON_NAME.test(iconText)) icon = iconText;
        else fail("buttonIcon", message("Error_Config_BadIconName"));
    }
    const appearance = readEnum(raw.buttonAppearance, APPEARANCES, "primary", (v) =>
        fail("buttonAppearance", message("Error_Config_UnknownOption", v)),
    );
    return {
        label,
        icon,
        appearance,
        accessibleLabel: readLimitedText(raw.accessibleLabel, "accessibleLabel", MAX_LABEL_LENGTH, fail),
        confirmationText: readLimitedText(raw.confirmationText, "confirmationText", MAX_CONFIRMATION_LENGTH, fail),
        successMessage: readLimitedText(raw.successMessage, "successMessage", MAX_SUCCESS_MESSAGE_LENGTH, fail),
    };
}

function readTimeout(value: RawProperties["timeoutSeconds"], fail: Fail): number {
    const fallback = DEFAULT_TIMEOUT_SECONDS * 1000;
    if (value === null || value === undefined || text(value) === "") return fallback;
    const seconds = typeof value === "number" ? value : Number(text(value));
    if (!Number.isInteger(seconds) || seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
        fail(
            "timeoutSeconds",
            message("Error_Config_TimeoutRange", String(MIN_TIMEOUT_SECONDS), String(MAX_TIMEOUT_SECONDS)),
        );
        return fallback;
    }
    return seconds * 1000;
}
