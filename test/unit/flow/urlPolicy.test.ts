import fc from "fast-check";
import { CLOUDS } from "../../../FlowTriggerControl/flow/clouds";
import type { CloudName } from "../../../FlowTriggerControl/contracts/cloudName";
import type { TrustedHost, UrlPolicyOptions } from "../../../FlowTriggerControl/flow/urlPolicy";
import {
    checkFlowUrl,
    checkFollowUpUrl,
    looksLikeUrl,
    parseTrustedHosts,
    type CheckedUrl,
} from "../../../FlowTriggerControl/flow/urlPolicy";
import type { Result } from "../../../FlowTriggerControl/contracts/result";

const WF = "0123456789abcdef0123456789abcdef";
const LEGACY_HOST = "prod-27.westus.logic.azure.com";
const LEGACY_PATH = `/workflows/${WF}/triggers/manual/paths/invoke`;
const LEGACY_QUERY = "?api-version=2016-06-01";
const LEGACY = `https://${LEGACY_HOST}${LEGACY_PATH}${LEGACY_QUERY}`;
const NEW_HOST = "0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com";
const NEW_PATH = `/powerautomate/automations/direct/workflows/${WF}/triggers/manual/paths/invoke`;
const NEW = `https://${NEW_HOST}:443${NEW_PATH}?api-version=1`;
const SAS = "&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC-dEf_123xyz";

function policy(
    authMode: UrlPolicyOptions["authMode"] = "EntraUser",
    trustedHosts: readonly TrustedHost[] = [],
    cloud: CloudName = "Public",
): UrlPolicyOptions {
    return { authMode, cloud, trustedHosts };
}

function trusted(list: string): TrustedHost[] {
    const parsed = parseTrustedHosts(list);
    if (!parsed.ok) throw new Error(`bad test list: ${parsed.reason.key}`);
    return parsed.value;
}

function keyOf(check: Result<CheckedUrl>): string {
    return check.ok ? "ok" : check.reason.key;
}

const LOCAL = trusted("127.0.0.1:8080, [::1]:8080, localhost:8080, flows.contoso.com, api.contoso.com:8443");

