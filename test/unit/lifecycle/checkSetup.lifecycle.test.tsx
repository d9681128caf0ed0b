/* eslint-disable @microsoft/power-apps/use-cached-webresource -- the setup page's address is the stable /WebResources/ URL a maker opens. */
import { render, screen } from "@testing-library/react";
import { FlowTriggerControl } from "../../../FlowTriggerControl/index";
import type { RawProperties } from "../../../FlowTriggerControl/settings/settings.types";
import { createMockContext, type MockContextOptions } from "../../support/mockContext";

/** A misconfigured SAS button: its URL carries a sig, and its timeout is out of range. */
const PROPERTIES: RawProperties = {
    flowUrl:
        "http://127.0.0.1:7071/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t",
    authMode: "SharedAccessSignature",
    trustedHosts: "127.0.0.1:7071",
    timeoutSeconds: 2,
    buttonLabel: "Send to ERP",
};

function show(utils: MockContextOptions["utils"]) {
    const options: MockContextOptions = { properties: PROPERTIES, utils };
    const control = new FlowTriggerControl({ fetch: jest.fn() });
    control.init(createMockContext(options), jest.fn());
    render(control.updateView(createMockContext(options)));
}

describe("Check the setup from the control", () => {
    it("is offered to a form customizer (systemform Write, Global), prefilled, without the sig", () => {
        const hasEntityPrivilege = jest.fn(() => true);
        show({ hasEntityPrivilege });
        expect(hasEntityPrivilege).toHaveBeenCalledWith("systemform", 3, 3);
        const href = screen.getByRole("link", { name: "Check the setup" }).getAttribute("href")!;
        const url = new URL(href);
        expect(url.pathname).toBe("/WebResources/ftc_/FlowTriggerControl/Setup.html");
        expect(url.searchParams.get("timeoutSeconds")).toBe("2");
        expect(url.searchParams.get("authMode")).toBe("SharedAccessSignature");
        expect(url.searchParams.has("flowUrl")).toBe(false);
        expect(href).not.toMatch(/s3cr3t|sig=|sig%3D/i);
    });

    it.each([
        ["a user without the privilege", jest.fn(() => false)],
        [
            "a host where the check throws",
            jest.fn(() => {
                throw new Error("Utility not declared");
            }),
        ],
    ])("is not offered to %s", (_name, hasEntityPrivilege) => {
        show({ hasEntityPrivilege });
        expect(screen.getByText(/isn't set up correctly/)).toBeInTheDocument();
        expect(screen.queryByRole("link", { name: "Check the setup" })).toBeNull();
    });
});
