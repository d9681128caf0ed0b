import { act, createEvent, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import * as React from "react";
import { FlowTriggerButton } from "../../../FlowTriggerControl/components/FlowTriggerButton";
import type { FlowTriggerButtonProps } from "../../../FlowTriggerControl/components/FlowTriggerButton.types";
import type { ButtonSettings } from "../../../FlowTriggerControl/settings/settings.types";
import type { TriggerOutcome } from "../../../FlowTriggerControl/contracts/run";
import { deferred } from "../../support/deferred";
import { resxLookup } from "../../support/resx";

const getString = resxLookup(1033);

const BUTTON: ButtonSettings = {
    label: "Send to ERP",
    icon: undefined,
    appearance: "primary",
    accessibleLabel: "",
    confirmationText: "",
    successMessage: "",
};

function renderButton(overrides: Partial<FlowTriggerButtonProps> = {}) {
    const onRun = jest.fn<Promise<TriggerOutcome>, []>(() =>
        Promise.resolve({ kind: "succeeded", correlationId: "c-1", status: 200 }),
    );
    const props: FlowTriggerButtonProps = { button: BUTTON, getString, onRun, ...overrides };
    const view = render(<FlowTriggerButton {...props} />);
    return { ...view, onRun: (props.onRun as jest.Mock) ?? onRun };
}

describe("FlowTriggerButton", () => {
    it("shows the maker's label as the button's accessible name", () => {
        renderButton();
        expect(screen.getByRole("button", { name: "Send to ERP" })).toBeEnabled();
    });

    it("falls back to the default label", () => {
        renderButton({ button: { ...BUTTON, label: "" } });
        expect(screen.getByRole("button", { name: "Run flow" })).toBeInTheDocument();
    });

    it("gives an icon-only button an accessible name and a tooltip", () => {
        renderButton({ button: { ...BUTTON, label: "", icon: "Send", accessibleLabel: "Send the order" } });
        const button = screen.getByRole("button", { name: "Send the order" });
        expect(button).toHaveAttribute("title", "Send the order");
    });

    it("renders the default appearance as a non-primary button", () => {
        renderButton({ button: { ...BUTTON, appearance: "default" } });
        expect(screen.getByRole("button", { name: "Send to ERP" }).className).not.toMatch(
            /is-primary|ms-Button--primary/,
        );
    });

    it.each([
        ["read-only form", "Disabled_ReadOnly", "Not available: this form is read-only."],
        ["unsaved record", "Disabled_Unsaved", "Save the record first to run this flow."],
        [
            "misconfigured",
            "Disabled_Misconfigured",
            "This button isn't set up correctly. Ask your administrator to check its settings.",
        ],
    ])("is disabled with the reason shown and announced: %s", (_name, key, text) => {
        const { onRun } = renderButton({ disabledReason: { key } });
        const button = screen.getByRole("button", { name: "Send to ERP" });
        expect(button).toHaveAttribute("aria-disabled", "true");
        expect(screen.getByText(text)).toBeInTheDocument();
        expect(button).toHaveAccessibleDescription(text);
        fireEvent.click(button);
        expect(onRun).not.toHaveBeenCalled();
    });

    it("lists configuration problems by property for the maker", () => {
        renderButton({
            disabledReason: { key: "Disabled_Misconfigured" },
            configProblems: [
                { property: "clientId", reason: { key: "Error_Config_NotGuid" } },
                { property: "timeoutSeconds", reason: { key: "Error_Config_TimeoutRange", args: ["5", "600"] } },
            ],
        });
        fireEvent.click(screen.getByText("Show details"));
        const list = screen.getByTestId("flow-trigger-config-problems");
        expect(within(list).getByText(/Enter a GUID/)).toBeInTheDocument();
        expect(within(list).getByText("Application (client) ID")).toBeInTheDocument();
        expect(within(list).getByText(/from 5 to 600/)).toBeInTheDocument();
    });

    it("shows problems found after load and disables the button", async () => {
        const { onRun } = renderButton({
            preparation: Promise.resolve([{ property: "flowUrl", reason: { key: "Error_Config_Required" } }]),
        });
        await waitFor(() =>
            expect(screen.getByRole("button", { name: "Send to ERP" })).toHaveAttribute("aria-disabled", "true"),
        );
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(onRun).not.toHaveBeenCalled();
    });

    it("asks for confirmation; cancel sends nothing", async () => {
        const { onRun } = renderButton({
            button: { ...BUTTON, confirmationText: "Send this order to the warehouse?" },
        });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        const dialog = await screen.findByRole("alertdialog");
        expect(within(dialog).getByText("Send this order to the warehouse?")).toBeInTheDocument();
        fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
        await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
        expect(onRun).not.toHaveBeenCalled();
    });

    it("runs once after confirming", async () => {
        const { onRun } = renderButton({ button: { ...BUTTON, confirmationText: "Sure?" } });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        const dialog = await screen.findByRole("alertdialog");
        fireEvent.click(within(dialog).getByRole("button", { name: "Run" }));
        expect(onRun).toHaveBeenCalledTimes(1);
        expect(await screen.findByText("The flow ran successfully.")).toBeInTheDocument();
    });

    it("while running: spinner, aria-busy, disabled, and a second click does nothing", async () => {
        const pending = deferred<TriggerOutcome>();
        const onRun = jest.fn(() => pending.promise);
        renderButton({ onRun });
        const button = screen.getByRole("button", { name: "Send to ERP" });
        fireEvent.click(button);
        fireEvent.click(button);
        expect(onRun).toHaveBeenCalledTimes(1);
        // Shown a moment after the click, once the run's request has left.
        await waitFor(() => expect(button).toHaveAttribute("aria-busy", "true"));
        expect(button).toHaveAttribute("aria-disabled", "true");
        expect(screen.getByText("Running…")).toBeInTheDocument();
        fireEvent.click(button);
        expect(onRun).toHaveBeenCalledTimes(1);
        await act(async () => {
            pending.resolve({ kind: "succeeded", correlationId: "c", status: 200 });
            await pending.promise;
        });
        expect(button).toHaveAttribute("aria-busy", "false");
        expect(button).not.toHaveAttribute("aria-disabled", "true");
    });

    it("a run that ends at once never flashes the busy state", async () => {
        jest.useFakeTimers();
        try {
            const onRun = jest.fn(() =>
                Promise.resolve<TriggerOutcome>({ kind: "succeeded", correlationId: "c", status: 200 }),
            );
            renderButton({ onRun });
            const button = screen.getByRole("button", { name: "Send to ERP" });
            const busyStates: string[] = [];
            const observer = new MutationObserver(() => busyStates.push(button.getAttribute("aria-busy") ?? ""));
            observer.observe(button, { attributes: true, attributeFilter: ["aria-busy"] });
            fireEvent.click(button);
            await act(async () => {
                await onRun.mock.results[0].value;
            });
            expect(screen.getByText("The flow ran successfully.")).toBeInTheDocument();
            // Long after the busy state would have shown, it still hasn't.
            act(() => {
                jest.advanceTimersByTime(1_000);
            });
            await act(() => Promise.resolve());
            observer.disconnect();
            expect(busyStates).not.toContain("true");
            expect(button).toHaveAttribute("aria-busy", "false");
        } finally {
            jest.useRealTimers();
        }
    });

    describe("the press before the click", () => {
        /** jsdom has no PointerEvent, so the mouse button is set on the generic event it creates. */
        const pointerDown = (target: HTMLElement, mouseButton: number) => {
            const event = createEvent.pointerDown(target);
            Object.defineProperty(event, "button", { value: mouseButton });
            fireEvent(target, event);
        };

        it("tells onPress on the primary pointer button and on Enter or Space, not on other keys or buttons", () => {
            const onPress = jest.fn();
            renderButton({ onPress });
            const button = screen.getByRole("button", { name: "Send to ERP" });
            pointerDown(button, 0);
            fireEvent.keyDown(button, { key: "Enter" });
            fireEvent.keyDown(button, { key: " " });
            expect(onPress).toHaveBeenCalledTimes(3);
            pointerDown(button, 2);
            fireEvent.keyDown(button, { key: "Tab" });
            expect(onPress).toHaveBeenCalledTimes(3);
        });

        it("says nothing while the button is disabled or when a confirmation comes first", () => {
            const onPress = jest.fn();
            const { unmount } = renderButton({ onPress, disabledReason: { key: "Disabled_Unsaved" } });
            pointerDown(screen.getByRole("button", { name: "Send to ERP" }), 0);
            unmount();
            renderButton({ onPress, button: { ...BUTTON, confirmationText: "Sure?" } });
            const button = screen.getByRole("button", { name: "Send to ERP" });
            pointerDown(button, 0);
            fireEvent.keyDown(button, { key: "Enter" });
            expect(onPress).not.toHaveBeenCalled();
        });
    });

    it("two clicks in the same tick start one run", () => {
        const onRun = jest.fn(() => new Promise<TriggerOutcome>(() => undefined));
        renderButton({ onRun });
        const button = screen.getByRole("button", { name: "Send to ERP" });
        act(() => {
            button.click();
            button.click();
        });
        expect(onRun).toHaveBeenCalledTimes(1);
    });

    it("shows the flow's message as plain text in a status region, HTML included", async () => {
        const html = '<img src=x onerror="alert(1)"><b>Approved</b>';
        renderButton({
            onRun: () => Promise.resolve({ kind: "succeeded", correlationId: "c", status: 200, responseText: html }),
        });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        const status = screen.getByRole("status");
        await waitFor(() => expect(status).toHaveTextContent(html));
        expect(status.querySelector("img")).toBeNull();
        expect(status.querySelector("b")).toBeNull();
    });

    it("caps very long messages", async () => {
        const long = "a".repeat(5000);
        renderButton({
            onRun: () => Promise.resolve({ kind: "succeeded", correlationId: "c", status: 200, responseText: long }),
        });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        const shown = await screen.findByText(/^a+…$/);
        expect((shown.textContent ?? "").length).toBeLessThanOrEqual(500);
    });

    it("prefers the maker's success message", async () => {
        renderButton({
            button: { ...BUTTON, successMessage: "Order sent." },
            onRun: () => Promise.resolve({ kind: "succeeded", correlationId: "c", status: 200, responseText: "ok" }),
        });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText("Order sent.")).toBeInTheDocument();
    });

    it("shows a failure with its reference, and dismisses it", async () => {
        const onOutcome = jest.fn();
        renderButton({
            onOutcome,
            onRun: () =>
                Promise.resolve({ kind: "failed", error: { key: "Error_Config_Required" }, correlationId: "abc-123" }),
        });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText("This setting is required.")).toBeInTheDocument();
        expect(screen.getByText("Reference: abc-123")).toBeInTheDocument();
        expect(onOutcome).toHaveBeenCalledTimes(1);
        fireEvent.click(screen.getByRole("button", { name: "Close message" }));
        await waitFor(() => expect(screen.queryByText("This setting is required.")).not.toBeInTheDocument());
    });

    it("offers a failure's link (sign-in inside another site: open the record in its own tab)", async () => {
        const href = "https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=a1";
        renderButton({
            onRun: () =>
                Promise.resolve({
                    kind: "failed",
                    error: { key: "Auth_EmbeddedApp", link: { key: "Auth_OpenInOwnTab", href } },
                }),
        });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText(/Open this record in its own browser tab/)).toBeInTheDocument();
        const link = screen.getByRole("link", { name: "Open in a new tab" });
        expect(link).toHaveAttribute("href", href);
        expect(link).toHaveAttribute("target", "_blank");
    });

    it("does not repeat the id when the message already quotes it as its tracking ID", async () => {
        renderButton({
            onRun: () =>
                Promise.resolve({
                    kind: "failed",
                    error: { key: "Error_Flow_GatewayTimeout", args: ["abc-123"] },
                    correlationId: "abc-123",
                }),
        });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText(/Tracking ID: abc-123/)).toBeInTheDocument();
        expect(screen.queryByText("Reference: abc-123")).not.toBeInTheDocument();
    });

    it("reports a started (202) run as information, with its reference", async () => {
        renderButton({ onRun: () => Promise.resolve({ kind: "started", correlationId: "3f2504e0-run" }) });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText("The flow has started. It will finish in the background.")).toBeInTheDocument();
        expect(screen.getByText("Reference: 3f2504e0-run")).toBeInTheDocument();
    });

    it("turns a rejected run into a clear error instead of silence", async () => {
        renderButton({ onRun: () => Promise.reject(new Error("boom")) });
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText(/Something went wrong/)).toBeInTheDocument();
    });

    it("is keyboard operable: Tab to the button, Enter runs", async () => {
        const user = userEvent.setup();
        const { onRun } = renderButton();
        await user.tab();
        expect(screen.getByRole("button", { name: "Send to ERP" })).toHaveFocus();
        // The run settles (a state update) while user-event is still between keystrokes: keep it inside act.
        await act(() => user.keyboard("{Enter}"));
        expect(onRun).toHaveBeenCalledTimes(1);
        await screen.findByText("The flow ran successfully.");
    });

    it("a disabled button stays focusable so its reason can be heard", async () => {
        const user = userEvent.setup();
        renderButton({ disabledReason: { key: "Disabled_Unsaved" } });
        await user.tab();
        expect(screen.getByRole("button", { name: "Send to ERP" })).toHaveFocus();
    });
});