describe("checkFlowUrl: accepted URLs", () => {
    const entra: [string, string, UrlPolicyOptions][] = [
        ["legacy", LEGACY, policy()],
        ["legacy with :443", `https://${LEGACY_HOST}:443${LEGACY_PATH}${LEGACY_QUERY}`, policy()],
        [
            "legacy prod2 host and long trigger name",
            `https://prod2-07.canadacentral.logic.azure.com/workflows/${WF}/triggers/When_a_HTTP_request_is_received/paths/invoke?api-version=2016-06-01`,
            policy(),
        ],
        [
            "legacy upper-case host (URL lower-cases it)",
            `https://PROD-27.WestUS.Logic.Azure.com${LEGACY_PATH}${LEGACY_QUERY}`,
            policy(),
        ],
        ["new", NEW, policy()],
        ["new without :443", `https://${NEW_HOST}${NEW_PATH}?api-version=1`, policy()],
        [
            "new with /cu/NN",
            `https://${NEW_HOST}/powerautomate/automations/direct/cu/12/workflows/${WF}/triggers/manual/paths/invoke?api-version=1`,
            policy(),
        ],
        [
            "new, default environment",
            `https://default0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com${NEW_PATH}?api-version=1`,
            policy(),
        ],
        [
            "GCC new host",
            `https://default66cf50745afe48d1a691a12b2121f44.b.environment.api.gov.powerplatform.microsoft.us:443${NEW_PATH}?api-version=1`,
            policy("EntraUser", [], "UsGov"),
        ],
        [
            "GCC legacy host",
            `https://prod-58.usgovtexas.logic.azure.us:443${LEGACY_PATH}${LEGACY_QUERY}`,
            policy("EntraUser", [], "UsGov"),
        ],
        [
            "GCC High new host",
            `https://0123456789abcdef0123456789abcde.f.environment.api.high.powerplatform.microsoft.us${NEW_PATH}`,
            policy("EntraUser", [], "UsGovHigh"),
        ],
        [
            "DoD new host",
            `https://0123456789abcdef0123456789abcde.f.environment.api.appsplatform.us${NEW_PATH}`,
            policy("EntraUser", [], "UsGovDoD"),
        ],
        [
            "China legacy host",
            `https://prod-05.chinaeast2.logic.azure.cn:443${LEGACY_PATH}${LEGACY_QUERY}`,
            policy("EntraUser", [], "China"),
        ],
        [
            "China new host",
            `https://0123456789abcdef0123456789abcde.f.environment.api.powerplatform.partner.microsoftonline.cn${NEW_PATH}`,
            policy("EntraUser", [], "China"),
        ],
        ["trusted host, any path", "https://flows.contoso.com/api/run?x=1", policy("EntraUser", LOCAL)],
        ["trusted host with its port", "https://api.contoso.com:8443/run", policy("EntraUser", LOCAL)],
        ["listed loopback over http", "http://127.0.0.1:8080/flow", policy("EntraUser", LOCAL)],
        ["listed IPv6 loopback over http", "http://[::1]:8080/flow", policy("EntraUser", LOCAL)],
        ["listed localhost over http", "http://localhost:8080/flow", policy("EntraUser", LOCAL)],
        ["listed loopback over https", "https://localhost:8080/flow", policy("EntraUser", LOCAL)],
        ["surrounding whitespace is trimmed", `  ${LEGACY}\n`, policy()],
    ];
    it.each(entra)("EntraUser: %s", (_name, raw, p) => {
        const check = checkFlowUrl(raw, p);
        expect(keyOf(check)).toBe("ok");
        if (check.ok) {
            expect(check.value.sendsToken).toBe(true);
            expect(check.value.url.username).toBe("");
            expect(check.value.url.hash).toBe("");
        }
    });

    const sas: [string, string, UrlPolicyOptions][] = [
        ["legacy signed", `${LEGACY}${SAS}`, policy("SharedAccessSignature")],
        ["new signed", `${NEW}${SAS}`, policy("SharedAccessSignature")],
        ["trusted signed", `https://flows.contoso.com/run?sp=x&sv=1.0&sig=abc`, policy("SharedAccessSignature", LOCAL)],
        ["loopback signed", `http://127.0.0.1:8080/run?sp=x&sv=1.0&sig=abc`, policy("SharedAccessSignature", LOCAL)],
    ];
    it.each(sas)("SharedAccessSignature: %s never sends a token", (_name, raw, p) => {
        const check = checkFlowUrl(raw, p);
        expect(keyOf(check)).toBe("ok");
        if (check.ok) expect(check.value.sendsToken).toBe(false);
    });
});

