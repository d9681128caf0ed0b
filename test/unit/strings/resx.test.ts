/** @jest-environment node */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadResx } from "../../support/resx";

const ROOT = path.join(__dirname, "..", "..", "..");
const CONTROL = path.join(ROOT, "FlowTriggerControl");
const LANGUAGES = [1033, 1031, 1036] as const;
const KEY =
    /["'`]((?:Error|Auth|Message|Notice|Event|Disabled|Config|Confirm|Button|Property|Control|Command|Setup)_[A-Za-z0-9_]+)["'`]/g;

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
        return /\.(tsx?|xml)$/.test(entry.name) ? [full] : [];
    });
}

/** Every message key the control's code and manifest name literally. */
function keysUsed(): Map<string, string> {
    const used = new Map<string, string>();
    for (const file of sourceFiles(CONTROL)) {
        for (const m of fs.readFileSync(file, "utf8").matchAll(KEY)) used.set(m[1], path.relative(ROOT, file));
    }
    return used;
}

const placeholders = (text: string): string => (text.match(/\{\d+\}/g) ?? []).sort().join(",");
const resx = new Map(LANGUAGES.map((lcid) => [lcid, loadResx(lcid)]));
const english = resx.get(1033)!;

describe("the .resx strings", () => {
    it("are well-formed: every <data> holds one <value>, an optional <comment>, and is closed", () => {
        const block = /<data name="[^"]+"[^>]*>\s*<value>[^<]*<\/value>\s*(?:<comment>[^<]*<\/comment>\s*)?<\/data>/g;
        for (const lcid of LANGUAGES) {
            const xml = fs.readFileSync(path.join(CONTROL, "strings", `FlowTriggerControl.${lcid}.resx`), "utf8");
            const opened = xml.match(/<data name=/g)?.length ?? 0;
            expect({ lcid, wellFormed: xml.match(block)?.length ?? 0 }).toEqual({ lcid, wellFormed: opened });
        }
    });

    it("have every key the code and manifest use, in every language", () => {
        const missing: string[] = [];
        for (const [key, file] of keysUsed()) {
            for (const lcid of LANGUAGES)
                if (!resx.get(lcid)!.has(key)) missing.push(`${key} (${lcid}, used in ${file})`);
        }
        expect(missing).toEqual([]);
    });

    it("have the same keys in every language, none empty", () => {
        for (const lcid of LANGUAGES) {
            const table = resx.get(lcid)!;
            expect([...table.keys()].sort()).toEqual([...english.keys()].sort());
            expect([...table.entries()].filter(([, v]) => v.trim() === "").map(([k]) => k)).toEqual([]);
        }
    });

    it("use the same {n} placeholders in every language", () => {
        const mismatched: string[] = [];
        for (const [key, text] of english) {
            for (const lcid of [1031, 1036] as const) {
                if (placeholders(resx.get(lcid)!.get(key) ?? "") !== placeholders(text))
                    mismatched.push(`${key} (${lcid})`);
            }
        }
        expect(mismatched).toEqual([]);
    });

    it("have no key that nothing uses", () => {
        const used = keysUsed();
        // Property display names are looked up by property name, and the payload CLI builds no keys.
        const unused = [...english.keys()].filter(
            (key) => !used.has(key) && !/^Property_\w+_(DisplayName|Description)$/.test(key),
        );
        expect(unused).toEqual([]);
    });
});

/** Names of the `<data>` elements that don't close before the next one starts (a bad merge can drop a `</data>`). */
function unclosedEntries(xml: string): string[] {
    const opened = [...xml.matchAll(/<data name="([^"]+)"/g)].map((m) => m[1]);
    const closed = new Set(
        [
            ...xml.matchAll(
                /<data name="([^"]+)" xml:space="preserve">\s*<value>[^<]*<\/value>\s*(?:<comment>[^<]*<\/comment>\s*)?<\/data>/g,
            ),
        ].map((m) => m[1]),
    );
    return opened.filter((name) => !closed.has(name));
}

describe("resx structure", () => {
    it.each(LANGUAGES)("every entry of %i is one closed <data> with a value and an optional comment", (lcid) => {
        const xml = fs.readFileSync(path.join(CONTROL, "strings", `FlowTriggerControl.${lcid}.resx`), "utf8");
        expect(unclosedEntries(xml)).toEqual([]);
    });

    it("names an entry whose </data> is missing (seeded case)", () => {
        const xml =
            '<data name="A" xml:space="preserve">\n    <value>a</value>\n    <comment>c</comment>\n' +
            '  <data name="B" xml:space="preserve">\n    <value>b</value>\n  </data>\n';
        expect(unclosedEntries(xml)).toEqual(["A"]);
    });
});
