/** @jsx h */
import {
    DefaultButton,
    IconButton,
    PrimaryButton,
    type IButtonProps,
    type IButtonStyles,
    type IIconProps,
} from "@fluentui/react";
import * as React from "react";
import { h } from "./jsx";
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
    /** Pointer (primary button) or a first Enter/Space down on the enabled button: a click is likely to follow. */
    readonly onPress?: () => void;
}

/** A long label wraps inside a narrow column (300 px, phones) instead of pushing the button past it. */
const WRAPPING_STYLES: IButtonStyles = {
    root: { maxWidth: "100%", height: "auto", minHeight: 32 },
    flexContainer: { minWidth: 0 },
    textContainer: { minWidth: 0 },
    label: { whiteSpace: "normal", overflowWrap: "anywhere", lineHeight: "20px", margin: "5px 4px" },
};

/** The Fluent v8 button in the maker's appearance: primary, default, or icon only. */
export function RunButton(props: RunButtonProps) {
    const { button, disabled, onPress } = props;
    const iconOnly = button.label === "" && button.icon !== undefined;
    const visibleLabel = button.label || props.defaultLabel;
    const accessibleName = button.accessibleLabel || visibleLabel;
    const iconProps: IIconProps | undefined = React.useMemo(() => {
        if (!button.icon) return undefined;
        ensureIconRegistered(button.icon);
        return { iconName: button.icon };
    }, [button.icon]);

    const pressHandlers = React.useMemo(
        () =>
            disabled
                ? undefined
                : {
                      onPointerDown: (event: React.PointerEvent) => {
                          if (event.button === 0) onPress?.();
                      },
                      onKeyDown: (event: React.KeyboardEvent) => {
                          if (event.key !== "Enter" && event.key !== " ") return;
                          // A held key repeats keydown, and the browser clicks on each repeated Enter: only the
                          // first press may click (and prepare), or a quick run ends and the next repeat runs again.
                          if (event.repeat) {
                              event.preventDefault();
                              return;
                          }
                          onPress?.();
                      },
                  },
        [onPress, disabled],
    );

    const buttonProps: IButtonProps = {
        ...pressHandlers,
        onClick: props.onClick,
        disabled,
        // Keeps a disabled button focusable so keyboard and screen reader users hear why it is disabled.
        allowDisabledFocus: true,
        iconProps,
        ariaLabel: accessibleName,
        "aria-describedby": props.describedBy,
        "aria-busy": props.running,
        title: iconOnly ? accessibleName : undefined,
        "data-testid": "flow-trigger-button",
        styles: iconOnly ? undefined : WRAPPING_STYLES,
        text: iconOnly ? undefined : visibleLabel,
    } as IButtonProps;

    const FluentButton = iconOnly ? IconButton : button.appearance === "primary" ? PrimaryButton : DefaultButton;
    return <FluentButton {...buttonProps} />;
}
