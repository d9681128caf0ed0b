/** @jest-environment node */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");
const strings = JSON.parse(readFileSync(resolve(ROOT, "FlowTriggerControl/strings/pending/payload.strings.json"), "utf8")) as Record<
    string,
    Record<string, string>
>;

function keysUsedInPayloadCode(): string[] {
    const dir = resolve(ROOT, "FlowTriggerControl/payload");
    const keys = new Set<string>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
        for (const match of readFileSync(resolve(dir, file), "utf8").matchAll(/"(Error_Payload\w*)"/g)) keys.add(match[1]);
    }
    return [...keys].sort();
}

const placeholders = (text: string) => (text.match(/\{\d+\}/g) ?? []).sort().join(",");

describe("payload strings", () => {
    it("define exactly the keys the payload code uses", () => {
        expect(Object.keys(strings).sort()).toEqual(keysUsedInPayloadCode());
    });

    it.each(Object.keys(strings))("%s has English, German, French and a comment with the same placeholders", (key) => {
        const entry = strings[key];
        for (const lcid of ["1033", "1031", "1036", "comment"]) expect(entry[lcid]?.trim()).toBeTruthy();
        expect(placeholders(entry["1031"])).toBe(placeholders(entry["1033"]));
        expect(placeholders(entry["1036"])).toBe(placeholders(entry["1033"]));
    });
});
