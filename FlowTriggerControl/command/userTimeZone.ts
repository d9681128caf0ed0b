import { message, UserFacingError } from "../contracts/userMessage";
import { CommandMessageKeys } from "./commandMessages";

/**
 * The user's offset from UTC at any instant, for UserLocal date-only columns. Xrm's
 * userSettings.getTimeZoneOffsetMinutes() takes no date (it is today's offset), while the form control gets
 * each value's own offset from PCF; so the command asks Dataverse, which converts with the user's time zone:
 *
 * - the user's time zone code: usersettings.timezonecode ("Specify time zone settings for a user",
 *   learn.microsoft.com/power-apps/developer/data-platform/specify-time-zone-settings-user), read once per page;
 * - the local time of each distinct stored instant: the LocalTimeFromUtcTime function (TimeZoneCode, UtcTime →
 *   LocalTimeFromUtcTimeResponse.LocalTime, learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/localtimefromutctime),
 *   asked once per instant per page. Not the timezonerule table: it is deprecated ("Time zone tables").
 *
 * So a click costs at most one request per distinct UserLocal date-only value (plus one for the code), never
 * one per row, and nothing for tables without such columns.
 */
export interface TimeZoneSource {
    /** The user's Dataverse time zone code. */
    timeZoneCode(): Promise<number>;
    /** LocalTimeFromUtcTime's LocalTime for the instant (ISO text whose digits are the local wall-clock time). */
    localTimeFromUtcTime(timeZoneCode: number, utcTime: string): Promise<string>;
}

export interface UserTimeZone {
    /** Looks up the offsets of these instants (the ones not known yet). Rejects with a UserFacingError. */
    prepare(instants: readonly Date[]): Promise<void>;
    /** The offset of a prepared instant, in minutes to add to UTC. */
    offsetMinutes(instant: Date): number;
}

/** No place on earth is further than 14 hours from UTC. */
const MAX_OFFSET_MINUTES = 14 * 60;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;

/** Minutes between the wall-clock digits of `localTime` and the instant; undefined when the answer makes no sense. */
export function offsetFromLocalTime(instant: Date, localTime: unknown): number | undefined {
    const parts = typeof localTime === "string" ? WALL_CLOCK.exec(localTime.trim()) : null;
    if (!parts) return undefined;
    const [year, month, day, hour, minute, second] = parts.slice(1).map((part) => Number(part ?? 0));
    const local = Date.UTC(year, month - 1, day, hour, minute, second);
    const offset = Math.round((local - instant.getTime()) / 60_000);
    return Number.isFinite(offset) && Math.abs(offset) <= MAX_OFFSET_MINUTES ? offset : undefined;
}

function unavailable(): UserFacingError {
    return new UserFacingError(message(CommandMessageKeys.timeZoneUnavailable));
}

/** One per page: offsets found once are kept; a failed lookup is asked again on the next click. */
export function createUserTimeZone(source: TimeZoneSource): UserTimeZone {
    const offsets = new Map<number, Promise<number>>();
    const known = new Map<number, number>();
    let code: Promise<number> | undefined;

    function timeZoneCode(): Promise<number> {
        code ??= source.timeZoneCode().then((value) => {
            if (!Number.isInteger(value)) throw unavailable();
            return value;
        });
        code.catch(() => (code = undefined));
        return code;
    }

    function offsetOf(ms: number): Promise<number> {
        let pending = offsets.get(ms);
        if (!pending) {
            const instant = new Date(ms);
            pending = timeZoneCode()
                .then((zone) => source.localTimeFromUtcTime(zone, instant.toISOString().replace(/\.\d{3}Z$/, "Z")))
                .then((localTime) => {
                    const offset = offsetFromLocalTime(instant, localTime);
                    if (offset === undefined) throw unavailable();
                    known.set(ms, offset);
                    return offset;
                });
            offsets.set(ms, pending);
            pending.catch(() => offsets.delete(ms));
        }
        return pending;
    }

    return {
        async prepare(instants) {
            const distinct = [...new Set(instants.map((instant) => instant.getTime()))].filter((ms) => !known.has(ms));
            try {
                await Promise.all(distinct.map(offsetOf));
            } catch (error) {
                throw error instanceof UserFacingError ? error : unavailable();
            }
        },
        offsetMinutes(instant) {
            const offset = known.get(instant.getTime());
            // prepare() ran for every instant the reader asks for; anything else is a bug, never today's offset.
            if (offset === undefined) throw unavailable();
            return offset;
        },
    };
}