describe("checkFlowUrl: hostile corpus", () => {
    const P = `${LEGACY_PATH}${LEGACY_QUERY}`;
    const punycodeLookalike = new URL(`https://pr\u043ed-27.westus.logic.azure.com${P}`).hostname; // Cyrillic o
    const corpus: [string, string, string, UrlPolicyOptions?][] = [
        // Lookalike hosts
        ["suffix appended", `https://${LEGACY_HOST}.evil.com${P}`, "Error_Url_UnknownHost"],
        ["dash instead of dot", `https://prod-27.westus.logic-azure.com${P}`, "Error_Url_UnknownHost"],
        ["bare lookalike domain", `https://logic-azure.com${P}`, "Error_Url_UnknownHost"],
        ["trigger host as path", `https://evil.com/${LEGACY_HOST}${P}`, "Error_Url_UnknownHost"],
        ["trailing dot", `https://${LEGACY_HOST}.${P}`, "Error_Url_UnknownHost"],
        ["subdomain of trigger host", `https://evil.${LEGACY_HOST}${P}`, "Error_Url_UnknownHost"],
        ["punycode homograph", `https://${punycodeLookalike}${P}`, "Error_Url_UnknownHost"],
        ["unicode homograph", `https://pr\u043ed-27.westus.logic.azure.com${P}`, "Error_Url_ForbiddenCharacters"],
        ["full-width letter", `https://\uff50rod-27.westus.logic.azure.com${P}`, "Error_Url_ForbiddenCharacters"],
        ["new host with suffix appended", `https://${NEW_HOST}.evil.com${NEW_PATH}`, "Error_Url_UnknownHost"],
        [
            "new host, 29 hex",
            `https://0123456789abcdef0123456789abc.ef.environment.api.powerplatform.com${NEW_PATH}`,
            "Error_Url_UnknownHost",
        ],
        ["new host, no environment labels", `https://api.powerplatform.com${NEW_PATH}`, "Error_Url_UnknownHost"],
        ["another cloud's host", `https://prod-58.usgovtexas.logic.azure.us${P}`, "Error_Url_OtherCloud"],
        ["unrelated host on 443", `https://evil.com:443${P}`, "Error_Url_UnknownHost"],
        // Userinfo
        ["trigger host as user name", `https://${LEGACY_HOST}@evil.com${P}`, "Error_Url_HasCredentials"],
        ["user name before trigger host", `https://evil.com@${LEGACY_HOST}${P}`, "Error_Url_HasCredentials"],
        ["user and password", `https://user:pass@${LEGACY_HOST}${P}`, "Error_Url_HasCredentials"],
        ["port-looking user info", `https://${LEGACY_HOST}:443@evil.com${P}`, "Error_Url_HasCredentials"],
        ["encoded @ in host", `https://evil%40${LEGACY_HOST}${P}`, "Error_Url_Malformed"],
        // Encoded / normalized host tricks
        ["encoded dot in host", `https://${LEGACY_HOST}%2eevil.com${P}`, "Error_Url_HostNotCanonical"],
        ["percent-encoded letter", `https://%70rod-27.westus.logic.azure.com${P}`, "Error_Url_HostNotCanonical"],
        ["decimal IPv4", "http://2130706433:8080/flow", "Error_Url_HostNotCanonical", policy("EntraUser", LOCAL)],
        ["hex IPv4", "http://0x7f.0.0.1:8080/flow", "Error_Url_HostNotCanonical", policy("EntraUser", LOCAL)],
        ["octal IPv4", "http://0177.0.0.1:8080/flow", "Error_Url_HostNotCanonical", policy("EntraUser", LOCAL)],
        ["short IPv4", "http://127.1:8080/flow", "Error_Url_HostNotCanonical", policy("EntraUser", LOCAL)],
        ["single hex IPv4", "https://0x7f000001/flow", "Error_Url_HostNotCanonical"],
        [
            "long-form IPv6 loopback",
            "http://[0:0:0:0:0:0:0:1]:8080/flow",
            "Error_Url_HostNotCanonical",
            policy("EntraUser", LOCAL),
        ],
        [
            "IPv4-mapped IPv6",
            "http://[::ffff:127.0.0.1]:8080/flow",
            "Error_Url_HostNotCanonical",
            policy("EntraUser", LOCAL),
        ],
        // Ports
        ["other port on trigger host", `https://${LEGACY_HOST}:8443${P}`, "Error_Url_Port"],
        ["port 80 on trigger host", `https://${LEGACY_HOST}:80${P}`, "Error_Url_Port"],
        ["port out of range", `https://${LEGACY_HOST}:65536${P}`, "Error_Url_Malformed"],
        [
            "trusted host on an unlisted port",
            "https://api.contoso.com/run",
            "Error_Url_Port",
            policy("EntraUser", LOCAL),
        ],
        ["loopback on an unlisted port", "http://127.0.0.1:9999/flow", "Error_Url_Port", policy("EntraUser", LOCAL)],
        // Schemes
        ["http to trigger host", `http://${LEGACY_HOST}${P}`, "Error_Url_NotHttps"],
        [
            "http to non-loopback trusted host",
            "http://flows.contoso.com/run",
            "Error_Url_NotHttps",
            policy("EntraUser", LOCAL),
        ],
        ["javascript:", "javascript:alert(document.cookie)", "Error_Url_NotHttps"],
        ["data:", "data:text/html,<script>alert(1)</script>", "Error_Url_NotHttps"],
        ["file:", "file:///etc/passwd", "Error_Url_NotHttps"],
        ["ftp:", `ftp://${LEGACY_HOST}${P}`, "Error_Url_NotHttps"],
        ["ws:", `ws://${LEGACY_HOST}${P}`, "Error_Url_NotHttps"],
        ["no slashes after scheme", `https:${LEGACY_HOST}${P}`, "Error_Url_Malformed"],
        ["one slash after scheme", `https:/${LEGACY_HOST}${P}`, "Error_Url_Malformed"],
        ["three slashes after scheme", `https:///${LEGACY_HOST}${P}`, "Error_Url_Malformed"],
        ["no scheme", `${LEGACY_HOST}${P}`, "Error_Url_Malformed"],
        ["scheme-relative", `//${LEGACY_HOST}${P}`, "Error_Url_Malformed"],
        // Loopback not listed
        ["loopback IPv4 not listed", "http://127.0.0.1:8080/flow", "Error_Url_UnknownHost"],
        ["loopback IPv6 not listed", "http://[::1]:8080/flow", "Error_Url_UnknownHost"],
        ["localhost not listed", "http://localhost:8080/flow", "Error_Url_UnknownHost"],
        [
            "trusted host's subdomain",
            "https://evil.flows.contoso.com/run",
            "Error_Url_UnknownHost",
            policy("EntraUser", LOCAL),
        ],
        [
            "trusted host with suffix",
            "https://flows.contoso.com.evil.com/run",
            "Error_Url_UnknownHost",
            policy("EntraUser", LOCAL),
        ],
        // Whitespace, control characters, backslashes
        ["backslashes for slashes", `https:\\\\${LEGACY_HOST}${P}`, "Error_Url_ForbiddenCharacters"],
        ["backslash before @", `https://${LEGACY_HOST}\\@evil.com${P}`, "Error_Url_ForbiddenCharacters"],
        ["tab inside host", `https://prod-27.west\tus.logic.azure.com${P}`, "Error_Url_ForbiddenCharacters"],
        [
            "newline inside path",
            `https://${LEGACY_HOST}/work\nflows/${WF}/triggers/manual/paths/invoke`,
            "Error_Url_ForbiddenCharacters",
        ],
        ["carriage return", `https://${LEGACY_HOST}${P}\r&sig=x`, "Error_Url_ForbiddenCharacters"],
        ["NUL character", `https://${LEGACY_HOST}\u0000.evil.com${P}`, "Error_Url_ForbiddenCharacters"],
        ["inner space", `https://${LEGACY_HOST}/workflows /x`, "Error_Url_ForbiddenCharacters"],
        ["right-to-left override", `https://${LEGACY_HOST}${P}\u202e`, "Error_Url_ForbiddenCharacters"],
        // Fragments and paths
        ["fragment", `${LEGACY}#frag`, "Error_Url_HasFragment"],
        ["empty fragment", `${LEGACY}#`, "Error_Url_HasFragment"],
        ["not a trigger path", `https://${LEGACY_HOST}/evil`, "Error_Url_BadPath"],
        [
            "dot segments leaving the invoke path",
            `https://${LEGACY_HOST}${LEGACY_PATH}/../../evil`,
            "Error_Url_BadPath",
        ],
        ["trailing slash on the path", `https://${LEGACY_HOST}${LEGACY_PATH}/`, "Error_Url_BadPath"],
        [
            "workflow id too short",
            `https://${LEGACY_HOST}/workflows/abc/triggers/manual/paths/invoke`,
            "Error_Url_BadPath",
        ],
        ["management path on trigger host", `https://${NEW_HOST}/powerautomate/flows`, "Error_Url_BadPath"],
        // SAS parameters in EntraUser mode
        ["sig, sp, sv", `${LEGACY}${SAS}`, "Error_Url_HasSignatureInEntraMode"],
        ["upper-case SIG", `${LEGACY}&SIG=abc`, "Error_Url_HasSignatureInEntraMode"],
        ["mixed-case Sig", `${LEGACY}&Sig=abc`, "Error_Url_HasSignatureInEntraMode"],
        ["encoded s", `${LEGACY}&%73ig=abc`, "Error_Url_HasSignatureInEntraMode"],
        ["encoded i", `${LEGACY}&s%69g=abc`, "Error_Url_HasSignatureInEntraMode"],
        ["double-encoded s", `${LEGACY}&%2573ig=abc`, "Error_Url_HasSignatureInEntraMode"],
        ["upper-case escape", `${LEGACY}&%53IG=abc`, "Error_Url_HasSignatureInEntraMode"],
        ["semicolon separator", `${LEGACY};sig=abc`, "Error_Url_HasSignatureInEntraMode"],
        [
            "sig first",
            `https://${LEGACY_HOST}${LEGACY_PATH}?sig=abc&api-version=2016-06-01`,
            "Error_Url_HasSignatureInEntraMode",
        ],
        ["sv alone", `${LEGACY}&sv=1.0`, "Error_Url_HasSignatureInEntraMode"],
        ["sp alone", `${LEGACY}&sp=%2Ftriggers`, "Error_Url_HasSignatureInEntraMode"],
        ["sig without value", `${LEGACY}&sig`, "Error_Url_HasSignatureInEntraMode"],
        ["plus as space before sig", `${LEGACY}&+sig=abc`, "Error_Url_HasSignatureInEntraMode"],
        ["sig hidden in an encoded value", `${LEGACY}&x=1%26sig%3Dabc`, "Error_Url_HasSignatureInEntraMode"],
        ["sig on the new host", `${NEW}${SAS}`, "Error_Url_HasSignatureInEntraMode"],
        [
            "sig to a trusted host",
            "https://flows.contoso.com/run?sig=abc",
            "Error_Url_HasSignatureInEntraMode",
            policy("EntraUser", LOCAL),
        ],
        // SAS mode requirements
        ["SAS mode without sig", LEGACY, "Error_Url_MissingSignature", policy("SharedAccessSignature")],
        [
            "SAS mode with empty sig",
            `${LEGACY}&sp=x&sv=1.0&sig=`,
            "Error_Url_MissingSignature",
            policy("SharedAccessSignature"),
        ],
        [
            "SAS mode without sp",
            `${LEGACY}&sv=1.0&sig=abc`,
            "Error_Url_IncompleteSignature",
            policy("SharedAccessSignature"),
        ],
        [
            "SAS mode without sv",
            `${LEGACY}&sp=x&sig=abc`,
            "Error_Url_IncompleteSignature",
            policy("SharedAccessSignature"),
        ],
        [
            "SAS mode over http",
            `http://${LEGACY_HOST}${P}${SAS}`,
            "Error_Url_NotHttps",
            policy("SharedAccessSignature"),
        ],
        [
            "SAS mode unknown host",
            `https://evil.com${P}${SAS}`,
            "Error_Url_UnknownHost",
            policy("SharedAccessSignature"),
        ],
        [
            "SAS mode http to non-loopback trusted",
            `http://flows.contoso.com/run?sp=x&sv=1&sig=a`,
            "Error_Url_NotHttps",
            policy("SharedAccessSignature", LOCAL),
        ],
        // Empty input
        ["empty", "", "Error_Url_Empty"],
        ["whitespace only", " \t\n", "Error_Url_Empty"],
    ];

    it("has at least 40 hostile cases", () => {
        expect(corpus.length).toBeGreaterThanOrEqual(40);
    });

    // Rows padded to four cells: a missing last cell would make jest pass its `done` callback instead.
    const rows = corpus.map(([name, raw, expected, p]) => [name, raw, expected, p ?? policy()] as const);
    it.each(rows)("%s (%#)", (_name, raw, expected, p) => {
        expect(keyOf(checkFlowUrl(raw, p))).toBe(expected);
    });

    it("names the refused host, and never a signature, in the message", () => {
        const unknown = checkFlowUrl(`https://evil.com${P}${SAS}`, policy("SharedAccessSignature"));
        expect(unknown).toEqual({ ok: false, reason: { key: "Error_Url_UnknownHost", args: ["evil.com"] } });
        for (const [, raw, , p] of corpus) {
            const check = checkFlowUrl(raw, p ?? policy());
            if (!check.ok) expect(JSON.stringify(check.reason)).not.toContain("AbC-dEf_123xyz");
        }
    });

    it("tells which cloud a foreign trigger host belongs to", () => {
        const check = checkFlowUrl(`https://prod-05.chinaeast2.logic.azure.cn${P}`, policy());
        expect(check).toEqual({
            ok: false,
            reason: { key: "Error_Url_OtherCloud", args: ["prod-05.chinaeast2.logic.azure.cn", "China", "Public"] },
        });
    });

    it("does not trust a hand-made policy entry claiming http for a non-loopback host", () => {
        const forged: TrustedHost[] = [{ hostname: "flows.contoso.com", allowHttp: true }];
        expect(keyOf(checkFlowUrl("http://flows.contoso.com/run", policy("EntraUser", forged)))).toBe(
            "Error_Url_NotHttps",
        );
    });
});

