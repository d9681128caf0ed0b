// The Dataverse Web API's answers about the signed-in user that the command library asks for, next to
// dataverse.mjs's tables: the user's time zone (usersettings.timezonecode) and the LocalTimeFromUtcTime
// function that converts an instant with it. A scenario's user carries an IANA zone (`user.timeZone`,
// default "UTC"); the pages give PCF's and Xrm's getTimeZoneOffsetMinutes from the same zone.
//   usersettings: learn.microsoft.com/power-apps/developer/data-platform/reference/entities/usersettings
//     (EntitySetName usersettingscollection, PrimaryIdAttribute systemuserid; timezonecode Integer)
//   LocalTimeFromUtcTime(TimeZoneCode Edm.Int32, UtcTime Edm.DateTimeOffset) → { LocalTime }:
//     learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/localtimefromutctime

/**
 * Dataverse time zone codes of the zones the local stack knows. 110, 85, 35 and 4 are the Microsoft Time
 * Zone Index values of W. Europe, GMT, Eastern and Pacific Standard Time (support.microsoft.com/help/973627);
 * 92 for UTC is a guess (see ../README.md).
 */
export const TIME_ZONE_CODES = Object.freeze({
    UTC: 92,
    "Europe/Berlin": 110,
    "Europe/London": 85,
    "America/New_York": 35,
    "America/Los_Angeles": 4,
});

const ZONE_BY_CODE = new Map(Object.entries(TIME_ZONE_CODES).map(([zone, code]) => [code, zone]));

/** The wall-clock time in `zone` at `instant`, as "yyyy-mm-ddThh:mm:ssZ" (the digits are local time). */
export function localTimeIn(zone, instant) {
    const parts = Object.fromEntries(
        new Intl.DateTimeFormat("en-GB", {
            timeZone: zone,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
        })
            .formatToParts(instant)
            .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`;
}

const USER_SETTINGS = /^\/api\/data\/v9\.2\/usersettingscollection\(([0-9a-fA-F-]{36})\)$/;
const LOCAL_TIME = "/api/data/v9.2/LocalTimeFromUtcTime(TimeZoneCode=@p1,UtcTime=@p2)";

function send(res, status, body) {
    res.writeHead(status, { "Content-Type": "application/json; odata.metadata=minimal", "OData-Version": "4.0" });
    res.end(JSON.stringify(body));
}

const badRequest = (message) => ({ error: { code: "0x80040203", message } });

/** Routes the user's settings and LocalTimeFromUtcTime; returns false when the path isn't one of them. */
export function handleUserRequest(req, res, url, scenario) {
    if (req.method !== "GET") return false;
    const userZone = scenario?.user?.timeZone ?? "UTC";
    const settings = USER_SETTINGS.exec(url.pathname);
    if (settings) {
        const select = url.searchParams.get("$select");
        if (select !== null && select !== "timezonecode") {
            send(res, 400, badRequest(`Only timezonecode is emulated, not '${select}'.`));
            return true;
        }
        const id = settings[1].toLowerCase();
        // Other users of the directory: UTC.
        const zone = id === scenario?.user?.systemUserId ? userZone : "UTC";
        send(res, 200, {
            "@odata.context": `/api/data/v9.2/$metadata#usersettingscollection(timezonecode)/$entity`,
            systemuserid: id,
            timezonecode: TIME_ZONE_CODES[zone],
        });
        return true;
    }
    if (decodeURIComponent(url.pathname) === LOCAL_TIME) {
        const zone = ZONE_BY_CODE.get(Number(url.searchParams.get("@p1")));
        const utc = new Date(url.searchParams.get("@p2") ?? "");
        if (!zone || Number.isNaN(utc.getTime())) {
            send(res, 400, badRequest("TimeZoneCode or UtcTime is not valid."));
            return true;
        }
        // Guess: the answer's digits are the local wall-clock time; the suffix is not documented.
        send(res, 200, {
            "@odata.context": `/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.LocalTimeFromUtcTimeResponse`,
            LocalTime: localTimeIn(zone, utc),
        });
        return true;
    }
    return false;
}
