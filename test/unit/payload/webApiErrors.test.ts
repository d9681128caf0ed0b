import {
    describeMetadataError,
    describeRetrieveError,
    safePlatformText,
} from "../../../FlowTriggerControl/payload/webApiErrors";

describe("describeRetrieveError", () => {
    it.each([
        [{ errorCode: -2147220969, message: "Does Not Exist" }, "Error_Payload_RecordNotFound"],
        [{ errorCode: 2147746327 }, "Error_Payload_RecordNotFound"], // same code, unsigned
        [{ code: "0x80040217" }, "Error_Payload_RecordNotFound"],
        [{ httpStatusCode: 404 }, "Error_Payload_RecordNotFound"],
        [{ errorCode: -2147220960, message: "missing prvReadAccount" }, "Error_Payload_NoReadPrivilege"],
        [{ errorCode: 2147746336, message: "missing prvReadAccount" }, "Error_Payload_NoReadPrivilege"], // positive
        [{ errorCode: 2147779334 }, "Error_Payload_NoReadPrivilege"], // 0x80048306, positive
        [{ status: 403, message: "Forbidden" }, "Error_Payload_NoReadPrivilege"],
        [new TypeError("Failed to fetch"), "Error_Payload_Network"],
        [{ message: "NetworkError when attempting to fetch resource." }, "Error_Payload_Network"],
        [{ status: 0 }, "Error_Payload_Network"],
        [{ errorCode: -2147204784, message: "Generic SQL error." }, "Error_Payload_ReadFailed"],
        [undefined, "Error_Payload_ReadFailed"],
    ])("maps %p to %s", (error, key) => {
        expect(describeRetrieveError(error).key).toBe(key);
    });
});

describe("describeMetadataError", () => {
    it("names the table and keeps the platform text, or reports the network", () => {
        expect(describeMetadataError("account", { message: "Oops" })).toEqual({
            key: "Error_Payload_MetadataFailed",
            args: ["account", "Oops"],
        });
        expect(describeMetadataError("account", new TypeError("Failed to fetch"))).toEqual({
            key: "Error_Payload_Network",
        });
    });
});

describe("safePlatformText", () => {
    it("removes JWTs, bearer values and SAS signatures and flattens whitespace", () => {
        const text = safePlatformText({
            message:
                "Call failed\n  token eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2lnbmF0dXJl\tAuthorization: bearer abc.def and https://h/p?api-version=1&sig=SECRET%3D&sp=x",
        });
        expect(text).toBe(
            "Call failed token [redacted] Authorization: Bearer [redacted] and https://h/p?api-version=1&sig=[redacted]&sp=x",
        );
    });

    it("uses the error code as hex when there is no text", () => {
        expect(safePlatformText({ errorCode: -2147220969 })).toBe("0x80040217");
        expect(safePlatformText({ errorCode: 2147746327 })).toBe("0x80040217");
        expect(safePlatformText({})).toBe("-");
        expect(safePlatformText("plain")).toBe("plain");
    });
});
