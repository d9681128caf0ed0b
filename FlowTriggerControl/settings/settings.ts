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
    UnsavedChangesPolicy,
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

const AUTH_MODES: readonly AuthMode[] = ["EntraUser", "SharedAccessSignature"];
const UNSAVED_CHANGES_POLICIES: readonly UnsavedChangesPolicy[] = ["SaveThenRun", "RunWithSavedValues", "Block"];
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

    const authMode = readEnum(raw, "authMode", AUTH_MODES, "EntraUser", fail);
    const cloud = readEnum(raw, "cloud", CLOUD_NAMES, "Public", fail);

    const trustedHosts = readTrustedHosts(raw.trustedHosts, fail);
    const urlPolicy: UrlPolicyOptions = { authMode, cloud, trustedHosts };
    const target = readTarget(raw.flowUrl, urlPolicy, fail);
    const entra = authMode === "EntraUser" ? readEntra(raw, cloud, host, fail) : undefined;
    const fields = readFieldSelection(raw.payloadFields, fail);
    const button = readButton(raw, fail);
    const timeoutMs = readTimeout(raw.timeoutSeconds, fail);
    const unsavedChanges = readEnum(raw, "unsavedChanges", UNSAVED_CHANGES_POLICIES, "SaveThenRun", fail);

    // Every reader that gives up (no target, no Entra settings in EntraUser mode) has reported why.
    if (errors.length > 0 || !target) {
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
            unsavedChanges,
            refreshAfterRun: readBoolean(raw.refreshAfterRun),
        },
    };
}

type Fail = (property: PropertyName, reason: UserMessage) => undefined;

function text(value: RawProperties[PropertyName]): string {
    return String(value ?? "").trim();
}

/** One of the allowed options (any case); the fallback when empty or unknown, with an error when unknown. */
function readEnum<T extends string>(
    raw: RawProperties,
    property: PropertyName,
    allowed: readonly T[],
    fallback: T,
    fail: Fail,
): T {
    const s = text(raw[property]);
    const match = allowed.find((option) => option.toLowerCase() === s.toLowerCase());
    if (match) return match;
    if (s !== "") fail(property, message("Error_Config_UnknownOption", s));
    return fallback;
}

/** true, or text such as "true", "1" or "yes" (a boolean's own text is "true" or "false"). */
function readBoolean(value: RawProperties[PropertyName]): boolean {
    return ["true", "1", "yes"].includes(text(value).toLowerCase());
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

function readEntra(raw: RawProperties, cloud: CloudName, host: HostDefaults, fail: Fail): EntraSettings | undefined {
    const definition = CLOUDS[cloud];

    // normalizeGuid trims, and a number or boolean can never be a GUID: no text() needed around it.
    const clientId = normalizeGuid(raw.clientId);
    if (clientId === undefined) {
        fail("clientId", message(text(raw.clientId) === "" ? "Error_Config_RequiredForEntra" : "Error_Config_NotGuid"));
    }
    // No tenant set: the environment's own.
    const tenantIsSet = text(raw.tenantId) !== "";
    const tenantId = normalizeGuid(tenantIsSet ? raw.tenantId : host.orgTenantId);
    if (tenantId === undefined) {
        fail("tenantId", message(tenantIsSet ? "Error_Config_NotGuid" : "Error_Config_TenantUnknown"));
    }

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
        const problem =
            name === ""
                ? message("Error_Config_FieldListEmptyItem")
                : name === "*"
                  ? message("Error_Config_FieldListStarMixed")
                  : !LOGICAL_NAME_PATTERN.test(name) || name.length > 100
                    ? message("Error_Config_FieldListBadName", item.trim().slice(0, 100))
                    : undefined;
        if (problem) {
            fail("payloadFields", problem);
            return { kind: "none" };
        }
        if (!names.includes(name)) names.push(name);
    }
    return { kind: "list", names };
}

function readLimitedText(raw: RawProperties, property: PropertyName, max: number, fail: Fail): string {
    const s = text(raw[property]);
    if (s.length <= max) return s;
    fail(property, message("Error_Config_TooLong", String(max)));
    return s.slice(0, max);
}

function readButton(raw: RawProperties, fail: Fail): ButtonSettings {
    const label = readLimitedText(raw, "buttonLabel", MAX_LABEL_LENGTH, fail);
    const iconText = text(raw.buttonIcon);
    const icon = ICON_NAME.test(iconText)
        ? iconText
        : iconText === ""
          ? undefined
          : fail("buttonIcon", message("Error_Config_BadIconName"));
    return {
        label,
        icon,
        appearance: readEnum(raw, "buttonAppearance", APPEARANCES, "primary", fail),
        accessibleLabel: readLimitedText(raw, "accessibleLabel", MAX_LABEL_LENGTH, fail),
        confirmationText: readLimitedText(raw, "confirmationText", MAX_CONFIRMATION_LENGTH, fail),
        // The outcome message shows no more than this anyway.
        successMessage: readLimitedText(raw, "successMessage", MAX_SHOWN_TEXT_LENGTH, fail),
    };
}

function readTimeout(value: RawProperties["timeoutSeconds"], fail: Fail): number {
    const s = text(value);
    // A number arrives as its own text, so Number() gives it back unchanged (-0 aside, which is out of range).
    const seconds = s === "" ? DEFAULT_TIMEOUT_SECONDS : Number(s);
    if (Number.isInteger(seconds) && seconds >= MIN_TIMEOUT_SECONDS && seconds <= MAX_TIMEOUT_SECONDS) {
        return seconds * 1000;
    }
    fail(
        "timeoutSeconds",
        message("Error_Config_TimeoutRange", String(MIN_TIMEOUT_SECONDS), String(MAX_TIMEOUT_SECONDS)),
    );
    return DEFAULT_TIMEOUT_SECONDS * 1000;
}