describe("checkFollowUpUrl", () => {
    const trigger = new URL(LEGACY);
    const statusPath = `/workflows/${WF}/runs/08585CU1/operations/abc?api-version=2016-10-01`;

    it("resolves a relative Location against the trigger and sends the token", () => {
        const check = checkFollowUpUrl(statusPath, trigger, policy());
        expect(keyOf(check)).toBe("ok");
        if (check.ok) {
            expect(check.value.url.href).toBe(`https://${LEGACY_HOST}${statusPath}`);
            expect(check.value.sendsToken).toBe(true);
        }
    });

    it("accepts another trigger host of the cloud, and a status URL with its own signature without a token", () => {
        const check = checkFollowUpUrl(
            `https://prod-01.eastus.logic.azure.com${statusPath}&sp=%2Fruns&sv=1.0&sig=abc`,
            trigger,
            policy(),
        );
        expect(keyOf(check)).toBe("ok");
        if (check.ok) expect(check.value.sendsToken).toBe(false);
    });

    it.each<[string, string, string, UrlPolicyOptions]>([
        ["other host", `https://evil.com${statusPath}`, "Error_Url_UnknownHost", policy()],
        ["scheme-relative other host", `//evil.com${statusPath}`, "Error_Url_UnknownHost", policy()],
        ["http downgrade", `http://${LEGACY_HOST}${statusPath}`, "Error_Url_NotHttps", policy()],
        ["userinfo", `https://x@${LEGACY_HOST}${statusPath}`, "Error_Url_HasCredentials", policy()],
        ["fragment", `${statusPath}#x`, "Error_Url_HasFragment", policy()],
        ["other port", `https://${LEGACY_HOST}:8443${statusPath}`, "Error_Url_Port", policy()],
        ["backslash", `\\\\evil.com${statusPath}`, "Error_Url_ForbiddenCharacters", policy()],
        ["javascript", "javascript:alert(1)", "Error_Url_NotHttps", policy()],
        ["decimal IP", "https://2130706433/x", "Error_Url_HostNotCanonical", policy()],
        ["empty", "", "Error_Url_Empty", policy()],
        [
            "SAS mode: other trigger host of the cloud",
            `https://prod-01.eastus.logic.azure.com${statusPath}`,
            "Error_Url_FollowUpOtherOrigin",
            policy("SharedAccessSignature"),
        ],
    ])("refuses %s", (_name, raw, expected, p) => {
        expect(keyOf(checkFollowUpUrl(raw, trigger, p))).toBe(expected);
    });

    it("SAS mode: same origin is fine and never sends a token", () => {
        const check = checkFollowUpUrl(statusPath, new URL(`${LEGACY}${SAS}`), policy("SharedAccessSignature"));
        expect(check.ok && check.value.sendsToken).toBe(false);
        expect(keyOf(check)).toBe("ok");
    });
});

