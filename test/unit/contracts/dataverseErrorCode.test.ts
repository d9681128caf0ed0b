import { dataverseErrorCode, formatHResult } from "../../../FlowTriggerControl/contracts/dataverse";

describe("dataverseErrorCode: one signed code from every form a host reports", () => {
    // 0x80040333 is the Client API reference's own example: errorCode arrives as 2147746611.
    it.each<[string, unknown, number]>([
        ["the documented positive decimal", { errorCode: 2147746611 }, -2147220685],
        ["a negative (signed) number", { errorCode: -2147220685 }, -2147220685],
        ["hex text in code", { code: "0x80040333" }, -2147220685],
        ["hex text in errorCode, with spaces", { errorCode: " 0x80040333 " }, -2147220685],
        ["an Error carrying errorCode", Object.assign(new Error("x"), { errorCode: 2147746336 }), -2147220960],
    ])("reads %s", (_name, error, expected) => {
        expect(dataverseErrorCode(error)).toBe(expected);
        expect(formatHResult(dataverseErrorCode(error)!)).toBe(expected === -2147220685 ? "0x80040333" : "0x80040220");
    });

    it("prefers errorCode over code", () => {
        expect(dataverseErrorCode({ errorCode: 2147746327, code: "0x80040220" })).toBe(-2147220969);
    });

    it.each<[string, unknown]>([
        ["no code at all", { message: "offline" }],
        ["a fraction", { errorCode: 1.5 }],
        ["a number beyond 32 bits", { errorCode: 2 ** 40 }],
        ["text that is not hex", { code: "ObjectDoesNotExist" }],
        ["hex longer than 32 bits", { code: "0x1800402170" }],
        ["null", null],
        ["a string", "0x80040217"],
    ])("finds none in %s", (_name, error) => {
        expect(dataverseErrorCode(error)).toBeUndefined();
    });
});
