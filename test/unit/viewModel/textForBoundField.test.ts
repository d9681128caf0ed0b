import fc from "fast-check";
import { textForBoundField } from "../../../FlowTriggerControl/viewModel";

/** Unpaired UTF-16 surrogates in a string. */
function loneSurrogates(text: string): number {
    return (text.match(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g) ?? []).length;
}

describe("textForBoundField", () => {
    it("an emoji across the limit is left out whole, never halved", () => {
        // "Approved " is 9 units; the emoji takes units 10 and 11 of a 10-unit column.
        expect(textForBoundField("Approved 👍", 10)).toBe("Approved ");
        expect(textForBoundField("Approved 👍", 11)).toBe("Approved 👍");
        expect(textForBoundField("👍👍👍", 5)).toBe("👍👍");
    });

    it("keeps text within the limit as it is, newlines included", () => {
        expect(textForBoundField("line 1\nline 2", 100)).toBe("line 1\nline 2");
        expect(textForBoundField("abc", undefined)).toBe("abc");
        expect(textForBoundField("abcdef", 3)).toBe("abc");
        expect(textForBoundField("abc", 0)).toBe("");
    });

    it("never exceeds the column's length and never adds a lone surrogate", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.string({ maxLength: 200, unit: "grapheme" }),
                    fc.string({ maxLength: 200, unit: "binary" }),
                ),
                fc.nat(220),
                (text, maxLength) => {
                    const out = textForBoundField(text, maxLength);
                    return (
                        out.length <= maxLength &&
                        text.startsWith(out) &&
                        loneSurrogates(out) <= loneSurrogates(text) &&
                        // Cut at most one unit shorter than the limit, and only to keep a pair whole.
                        out.length >= Math.min(text.length, maxLength) - 1
                    );
                },
            ),
        );
    });
});
