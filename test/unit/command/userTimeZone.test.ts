/** @jest-environment node */
import { UserFacingError } from "../../../FlowTriggerControl/contracts/userMessage";
import {
    createUserTimeZone,
    offsetFromLocalTime,
    type TimeZoneSource,
} from "../../../FlowTriggerControl/command/userTimeZone";

/** LocalTimeFromUtcTime as Dataverse answers it for a user in Berlin (W. Europe Standard Time, code 110). */
function berlinLocalTime(utcTime: string): string {
    const parts = Object.fromEntries(
        new Intl.DateTimeFormat("en-GB", {
            timeZone: "Europe/Berlin",
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
        })
            .formatToParts(new Date(utcTime))
            .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`;
}

function berlin(): TimeZoneSource & { codeCalls: jest.Mock; timeCalls: jest.Mock } {
    const codeCalls = jest.fn(() => Promise.resolve(110));
    const timeCalls = jest.fn((_code: number, utc: string) => Promise.resolve(berlinLocalTime(utc)));
    return { timeZoneCode: codeCalls, localTimeFromUtcTime: timeCalls, codeCalls, timeCalls };
}

const JAN_15 = new Date("2026-01-14T23:00:00Z");
const JUL_15 = new Date("2026-07-14T22:00:00Z");

describe("offsetFromLocalTime", () => {
    it("reads the wall-clock digits, whatever offset suffix the answer carries", () => {
        expect(offsetFromLocalTime(JUL_15, "2026-07-15T00:00:00Z")).toBe(120);
        expect(offsetFromLocalTime(JUL_15, "2026-07-15T00:00:00+02:00")).toBe(120);
        expect(offsetFromLocalTime(JAN_15, "2026-01-15T00:00:00")).toBe(60);
        expect(offsetFromLocalTime(new Date("2026-03-01T05:00:00Z"), "2026-03-01T00:00:00Z")).toBe(-300);
    });

    it("refuses an answer that is no time, or further than 14 hours away", () => {
        for (const answer of [undefined, 5, "", "yesterday", "2026-07-17T00:00:00Z"]) {
            expect(offsetFromLocalTime(JUL_15, answer)).toBeUndefined();
        }
    });
});

describe("createUserTimeZone", () => {
    it("gives each instant its own offset, on both sides of daylight saving time", async () => {
        const timeZone = createUserTimeZone(berlin());
        await timeZone.prepare([JAN_15, JUL_15]);
        expect(timeZone.offsetMinutes(JAN_15)).toBe(60);
        expect(timeZone.offsetMinutes(JUL_15)).toBe(120);
    });

    it("asks for the code once and each distinct instant once, however many rows repeat it", async () => {
        const source = berlin();
        const timeZone = createUserTimeZone(source);
        const rows = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? JAN_15 : new Date(JUL_15.getTime())));
        await Promise.all(rows.map((instant) => timeZone.prepare([instant])));
        await timeZone.prepare([JAN_15, JUL_15]);
        expect(source.codeCalls).toHaveBeenCalledTimes(1);
        expect(source.timeCalls.mock.calls).toEqual([
            [110, "2026-01-14T23:00:00Z"],
            [110, "2026-07-14T22:00:00Z"],
        ]);
        await timeZone.prepare([]);
        expect(source.codeCalls).toHaveBeenCalledTimes(1);
    });

    it("a failed lookup is a clear message, asked again next time; never today's offset", async () => {
        const source = berlin();
        source.codeCalls.mockImplementationOnce(() => Promise.reject(new Error("403")));
        const timeZone = createUserTimeZone(source);
        await expect(timeZone.prepare([JUL_15])).rejects.toEqual(
            new UserFacingError({ key: "Command_Error_TimeZoneUnavailable" }),
        );
        expect(() => timeZone.offsetMinutes(JUL_15)).toThrow(UserFacingError);
        await timeZone.prepare([JUL_15]);
        expect(timeZone.offsetMinutes(JUL_15)).toBe(120);
    });

    it("an answer that makes no sense is refused", async () => {
        const source = berlin();
        source.timeCalls.mockImplementation(() => Promise.resolve("not a time"));
        await expect(createUserTimeZone(source).prepare([JUL_15])).rejects.toBeInstanceOf(UserFacingError);
    });
});
