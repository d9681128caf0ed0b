/** @jest-environment node */
import * as fs from "node:fs";
import * as path from "node:path";
import pending from "../../../FlowTriggerControl/command/newStrings.json";
import { loadResx } from "../../support/resx";

/**
 * Phase A keeps the command library's new texts in newStrings.json (the resx files are edited elsewhere
 * meanwhile). Until they are merged, this holds them to the resx rules: every key the library names has a
 * text in all three languages, the same placeholders everywhere, and none is unused.
 */
const COMMAND_DIR = path.join(__dirname, "..", "..", "..", "FlowTriggerControl", "command");
const LANGUAGES = ["1033", "1031", "1036"] as const;
const texts = pending as Record<string, Record<string, string>>;
const resx = new Map(LANGUAGES.map((lcid) => [lcid, loadResx(Number(lcid))]));

function commandKeysUsed(): Set<string> {
    const used = new Set<string>();
    for (const file of fs.readdirSync(COMMAND_DIR).filter((name) => name.endsWith(".ts"))) {
        const source = fs.readFileSync(path.join(COMMAND_DIR, file), "utf8");
        for (const m of source.matchAll(/["'`](Command_[A-Za-z0-9_]+)["'`]/g)) used.add(m[1]);
    }
    return used;
}

const placeholders = (text: string): string => (text.match(/\{\d+\}/g) ?? []).sort().join(",");

describe("the command library's pending strings", () => {
    it("have a text in every language for every key the library names", () => {
        const missing: string[] = [];
        for (const key of commandKeysUsed()) {
            for (const lcid of LANGUAGES) {
                const text = resx.get(lcid)!.get(key) ?? texts[key]?.[lcid];
                if (typeof text !== "string" || text.trim() === "") missing.push(`${key} (${lcid})`);
            }
        }
        expect(missing).toEqual([]);
    });

    it("use the same placeholders in every language", () => {
        const mismatched = Object.entries(texts).filter(
            ([, value]) =>
                placeholders(value["1031"]) !== placeholders(value["1033"]) ||
                placeholders(value["1036"]) !== placeholders(value["1033"]),
        );
        expect(mismatched.map(([key]) => key)).toEqual([]);
    });

    it("are all used, and none is already in the resx files", () => {
        const used = commandKeysUsed();
        expect(Object.keys(texts).filter((key) => !used.has(key))).toEqual([]);
        expect(Object.keys(texts).filter((key) => resx.get("1033")!.has(key))).toEqual([]);
    });
});
