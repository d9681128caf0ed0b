import { isCrossSiteFrame, ownTabUrl, siteOf, type FrameFacts } from "../../../FlowTriggerControl/auth/embeddedApp";

const ORG = "https://contoso.crm4.dynamics.com";
const PAGE = `${ORG}/main.aspx?appid=11111111-2222-3333-4444-555555555555&pagetype=entityrecord&etn=account&id=abc`;

function framed(ancestorOrigins: readonly string[] | undefined, topOrigin?: string): FrameFacts {
    return { isTop: false, origin: ORG, pageUrl: PAGE, ancestorOrigins, topOrigin };
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
    it("the top window is never a frame of another site", () => {
        expect(isCrossSiteFrame({ isTop: true, origin: ORG, pageUrl: PAGE, topOrigin: ORG })).toBe(false);
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
        ["its own origin", [ORG], undefined],
        [
            "another org of the same cloud (same site: dynamics.com is not a public suffix)",
            ["https://fabrikam.crm.dynamics.com"],
            undefined,
        ],
        ["no ancestor list, but a readable top of the same origin", undefined, ORG],
    ] as [string, string[] | undefined, string | undefined][])("a frame inside %s is not", (_name, ancestors, top) => {
        expect(isCrossSiteFrame(framed(ancestors, top))).toBe(false);
    });

    it("without an ancestor list, a top that cannot be read counts as another site", () => {
        expect(isCrossSiteFrame(framed(undefined, undefined))).toBe(true);
    });
});

describe("ownTabUrl", () => {
    it("is the record's own page in the same app", () => {
        const url = new URL(ownTabUrl(`${PAGE}&navbar=off#x`, { tableName: "contact", id: "def" }));
        expect(url.origin + url.pathname).toBe(`${ORG}/main.aspx`);
        expect(Object.fromEntries(url.searchParams)).toEqual({
            appid: "11111111-2222-3333-4444-555555555555",
            pagetype: "entityrecord",
            etn: "contact",
            id: "def",
        });
    });

    it("keeps an app named by its unique name", () => {
        const url = new URL(ownTabUrl(`${ORG}/main.aspx?appname=sales_app`, { tableName: "account", id: "1" }));
        expect(url.searchParams.get("appname")).toBe("sales_app");
        expect(url.searchParams.has("appid")).toBe(false);
    });

    it("without a record is the current page, without its fragment", () => {
        expect(ownTabUrl(`${PAGE}#section`)).toBe(PAGE);
    });
});
