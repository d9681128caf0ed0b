/** The few Fluent v9 design tokens the host may hand over (context.fluentDesignLanguage.tokenTheme). */
export interface HostTokenTheme {
    readonly colorBrandBackground?: string;
    readonly colorBrandBackgroundHover?: string;
    readonly colorBrandBackgroundPressed?: string;
    readonly colorBrandForeground1?: string;
    readonly colorNeutralForeground1?: string;
    readonly colorNeutralForeground2?: string;
    readonly colorNeutralBackground1?: string;
    readonly colorNeutralStroke1?: string;
    readonly fontFamilyBase?: string;
}
