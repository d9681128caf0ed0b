import * as fs from "node:fs";
import * as path from "node:path";

const STRINGS_DIR = path.join(__dirname, "..", "..", "FlowTriggerControl", "strings");

/** Reads one of the control's .resx files into a key → text map. */
export function loadResx(lcid = 1033): Map<string, string> {
    const xml = fs.readFileSync(path.join(STRINGS_DIR, `FlowTriggerControl.${lcid}.resx`), "utf8");
    const map = new Map<string, string>();
    for (const m of xml.matchAll(/<data name="([^"]+)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g)) {
        map.set(
            m[1],
            m[2]
                .replace(/&lt;/g, "<")
                .replace(/&gt;/g, ">")
                .replace(/&quot;/g, '"')
                .replace(/&apos;/g, "'")
                .replace(/&amp;/g, "&"),
        );
    }
    return map;
}

/** A getString over the real resx that fails the test on a missing key instead of showing the key. */
export function resxLookup(lcid = 1033): (key: string) => string {
    const map = loadResx(lcid);
    return (key: string) => {
        const value = map.get(key);
        if (value === undefined) throw new Error(`Missing resx key ${key} (${lcid})`);
        return value;
    };
}
