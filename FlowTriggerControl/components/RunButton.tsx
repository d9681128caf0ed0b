import { DefaultButton, IconButton, PrimaryButton, type IButtonProps, type IIconProps } from "@fluentui/react";
import * as React from "react";
import type { ButtonSettings } from "../settings/settings.types";
import { ensureIconRegistered } from "./iconRegistry";

export interface RunButtonProps {
    readonly button: ButtonSettings;
    /** The label when the maker set none. */
    readonly defaultLabel: string;
    readonly disabled: boolean;
    readonly running: boolean;
    /** Id of the element that says why the button is disabled. */
    readonly describedBy?: string;
    readonly onClick: () => void;
}

/** The Fluent v8 button in the maker's appearance: primary, default, or icon only. */
export function RunButton({ button, defaultLabel, disabled, running, describedBy, onClick }: RunButtonProps) {
    const iconOnly = button.label === "" && button.icon !== undefined;
    const visibleLabel = button.label || defaultLabel;
    const accessibleName = button.accessibleLabel || visibleLabel;
    const iconProps: IIconProps | undefined = React.useMemo(() => {
        if (!button.icon) return undefined;
        ensureIconRegistered(button.icon);
        return { iconName: button.icon };
    }, [button.icon]);

    const buttonProps: IButtonProps = {
        onClick,
        disabled,
        // Keeps a disabled button focusable so keyboard and screen reader users hear why it is disabled.
        allowDisabledFocus: true,
        iconProps,
        ariaLabel: accessibleName,
        "aria-describedby": describedBy,
        "aria-busy": running,
        title: iconOnly ? accessibleName : undefined,
        "data-testid": "flow-trigger-button",
    } as IButtonProps;

    if (iconOnly) return <IconButton {...buttonProps} />;
    if (button.appearance === "primary") return <PrimaryButton {...buttonProps} text={visibleLabel} />;
    return <DefaultButton {...buttonProps} text={visibleLabel} />;
}
