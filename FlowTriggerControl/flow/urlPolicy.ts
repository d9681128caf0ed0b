/**
 * Which URL may receive which credential. A bearer token goes only over https to the configured
 * cloud's trigger hosts or to hosts the maker listed; a SAS ("Anyone") URL never gets a bearer.
 * Decisions are made on the parsed URL; the raw text is compared with it wherever the parser would
 * silently normalize something (IP forms, percent-encoded or full-width host names, stripped tabs).
 */

import { CLOUDS, cloudOfTriggerHost } from "./clouds";
import type { CloudName } from "../contracts/cloudName";
import { failure as fail, success, type Result } from "../contracts/result";

export type AuthMode = "EntraUser" | "SharedAccessSignature";

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

/** A URL the policy accepted, and whether a bearer token may go with it. */
export interface CheckedUrl {
    readonly url: URL;
    /** False for a URL that carries its own signature (sig=) or in SAS mode: no bearer goes there. */
    readonly sendsToken: boolean;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** Shared Access Signature query parameters: any of them means "this URL is its own credential". */
const SAS_PARAMETER = /^(?:sig|sp|sv)$/;

/** Anything but visible ASCII, plus the backslash the URL parser would turn into a slash. */
const FORBIDDEN_CHARACTER = /[^\x21-\x7e]|\\/;

const SCHEME_PREFIX = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** The raw authority of an absolute (`scheme://host…`) or scheme-relative (`//host…`) URL. */
const RAW_AUTHORITY = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/([^/?#]*)/;
const PORT_DIGITS = /^[0-9]{1,5}$/;

/** The invoke path: `/workflows/<32 hex>/triggers/<name>/paths/invoke`, on environment API hosts under a prefix. */
const TRIGGER_PATH = new RegExp(
    "^(?:/powerautomate/automations/direct(?:/cu/[0-9]{1,6})?)?" +
        "/workflows/[0-9a-fA-F]{32}/triggers/[A-Za-z0-9_-]{1,128}/paths/invoke$",
);

/** Longest maker-supplied text echoed back in a message. */
const MAX_ECHO = 100;

/** True when the input should be treated as a URL rather than an environment variable schema name. */
export function looksLikeUrl(raw: string): boolean {
    // Schema names are letters, digits and underscores only; any URL has one of these (none is a space: no trim).
    return /[:/.\\@?#]/.test(raw);
}

/** The configured trigger URL. */
export function checkFlowUrl(raw: string, policy: UrlPolicyOptions): Result<CheckedUrl> {
    return checkUrl(raw, policy);
}

/**
 * A 202 `Location`, resolved against the trigger URL. Same scheme, host, port, userinfo and fragment
 * rules; the path is not limited to the invoke path because a status URL lives under `/runs/…`.
 * In SAS mode only the trigger's own origin is accepted. A status URL that carries its own `sig`
 * is polled without a bearer: the two schemes are never combined.
 */
export function checkFollowUpUrl(raw: string, triggerUrl: URL, policy: UrlPolicyOptions): Result<CheckedUrl> {
    return checkUrl(raw, policy, triggerUrl);
}

/** The trigger URL itself when `triggerUrl` is undefined, else a status URL relative to it. */
function checkUrl(raw: string, policy: UrlPolicyOptions, triggerUrl?: URL): Result<CheckedUrl> {
    const text = raw.trim();
    if (text === "") return fail("Error_Url_Empty");
    if (FORBIDDEN_CHARACTER.test(text)) return fail("Error_Url_ForbiddenCharacters");
    let url: URL;
    try {
        url = new URL(text, triggerUrl);
    } catch {
        return fail("Error_Url_Malformed");
    }
    const match = RAW_AUTHORITY.exec(text);
    // A path-relative status URL keeps the trigger's scheme, host and port, already checked.
    const rawAuthority = match ? match[1] : triggerUrl && !SCHEME_PREFIX.test(text) ? triggerUrl.host : "";

    if (url.protocol !== "https:" && url.protocol !== "http:") return fail("Error_Url_NotHttps");
    if (rawAuthority === "") return fail("Error_Url_Malformed");
    if (rawAuthority.includes("@") || url.username !== "" || url.password !== "") {
        return fail("Error_Url_HasCredentials");
    }
    if (text.includes("#")) return fail("Error_Url_HasFragment");

    const authority = splitAuthority(rawAuthority);
    if (authority === undefined) return fail("Error_Url_Malformed");
    // The parser maps decimal/hex/octal IPs, %-escapes and full-width letters to another host: refuse.
    if (authority.host.toLowerCase() !== url.hostname) {
        return fail("Error_Url_HostNotCanonical", shortenForMessage(url.hostname));
    }
    // An empty port ("host:") is the default port to the URL parser; treat it the same.
    if (authority.port && !PORT_DIGITS.test(authority.port)) {
        return fail("Error_Url_Port", shortenForMessage(authority.port));
    }

    const hostname = url.hostname;
    const schemePort = url.protocol === "http:" ? 80 : 443;
    const port = Number(url.port || schemePort);
    const isTrigger = CLOUDS[policy.cloud].isTriggerHost(hostname);
    const trustedByName = policy.trustedHosts.filter((h) => h.hostname === hostname);

    if (triggerUrl && policy.authMode === "SharedAccessSignature" && url.origin !== triggerUrl.origin) {
        return fail("Error_Url_FollowUpOtherOrigin", hostname);
    }

    if (isTrigger) {
        if (url.protocol !== "https:") return fail("Error_Url_NotHttps");
        if (port !== 443) return fail("Error_Url_Port", String(port));
        if (!triggerUrl && !TRIGGER_PATH.test(url.pathname)) return fail("Error_Url_BadPath");
    } else if (trustedByName.length > 0) {
        const entry = trustedByName.find((h) => (h.port ?? schemePort) === port);
        if (entry === undefined) return fail("Error_Url_Port", String(port));
        // http only for a listed loopback host, whatever the entry claims.
        if (url.protocol === "http:" && !(entry.allowHttp && LOOPBACK_HOSTS.has(hostname))) {
            return fail("Error_Url_NotHttps");
        }
    } else {
        const otherCloud = cloudOfTriggerHost(hostname);
        if (otherCloud !== undefined) return fail("Error_Url_OtherCloud", hostname, otherCloud, policy.cloud);
        return fail("Error_Url_UnknownHost", shortenForMessage(hostname));
    }

    const carriesSas = hasSasParameter(url);
    if (policy.authMode === "EntraUser") {
        if (!triggerUrl && carriesSas) return fail("Error_Url_HasSignatureInEntraMode");
        return success({ url, sendsToken: !carriesSas });
    }
    if (!triggerUrl) {
        const params = url.searchParams;
        if (!params.get("sig")) return fail("Error_Url_MissingSignature");
        if (!params.get("sp") || !params.get("sv")) return fail("Error_Url_IncompleteSignature");
    }
    return success({ url, sendsToken: false });
}

/** Host and port text of a raw authority; the port is "" for "host:" and undefined without a colon. */
function splitAuthority(authority: string): { host: string; port?: string } | undefined {
    if (authority.startsWith("[")) {
        // An IPv6 literal: up to the first "]", then nothing or ":port".
        const match = /^(\[[^\]]*\])(?::([\s\S]*))?$/.exec(authority);
        return match ? { host: match[1], port: match[2] } : undefined;
    }
    const colon = authority.lastIndexOf(":");
    if (colon < 0) return { host: authority };
    return { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

/**
 * True when any query parameter is, after up to three rounds of percent-decoding and ignoring case
 * and punctuation, one of sig/sp/sv; also when the decoded query text contains such a pair.
 */
function hasSasParameter(url: URL): boolean {
    const query = url.search.slice(1); // search is "" or "?…"; an empty query has no name to match
    const isSasName = (name: string): boolean => SAS_PARAMETER.test(name.toLowerCase().replace(/[^a-z0-9]/g, ""));
    for (const piece of query.split(/[&;]/)) {
        if (isSasName(decodeRepeatedly(piece.split("=")[0]))) return true;
    }
    for (const key of url.searchParams.keys()) {
        if (isSasName(key)) return true;
    }
    return /(?:^|[?&;])[^a-z0-9=&;]*(?:sig|sp|sv)[^a-z0-9=&;]*=/i.test(decodeRepeatedly(query));
}

/** Always three rounds: once a round changes nothing, the next ones (the same input) change nothing either. */
function decodeRepeatedly(text: string): string {
    let current = text.replace(/\+/g, " ");
    for (let round = 0; round < 3; round++) {
        try {
            current = decodeURIComponent(current);
        } catch {
            // Malformed escapes: decode what can be decoded, byte by byte.
            current = current.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        }
    }
    return current;
}

/**
 * The `trustedHosts` property: "host[:port], host2". Host names only: no scheme, path, wildcard,
 * userinfo or empty item. Loopback hosts may then be reached over http; every other host needs https.
 */
export function parseTrustedHosts(raw: string | null | undefined): Result<TrustedHost[]> {
    const text = (raw ?? "").trim();
    if (text === "") return success([]);
    const hosts: TrustedHost[] = [];
    for (const rawItem of text.split(",")) {
        const item = rawItem.trim();
        const parsed = parseTrustedHost(item);
        if (!parsed.ok) return parsed;
        hosts.push(parsed.value);
    }
    return success(hosts);
}

function parseTrustedHost(item: string): Result<TrustedHost> {
    if (item === "") return fail("Error_TrustedHosts_EmptyItem");
    const shown = shortenForMessage(item);
    if (FORBIDDEN_CHARACTER.test(item)) return fail("Error_TrustedHosts_InvalidHost", shown);
    if (item.includes("://")) return fail("Error_TrustedHosts_HasScheme", shown);
    if (item.includes("*")) return fail("Error_TrustedHosts_Wildcard", shown);
    if (item.includes("@")) return fail("Error_TrustedHosts_HasCredentials", shown);
    if (/[/?#]/.test(item)) return fail("Error_TrustedHosts_HasPath", shown);

    const authority = splitAuthority(item);
    if (authority === undefined || authority.host === "") return fail("Error_TrustedHosts_InvalidHost", shown);
    let port: number | undefined;
    if (authority.port !== undefined) {
        // "host:" (empty port) is refused too.
        port = Number(authority.port);
        if (!PORT_DIGITS.test(authority.port) || port < 1 || port > 65535) {
            return fail("Error_TrustedHosts_BadPort", shown);
        }
    }

    let hostname: string;
    try {
        hostname = new URL(`https://${authority.host}/`).hostname;
    } catch {
        return fail("Error_TrustedHosts_InvalidHost", shown);
    }
    // Only canonical spellings: "2130706433" or "LOCALHOST%2e" must not silently become another host.
    if (hostname !== authority.host.toLowerCase() || hostname.endsWith(".")) {
        return fail("Error_TrustedHosts_InvalidHost", shown);
    }
    return success({ hostname, port, allowHttp: LOOPBACK_HOSTS.has(hostname) });
}

/** Maker-supplied text as a message shows it: cut to MAX_ECHO characters. */
export function shortenForMessage(text: string): string {
    return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}
