import { createTheme, type PartialTheme } from "@fluentui/react";
import type { HostTokenTheme } from "../contracts/hostTheme";

/**
 * Maps the app's Fluent v9 theme onto a Fluent v8 theme so the button follows the app's brand colours.
 * Returns undefined when the host gives no theme: the button then uses Fluent's defaults.
 */
export function themeFromHost(tokens: HostTokenTheme | undefined): PartialTheme | undefined {
    if (!tokens?.colorBrandBackground) return undefined;
    const palette: Record<string, string | undefined> = {
        themePrimary: tokens.colorBrandBackground,
        themeDarkAlt: tokens.colorBrandBackgroundHover,
        themeDark: tokens.colorBrandBackgroundPressed,
        themeDarker: tokens.colorBrandBackgroundPressed,
        themeSecondary: tokens.colorBrandForeground1,
        neutralPrimary: tokens.colorNeutralForeground1,
        neutralSecondary: tokens.colorNeutralForeground2,
        neutralTertiaryAlt: tokens.colorNeutralStroke1,
        white: tokens.colorNeutralBackground1,
    };
    const defined = Object.fromEntries(
        Object.entries(palette).filter((slot) => typeof slot[1] === "string" && slot[1] !== ""),
    );
    return createTheme({
        palette: defined,
        defaultFontStyle: tokens.fontFamilyBase ? { fontFamily: tokens.fontFamilyBase } : undefined,
    });
}
