import { isCrossSiteFrame, siteOf, type FrameFacts } from "../../../FlowTriggerControl/auth/embeddedApp";
import { readFrameFacts } from "../../../FlowTriggerControl/auth/frameFacts";

const ORG = "https://contoso.crm4.dynamics.com";
const PAGE = `${ORG}/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=entityrecord&etn=account&id=abc`;

function framed(ancestorOrigins: readonly string[]): FrameFacts {
    return { pageUrl: PAGE, ancestorOrigins };
}

describe("siteOf", () => {
    it.each([
        ["https://contoso.crm4.dynamics.com", "https://dynamics.com"],
        ["https://contoso.crm.dynamics.com:443", "https://dynamics.com"],
        ["https://contoso.crm9.microsoftdynamics.us", "https://microsoftdynamics.us"],
        ["https://teams.microsoft.com", "https://microsoft.com"],
        ["https://outlook.office.com", "https://office.com"],
        ["https://127.0.0.1:5443", "https://127.0.0.1"],
        ["https://localhost:8080", "https://localhost"],
        ["http://contoso.crm4.dynamics.com", "http://dynamics.com"],
        ["https://[::1]:9000", "https://[::1]"],
        ["null", "null"],
    ])("%s is on site %s", (origin, site) => {
        expect(siteOf(origin)).toBe(site);
    });
});

describe("isCrossSiteFrame", () => {
    it("the top window (no ancestors) is never a frame of another site", () => {
        expect(isCrossSiteFrame(framed([]))).toBe(false);
    });

    it.each([
        ["Teams", ["https://teams.microsoft.com"]],
        ["Outlook", ["https://outlook.office.com"]],
        ["a portal", ["https://contoso.powerappsportals.com"]],
        ["another site's frame inside the app's own site", ["https://portal.contoso.example", ORG]],
        ["an opaque (sandboxed) ancestor", ["null"]],
        ["the same host over http", ["http://contoso.crm4.dynamics.com"]],
        ["the local stack's localhost page", ["https://localhost:8443"]],
    ])("a frame inside %s is cross-site", (_name, ancestors) => {
        expect(isCrossSiteFrame(framed(ancestors))).toBe(true);
    });

    it.each([
        ["its own origin", [ORG]],
        [
            "another org of the same cloud (same site: dynamics.com is not a public suffix)",
            ["https://fabrikam.crm.dynamics.com"],
        ],
        ["pages of its own site only", [ORG, "https://fabrikam.crm.dynamics.com"]],
    ])("a frame inside %s is not", (_name, ancestors) => {
        expect(isCrossSiteFrame(framed(ancestors))).toBe(false);
    });
});

describe("readFrameFacts", () => {
    const location = (extra: object = {}) => ({
        origin: ORG,
        pathname: "/main.aspx",
        search: new URL(PAGE).search,
        href: `${PAGE}#fragment`,
        ...extra,
    });

    it("at top level: no ancestors", () => {
        const win = { location: location() } as unknown as Window & { top: unknown };
        win.top = win;
        expect(readFrameFacts(win).ancestorOrigins).toEqual([]);
    });

    it("reads location.ancestorOrigins where the browser has it", () => {
        const list = ["https://teams.microsoft.com"];
        const win = { location: location({ ancestorOrigins: list }), top: {} } as unknown as Window;
        expect(readFrameFacts(win)).toEqual({ pageUrl: PAGE, ancestorOrigins: list });
    });

    it("without it, takes a readable top's origin", () => {
        const win = { location: location(), top: { location: { origin: ORG } } } as unknown as Window;
        expect(readFrameFacts(win).ancestorOrigins).toEqual([ORG]);
    });

    it("without it, a top of another origin (reading throws) is unknown", () => {
        const top = {
            get location(): never {
                throw new DOMException("Blocked a frame", "SecurityError");
            },
        };
        const win = { location: location(), top } as unknown as Window;
        expect(readFrameFacts(win).ancestorOrigins).toEqual(["null"]);
        expect(isCrossSiteFrame(readFrameFacts(win))).toBe(true);
    });
});
