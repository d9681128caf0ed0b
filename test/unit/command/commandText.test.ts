/** @jest-environment node */
import { createStringLookup, type StringTable } from "../../../FlowTriggerControl/strings/stringTable";
import {
    confirmationText,
    problemsText,
    progressText,
    summaryText,
} from "../../../FlowTriggerControl/command/commandText";
import { resxStringTable } from "./stringTable";

const table = resxStringTable;
const english = createStringLookup(table(), 1033);
const german = createStringLookup(table(), 1031);

describe("createStringLookup", () => {
    const small: StringTable = { "1033": { A: "en A", B: "en B" }, "1031": { A: "de A" } };

    it("uses the user's language, then English, then the key", () => {
        const lookup = createStringLookup(small, 1031);
        expect([lookup("A"), lookup("B"), lookup("C")]).toEqual(["de A", "en B", "C"]);
    });

    it("falls back to English for an unknown or missing language id", () => {
        for (const id of [1036, undefined, "1031", null]) expect(createStringLookup(small, id)("A")).toBe("en A");
    });

    it("never reads keys from the prototype chain", () => {
        expect(createStringLookup(small, 1033)("toString")).toBe("toString");
    });
});

describe("command texts", () => {
    it("replaces every {count} in the maker's confirmation text", () => {
        expect(confirmationText("Send {count} rows? ({count})", 10, english)).toBe("Send 10 rows? (10)");
    });

    it("has a default confirmation when the maker left it empty", () => {
        expect(confirmationText("  ", 3, english)).toBe("Run the flow for 3 selected rows?");
        expect(confirmationText("", 3, german)).toBe("Den Flow für 3 ausgewählte Zeilen ausführen?");
    });

    it("counts progress", () => {
        expect(progressText(3, 10, english)).toBe("Running flow: 3 of 10");
        expect(progressText(3, 10, german)).toBe("Flow wird ausgeführt: 3 von 10");
    });

    it("lists each configuration problem with its key", () => {
        expect(
            problemsText(
                [
                    { property: "clientId", reason: { key: "Error_Config_NotGuid" } },
                    { property: "maxRows", reason: { key: "Command_Config_MaxRowsRange", args: ["1", "250"] } },
                ],
                english,
            ).split("\n"),
        ).toEqual([`clientId: ${english("Error_Config_NotGuid")}`, "maxRows: Must be a whole number from 1 to 250."]);
    });

    it("summarises counts and failures with name or id, reason and reference (not twice)", () => {
        const text = summaryText(
            {
                total: 4,
                succeeded: 1,
                started: 0,
                failed: 2,
                notRun: 1,
                failures: [
                    { rowId: "r1", primaryName: "Contoso", reason: { key: "Error_Flow_NotFound" }, reference: "c-1" },
                    {
                        rowId: "r2",
                        primaryName: null,
                        reason: { key: "Error_Flow_Throttled", args: ["c-2"] },
                        reference: "c-2",
                    },
                ],
            },
            english,
        );
        expect(text.split("\n")).toEqual([
            "Succeeded: 1",
            "Failed: 2",
            "Not run (cancelled): 1",
            `Contoso: ${english("Error_Flow_NotFound")} Reference: c-1`,
            `Row r2: ${english("Error_Flow_Throttled").replace("{0}", "c-2")}`,
        ]);
    });
});
