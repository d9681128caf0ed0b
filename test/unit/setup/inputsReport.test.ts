import { message } from "../../../FlowTriggerControl/contracts/userMessage";
import { result } from "../../../FlowTriggerControl/setup/checkTypes";
import { inputsFromQuery, inputsFromSettingsJson } from "../../../FlowTriggerControl/setup/inputs";
import { buildReport, maskSecrets } from "../../../FlowTriggerControl/setup/report";
import type { CheckId } from "../../../FlowTriggerControl/setup/rows";
import { decodeClaims } from "../../../FlowTriggerControl/setup/tokenClaims";

describe("inputs", () => {
    it("reads every control property by its own name, plus table and recordId, and nothing else", () => {
        const inputs = inputsFromQuery(
            "?flowUrl=ftc_Url&authMode=EntraUser&payloadFields=name%2Crevenue&table=account&recordId=%20abc%20&other=x",
        );
        expect(inputs).toEqual({
            raw: { flowUrl: "ftc_Url", authMode: "EntraUser", payloadFields: "name,revenue" },
            table: "account",
            recordId: "abc",
        });
    });

    it("takes a command's settingsJson: control keys as text, command-only keys left to the command's parser", () => {
        expect(
            inputsFromSettingsJson(
                '{"flowUrl":"ftc_Url","timeoutSeconds":30,"sendTrackingHeader":true,"maxRows":5,"mode":"batch"}',
            ),
        ).toEqual({
            ok: true,
            raw: { flowUrl: "ftc_Url", timeoutSeconds: "30", sendTrackingHeader: "true" },
        });
        expect(inputsFromSettingsJson("[1]")).toEqual({ ok: false });
        expect(inputsFromSettingsJson("{")).toEqual({ ok: false });
    });
});

describe("report", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl";

    it("masks every sig value and removes anything that looks like a token", () => {
        expect(maskSecrets(`url ?sp=a&sv=1.0&sig=abcDEF123 and sig%3Dxyz Bearer ${token}`)).toBe(
            "url ?sp=a&sv=1.0&sig=*** and sig%3D*** Bearer [token removed]",
        );
    });

    it("lists every row in order with its status, facts and fixes, in plain text", () => {
        const rows = new Map<CheckId, ReturnType<typeof result>>([
            [
                "token",
                result(
                    "pass",
                    message("Setup_Token_Pass"),
                    [],
                    [{ label: "Setup_Fact_Aud", value: "https://service.flow.microsoft.com/" }],
                ),
            ],
            [
                "settings",
                result("fail", message("Setup_Settings_Fail", "1"), [
                    { property: "flowUrl", message: message("Error_Url_Malformed") },
                ]),
            ],
            [
                "flowUrl",
                result(
                    "pass",
                    message("Setup_FlowUrl_Pass"),
                    [],
                    [{ label: "Setup_Fact_Path", value: `/x?sig=SECRET ${token}` }],
                ),
            ],
        ]);
        const lookup = (key: string) => `<${key}>`;
        const text = buildReport(
            rows,
            { generatedAt: "2026-01-01T00:00:00.000Z", origin: "https://contoso.crm.dynamics.com", version: "1.0.0.0" },
            lookup,
        );
        expect(text.split("\n")).toEqual([
            "<Setup_Title> — https://contoso.crm.dynamics.com",
            "2026-01-01T00:00:00.000Z · 1.0.0.0",
            "",
            "[FAIL] settings — <Setup_Row_Settings>: <Setup_Settings_Fail>",
            "    → flowUrl: <Error_Url_Malformed>",
            "[PASS] flowUrl — <Setup_Row_FlowUrl>: <Setup_FlowUrl_Pass>",
            "    <Setup_Fact_Path>: /x?sig=*** [token removed]",
            "[PASS] token — <Setup_Row_Token>: <Setup_Token_Pass>",
            "    <Setup_Fact_Aud>: https://service.flow.microsoft.com/",
        ]);
    });
});

describe("decodeClaims", () => {
    const encode = (claims: object) =>
        `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

    it("reads the claims the token row shows", () => {
        expect(
            decodeClaims(encode({ aud: "a", tid: "t", scp: "User", upn: "ädele@contoso.test", exp: 5, oid: "o" })),
        ).toEqual({
            aud: "a",
            tid: "t",
            scp: "User",
            upn: "ädele@contoso.test",
            name: undefined,
            oid: "o",
            exp: 5,
        });
    });

    it("gives undefined for anything that is not a JWT", () => {
        expect(decodeClaims("abc")).toBeUndefined();
        expect(decodeClaims("a.!!!.c")).toBeUndefined();
    });
});