describe("parseTrustedHosts", () => {
    it("parses hosts, ports and loopback http permission", () => {
        expect(parseTrustedHosts(" Flows.Contoso.com , localhost:8443,127.0.0.1, [::1]:3000 ")).toEqual({
            ok: true,
            value: [
                { hostname: "flows.contoso.com", port: undefined, allowHttp: false },
                { hostname: "localhost", port: 8443, allowHttp: true },
                { hostname: "127.0.0.1", port: undefined, allowHttp: true },
                { hostname: "[::1]", port: 3000, allowHttp: true },
            ],
        });
    });

    it.each([null, undefined, "", "   "])("treats %p as no trusted hosts", (raw) => {
        expect(parseTrustedHosts(raw)).toEqual({ ok: true, value: [] });
    });

    it.each([
        ["a.com,,b.com", "Error_TrustedHosts_EmptyItem"],
        ["a.com,", "Error_TrustedHosts_EmptyItem"],
        [",a.com", "Error_TrustedHosts_EmptyItem"],
        ["https://a.com", "Error_TrustedHosts_HasScheme"],
        ["http://localhost:8080", "Error_TrustedHosts_HasScheme"],
        ["a.com/path", "Error_TrustedHosts_HasPath"],
        ["a.com?x=1", "Error_TrustedHosts_HasPath"],
        ["a.com#x", "Error_TrustedHosts_HasPath"],
        ["*.contoso.com", "Error_TrustedHosts_Wildcard"],
        ["user@a.com", "Error_TrustedHosts_HasCredentials"],
        ["a.com:0", "Error_TrustedHosts_BadPort"],
        ["a.com:65536", "Error_TrustedHosts_BadPort"],
        ["a.com:-1", "Error_TrustedHosts_BadPort"],
        ["a.com:http", "Error_TrustedHosts_BadPort"],
        ["a.com:", "Error_TrustedHosts_BadPort"],
        ["[::1]:x", "Error_TrustedHosts_BadPort"],
        ["a .com", "Error_TrustedHosts_InvalidHost"],
        ["a.com.", "Error_TrustedHosts_InvalidHost"],
        ["2130706433", "Error_TrustedHosts_InvalidHost"],
        ["0x7f.0.0.1", "Error_TrustedHosts_InvalidHost"],
        ["127.1", "Error_TrustedHosts_InvalidHost"],
        ["::1", "Error_TrustedHosts_InvalidHost"],
        ["[::1", "Error_TrustedHosts_InvalidHost"],
        ["bücher.de", "Error_TrustedHosts_InvalidHost"],
        ["a%2ecom", "Error_TrustedHosts_InvalidHost"],
        ["a\\b.com", "Error_TrustedHosts_InvalidHost"],
        ["evil.com\tgood.com", "Error_TrustedHosts_InvalidHost"],
    ])("refuses %p with %s", (raw, key) => {
        const result = parseTrustedHosts(raw);
        expect(result.ok ? "ok" : result.reason.key).toBe(key);
    });
});

