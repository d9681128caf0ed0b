/* eslint-disable @microsoft/power-apps/use-cached-webresource -- the setup page's address is the stable /WebResources/ URL a maker opens. */
import { fireEvent, render, screen } from "@testing-library/react";
import * as React from "react";
import { FlowTriggerButton } from "../../../FlowTriggerControl/components/FlowTriggerButton";
import type { FlowTriggerButtonProps } from "../../../FlowTriggerControl/components/FlowTriggerButton.types";
import type { TriggerOutcome } from "../../../FlowTriggerControl/contracts/run";
import { message } from "../../../FlowTriggerControl/contracts/userMessage";
import type { ButtonSettings } from "../../../FlowTriggerControl/settings/settings.types";
import { setupPageUrl } from "../../../FlowTriggerControl/settings/setupPageLink";
import { isSetupFailure } from "../../../FlowTriggerControl/viewModel";
import { resxLookup } from "../../support/resx";

const getString = resxLookup(1033);
const BUTTON: ButtonSettings = {
    label: "Send to ERP",
    appearance: "primary",
    accessibleLabel: "",
    confirmationText: "",
    successMessage: "",
};
const SETUP_URL = "https://contoso.crm4.dynamics.com/WebResources/ftc_/FlowTriggerControl/Setup.html?flowUrl=x";

function renderButton(overrides: Partial<FlowTriggerButtonProps>) {
    const props: FlowTriggerButtonProps = {
        button: BUTTON,
        getString,
        onRun: () => Promise.resolve({ kind: "succeeded", correlationId: "c", status: 200 }),
        ...overrides,
    };
    return render(<FlowTriggerButton {...props} />);
}

const failedWith = (key: string): TriggerOutcome => ({
    kind: "failed",
    error: message(key, "AADSTS50011", "x"),
    correlationId: "c",
});

describe("Check the setup (issue 16, item 5)", () => {
    it("is offered under a misconfigured button's details, when the host gives a setup URL", () => {
        renderButton({
            disabledReason: message("Disabled_Misconfigured"),
            configProblems: [{ property: "clientId", reason: message("Error_Config_NotGuid") }],
            setupUrl: SETUP_URL,
        });
        const link = screen.getByRole("link", { name: "Check the setup" });
        expect(link).toHaveAttribute("href", SETUP_URL);
        expect(link).toHaveAttribute("target", "_blank");
    });

    it("is not offered without a setup URL (a user who may not customize forms)", () => {
        renderButton({
            disabledReason: message("Disabled_Misconfigured"),
            configProblems: [{ property: "clientId", reason: message("Error_Config_NotGuid") }],
        });
        expect(screen.queryByRole("link", { name: "Check the setup" })).toBeNull();
    });

    it("follows a setup failure, not an ordinary one", async () => {
        renderButton({ setupUrl: SETUP_URL, onRun: () => Promise.resolve(failedWith("Auth_RedirectUriMismatch")) });
        expect(screen.queryByRole("link", { name: "Check the setup" })).toBeNull();
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByRole("link", { name: "Check the setup" })).toHaveAttribute("href", SETUP_URL);
    });

    it.each([
        ["Auth_RedirectUriMismatch", true],
        ["Auth_AppMisconfigured", true],
        ["Auth_ConsentRequired", true],
        ["Auth_PermissionMissing", true],
        ["Auth_AppNotFound", true],
        ["Auth_UserNotInTenant", true],
        ["Auth_UserNotAssigned", true],
        ["Auth_FlowServiceNotFound", true],
        ["Error_Flow_ExpectsSignIn", true],
        ["Error_Flow_NoOAuthPolicy", true],
        ["Error_Flow_NotAuthorized", true],
        ["Error_Flow_NotFound", false],
        ["Error_Flow_NotAllowed", true],
        ["Error_Flow_ExpectsSignedUrl", true],
        ["Error_Flow_Unreachable", true],
        ["Auth_PopupBlocked", false],
        ["Error_Flow_Throttled", false],
        ["Error_Flow_ServerError", false],
    ])("%s is a setup failure: %s", (key, expected) => {
        expect(isSetupFailure(failedWith(key))).toBe(expected);
    });
});

describe("setupPageUrl", () => {
    const origin = "https://contoso.crm4.dynamics.com";

    it("names every set property, the table and the record, beside the sign-in page", () => {
        const url = new URL(
            setupPageUrl(
                origin,
                "ftc",
                { flowUrl: "ftc_ApprovalFlowUrl", clientId: "c", buttonLabel: "", timeoutSeconds: 30 },
                {
                    tableName: "account",
                    id: "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b",
                },
            )!,
        );
        expect(url.origin + url.pathname).toBe(`${origin}/WebResources/ftc_/FlowTriggerControl/Setup.html`);
        expect([...url.searchParams]).toEqual([
            ["table", "account"],
            ["recordId", "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b"],
            ["flowUrl", "ftc_ApprovalFlowUrl"],
            ["clientId", "c"],
            ["timeoutSeconds", "30"],
        ]);
    });

    it.each([
        "https://h.example/workflows/x/triggers/manual/paths/invoke?api-version=1&sp=a&sv=1.0&sig=SECRET",
        "https://h.example/x?api-version=1&SIG=SECRET",
        "https://h.example/x?api-version=1&s%69g=SECRET",
    ])("never carries a signed flowUrl: %s", (flowUrl) => {
        const url = setupPageUrl(origin, "ftc", { flowUrl, authMode: "SharedAccessSignature" })!;
        expect(url).not.toContain("SECRET");
        expect(new URL(url).searchParams.get("authMode")).toBe("SharedAccessSignature");
    });

    it("keeps an Entra URL without a signature", () => {
        const flowUrl = "https://h.example/x?api-version=1";
        expect(new URL(setupPageUrl(origin, "ftc", { flowUrl })!).searchParams.get("flowUrl")).toBe(flowUrl);
    });

    it("gives nothing on a page that can't be addressed (not https)", () => {
        expect(setupPageUrl("http://contoso.example", "ftc", {})).toBeUndefined();
    });
});
