import { themeFromHost } from "../../../FlowTriggerControl/components/hostTheme";

describe("themeFromHost", () => {
    it("uses Fluent's defaults when the host gives no theme", () => {
        expect(themeFromHost(undefined)).toBeUndefined();
        expect(themeFromHost({ colorNeutralForeground1: "#111111" })).toBeUndefined();
    });

    it("maps the app's brand and neutral tokens onto the Fluent v8 palette", () => {
        const theme = themeFromHost({
            colorBrandBackground: "#8a2be2",
            colorBrandBackgroundHover: "#7a1bd2",
            colorBrandBackgroundPressed: "#6a0bc2",
            colorNeutralForeground1: "#202020",
            colorNeutralBackground1: "#fafafa",
            fontFamilyBase: "Contoso Sans",
        });
        expect(theme?.palette).toMatchObject({
            themePrimary: "#8a2be2",
            themeDarkAlt: "#7a1bd2",
            themeDark: "#6a0bc2",
            neutralPrimary: "#202020",
            white: "#fafafa",
        });
        expect(theme?.fonts?.medium?.fontFamily).toContain("Contoso Sans");
    });
});
