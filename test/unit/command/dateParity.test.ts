/** @jest-environment node */
import { xrmServices, type XrmApi } from "../../../FlowTriggerControl/command/xrmAdapter";
import { createRecordReader, type RecordReaderSources } from "../../../FlowTriggerControl/payload/userLocalDates";

/**
 * The grid (the command library over Xrm) and the form (the control over PCF) read the same row into the same
 * payload fields, for dates on both sides of a daylight-saving change. A Berlin user, "today" in January:
 * Xrm's getTimeZoneOffsetMinutes() (no date) says +60, which is wrong for 15 July (+120).
 */
const USER_ID = "b05ec7ce-5d51-df11-97e0-00155db232d0";
const ROW_ID = "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b";
const ORIGIN = "https://contoso.crm4.dynamics.com";

/** Minutes to add to UTC in Berlin at `instant` (what Dataverse's W. Europe Standard Time gives). */
function berlinOffset(instant: Date): number {
    const name = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Berlin", timeZoneName: "shortOffset" })
        .formatToParts(instant)
        .find((part) => part.type === "timeZoneName")?.value;
    const match = /GMT([+-]\d+)?/.exec(name ?? "");
    return match?.[1] ? Number(match[1]) * 60 : 0;
}

/** The row as the Web API stores it: UserLocal date-only values are the user's local midnight in UTC. */
const ROW = {
    accountid: ROW_ID,
    name: "Contoso",
    ftc_followupjan: "2026-01-14T23:00:00Z",
    ftc_followupjul: "2026-07-14T22:00:00Z",
    ftc_contractdate: "2026-07-15",
    ftc_deliveryday: "2026-07-15T00:00:00Z",
    ftc_eventtime: "2026-07-15T09:30:00Z",
};

/** Client API metadata (AttributeType 2 = DateTime; Behavior 1 UserLocal, 2 DateOnly, 3 TimeZoneIndependent). */
const date = (name: string, behavior: number, format: "date" | "datetime") => ({
    LogicalName: name,
    AttributeType: 2,
    AttributeTypeName: { value: "DateTimeType" },
    Behavior: behavior,
    Format: format,
    IsValidForRead: true,
});
const METADATA = {
    LogicalName: "account",
    PrimaryNameAttribute: "name",
    Attributes: [
        { LogicalName: "name", AttributeType: 14, IsValidForRead: true },
        date("ftc_followupjan", 1, "date"),
        date("ftc_followupjul", 1, "date"),
        date("ftc_contractdate", 2, "date"),
        date("ftc_deliveryday", 3, "date"),
        date("ftc_eventtime", 3, "datetime"),
    ],
};
const FIELDS = { kind: "list", names: Object.keys(ROW).filter((name) => name.startsWith("ftc_")) } as const;

const records = { retrieveRecord: () => Promise.resolve({ ...ROW }) };
const metadata = { getEntityMetadata: () => Promise.resolve(METADATA) };

/** The form: PCF's context.userSettings.getTimeZoneOffsetMinutes(date), as platform/pcfServices.ts passes it. */
const formSources: RecordReaderSources = { records, metadata, userTimeZoneOffsetMinutes: berlinOffset };

/** The grid: the command library's sources over Xrm, with Dataverse's usersettings and LocalTimeFromUtcTime. */
/** Each call another environment: the adapter keeps one time zone lookup per user and environment for the page. */
function gridServices(origin = ORIGIN) {
    const requests: string[] = [];
    const xrm = {
        Navigation: { openConfirmDialog: jest.fn(), openAlertDialog: jest.fn() },
        Utility: {
            showProgressIndicator: jest.fn(),
            closeProgressIndicator: jest.fn(),
            getGlobalContext: () => ({
                userSettings: { userId: `{${USER_ID.toUpperCase()}}`, getTimeZoneOffsetMinutes: () => 60 },
                getClientUrl: () => origin,
            }),
            getEntityMetadata: metadata.getEntityMetadata,
        },
        WebApi: { retrieveRecord: records.retrieveRecord, retrieveMultipleRecords: jest.fn() },
    } as unknown as XrmApi;
    const webApi = (input: string): Promise<Response> => {
        const url = new URL(input);
        requests.push(decodeURIComponent(url.pathname + url.search));
        if (url.pathname === `/api/data/v9.2/usersettingscollection(${USER_ID})`) {
            return Promise.resolve(Response.json({ systemuserid: USER_ID, timezonecode: 110 }));
        }
        if (url.pathname === "/api/data/v9.2/LocalTimeFromUtcTime(TimeZoneCode=@p1,UtcTime=@p2)") {
            expect(url.searchParams.get("@p1")).toBe("110");
            const utc = new Date(url.searchParams.get("@p2") ?? "");
            const local = new Date(utc.getTime() + berlinOffset(utc) * 60_000).toISOString().replace(".000", "");
            return Promise.resolve(Response.json({ LocalTime: local }));
        }
        return Promise.resolve(new Response("{}", { status: 404 }));
    };
    const page = {
        fetch: jest.fn(webApi),
        location: { origin },
        addEventListener: jest.fn(),
        removeEventListener: jest.fn(),
    } as unknown as Window;
    return { services: xrmServices(xrm, page), requests };
}

describe("a date-only value reaches the flow on the same day from the grid and from the form", () => {
    it("user-local (15 Jan and 15 Jul for a Berlin user in January), date-only and time-zone independent", async () => {
        const form = await createRecordReader(formSources).read("account", ROW_ID, FIELDS);
        const grid = await createRecordReader(gridServices().services.recordSources).read("account", ROW_ID, FIELDS);
        if (!form.ok) throw new Error(JSON.stringify(form.reason));
        expect(form.value.fields).toEqual({
            ftc_followupjan: "2026-01-15",
            ftc_followupjul: "2026-07-15",
            ftc_contractdate: "2026-07-15",
            ftc_deliveryday: "2026-07-15",
            ftc_eventtime: "2026-07-15T09:30:00Z",
        });
        expect(grid).toEqual(form);
    });

    it("many rows cost one request per distinct date, plus one for the user's time zone", async () => {
        const { services, requests } = gridServices("https://fabrikam.crm4.dynamics.com");
        const reader = createRecordReader(services.recordSources);
        for (let i = 0; i < 10; i++) expect((await reader.read("account", ROW_ID, FIELDS)).ok).toBe(true);
        expect(requests).toEqual([
            `/api/data/v9.2/usersettingscollection(${USER_ID})?$select=timezonecode`,
            "/api/data/v9.2/LocalTimeFromUtcTime(TimeZoneCode=@p1,UtcTime=@p2)?@p1=110&@p2=2026-01-14T23:00:00Z",
            "/api/data/v9.2/LocalTimeFromUtcTime(TimeZoneCode=@p1,UtcTime=@p2)?@p1=110&@p2=2026-07-14T22:00:00Z",
        ]);
    });
});
