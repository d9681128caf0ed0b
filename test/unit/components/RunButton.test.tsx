import { fireEvent, render, screen } from "@testing-library/react";
import * as React from "react";
import { RunButton } from "../../../FlowTriggerControl/components/RunButton";
import type { ButtonSettings } from "../../../FlowTriggerControl/settings/settings.types";

const BUTTON: ButtonSettings = {
    label: "Send to ERP",
    icon: undefined,
    appearance: "primary",
    accessibleLabel: "",
    confirmationText: "",
    successMessage: "",
};

function renderRunButton(disabled = false) {
    const onClick = jest.fn();
    const onPress = jest.fn();
    render(
        <RunButton
            button={BUTTON}
            defaultLabel="Run flow"
            disabled={disabled}
            running={false}
            onClick={onClick}
            onPress={onPress}
        />,
    );
    return { button: screen.getByRole("button", { name: "Send to ERP" }), onClick, onPress };
}

/**
 * What a browser does on a key held down on a focused button: a keydown per auto-repeat (repeat=true after
 * the first), and for Enter a click after each keydown nobody cancelled. jsdom does not click on Enter itself.
 */
function holdEnter(button: HTMLElement, keydowns: number): void {
    for (let index = 0; index < keydowns; index++) {
        const notCancelled = fireEvent.keyDown(button, { key: "Enter", code: "Enter", repeat: index > 0 });
        if (notCancelled) fireEvent.click(button);
    }
    fireEvent.keyUp(button, { key: "Enter", code: "Enter" });
}

describe("RunButton: a held key", () => {
    it("holding Enter clicks once, however often the key repeats", () => {
        const { button, onClick, onPress } = renderRunButton();
        holdEnter(button, 6);
        expect(onClick).toHaveBeenCalledTimes(1);
        expect(onPress).toHaveBeenCalledTimes(1);
    });

    it("a repeated Enter or Space keydown is cancelled and starts no press preparation", () => {
        const { button, onPress } = renderRunButton();
        expect(fireEvent.keyDown(button, { key: "Enter", repeat: true })).toBe(false);
        expect(fireEvent.keyDown(button, { key: " ", repeat: true })).toBe(false);
        expect(onPress).not.toHaveBeenCalled();
    });

    it("each new press still counts: a first keydown is not cancelled and prepares", () => {
        const { button, onClick, onPress } = renderRunButton();
        holdEnter(button, 1);
        holdEnter(button, 3);
        expect(onClick).toHaveBeenCalledTimes(2);
        expect(onPress).toHaveBeenCalledTimes(2);
        expect(fireEvent.keyDown(button, { key: " " })).toBe(true);
    });

    it("other keys pass untouched", () => {
        const { button, onPress } = renderRunButton();
        expect(fireEvent.keyDown(button, { key: "Tab", repeat: true })).toBe(true);
        expect(onPress).not.toHaveBeenCalled();
    });
});