describe("looksLikeUrl", () => {
    it.each([
        [LEGACY, true],
        ["contoso_FlowUrl", false],
        [" new_flowurl ", false],
        ["javascript:alert(1)", true],
        ["prod-27.westus.logic.azure.com", true],
        ["//host/path", true],
    ])("looksLikeUrl(%p) = %p", (raw, expected) => {
        expect(looksLikeUrl(raw)).toBe(expected);
    });
});

describe("properties", () => {
    const hex = (length: number) =>
        fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });
    const triggerUrl = fc
        .record({
            legacy: fc.boolean(),
            region: fc.stringMatching(/^[a-z]{3,12}[0-9]?$/),
            prod: fc.integer({ min: 0, max: 999 }),
            env: hex(32),
            workflow: hex(32),
            trigger: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/),
            port: fc.boolean(),
        })
        .map((r) => {
            const host = r.legacy
                ? `prod-${String(r.prod).padStart(2, "0")}.${r.region}.logic.azure.com`
                : `${r.env.slice(0, 30)}.${r.env.slice(30)}.environment.api.powerplatform.com`;
            const path = r.legacy
                ? `/workflows/${r.workflow}/triggers/${r.trigger}/paths/invoke?api-version=2016-06-01`
                : `/powerautomate/automations/direct/workflows/${r.workflow}/triggers/${r.trigger}/paths/invoke?api-version=1`;
            return `https://${host}${r.port ? ":443" : ""}${path}`;
        });

    it("every generated trigger URL is accepted in EntraUser mode and sends the token", () => {
        fc.assert(
            fc.property(triggerUrl, (raw) => {
                const check = checkFlowUrl(raw, policy());
                return check.ok && check.value.sendsToken;
            }),
            { numRuns: 300 },
        );
    });

    it("a URL whose host is neither a trigger host nor trusted is refused in EntraUser mode", () => {
        fc.assert(
            fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (raw) => {
                let hostname: string;
                try {
                    hostname = new URL(raw).hostname;
                } catch {
                    return !checkFlowUrl(raw, policy()).ok;
                }
                fc.pre(!CLOUDS.Public.isTriggerHost(hostname) && !LOCAL.some((h) => h.hostname === hostname));
                return !checkFlowUrl(raw, policy()).ok && !checkFlowUrl(raw, policy("EntraUser", LOCAL)).ok;
            }),
            { numRuns: 500 },
        );
    });

    it("a trigger URL with a sig/sp/sv parameter in any case or %-encoding is refused in EntraUser mode", () => {
        const encodedName = fc
            .tuple(
                fc.constantFrom("sig", "sp", "sv"),
                fc.array(fc.constantFrom("plain", "upper", "escape", "escapeUpper", "double"), {
                    minLength: 3,
                    maxLength: 3,
                }),
            )
            .map(([name, modes]) =>
                Array.from(name)
                    .map((ch, i) => {
                        const code = ch.charCodeAt(0).toString(16);
                        switch (modes[i]) {
                            case "upper":
                                return ch.toUpperCase();
                            case "escape":
                                return `%${code}`;
                            case "escapeUpper":
                                return `%${code.toUpperCase()}`;
                            case "double":
                                return `%25${code}`;
                            default:
                                return ch;
                        }
                    })
                    .join(""),
            );
        fc.assert(
            fc.property(
                triggerUrl,
                encodedName,
                fc.stringMatching(/^[A-Za-z0-9_-]{0,20}$/),
                fc.boolean(),
                (raw, name, value, first) => {
                    const url = first ? raw.replace("?", `?${name}=${value}&`) : `${raw}&${name}=${value}`;
                    return keyOf(checkFlowUrl(url, policy())) === "Error_Url_HasSignatureInEntraMode";
                },
            ),
            { numRuns: 500 },
        );
    });

    it("anything accepted is https (or http to a listed loopback), without userinfo or fragment, and a token never goes with sig", () => {
        const piece = fc.record({
            scheme: fc.constantFrom(
                "https://",
                "http://",
                "HTTPS://",
                "https:",
                "https:///",
                "ftp://",
                "javascript:",
                "",
            ),
            userinfo: fc.constantFrom("", "", "", "user@", "a:b@", `${LEGACY_HOST}@`),
            host: fc.constantFrom(
                LEGACY_HOST,
                NEW_HOST,
                "PROD-27.westus.logic.azure.com",
                `${LEGACY_HOST}.`,
                `${LEGACY_HOST}.evil.com`,
                "%70rod-27.westus.logic.azure.com",
                "127.0.0.1",
                "2130706433",
                "[::1]",
                "localhost",
                "flows.contoso.com",
                "api.contoso.com",
                "evil.com",
            ),
            port: fc.constantFrom("", "", ":443", ":8080", ":8443", ":80", ":"),
            path: fc.constantFrom(LEGACY_PATH, NEW_PATH, "/", "/run", `${LEGACY_PATH}/..`, ""),
            query: fc.constantFrom("", "?api-version=1", `?api-version=1${SAS}`, "?SIG=x", "?x=%73ig"),
            fragment: fc.constantFrom("", "", "#", "#x"),
            mode: fc.constantFrom<UrlPolicyOptions["authMode"]>("EntraUser", "SharedAccessSignature"),
        });
        fc.assert(
            fc.property(piece, (p) => {
                const raw = `${p.scheme}${p.userinfo}${p.host}${p.port}${p.path}${p.query}${p.fragment}`;
                const check = checkFlowUrl(raw, policy(p.mode, LOCAL));
                if (!check.ok) return true;
                const { url } = check.value;
                const loopback = ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
                const schemeOk = url.protocol === "https:" || (url.protocol === "http:" && loopback);
                const sasNames = [...url.searchParams.keys()].filter((k) =>
                    ["sig", "sp", "sv"].includes(k.toLowerCase()),
                );
                const noSigWithToken = !check.value.sendsToken || sasNames.length === 0;
                return (
                    schemeOk &&
                    url.username === "" &&
                    url.password === "" &&
                    !raw.includes("#") &&
                    noSigWithToken &&
                    (p.mode === "EntraUser" || !check.value.sendsToken)
                );
            }),
            { numRuns: 2000 },
        );
    });
});
