import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import * as React from "react";
import { FlowTriggerControl } from "../../../FlowTriggerControl/index";
import type { RawProperties } from "../../../FlowTriggerControl/settings/settings.types";
import { FlowRunner } from "../../../FlowTriggerControl/run/flowRunner";
import type { RunRequest, TriggerOutcome } from "../../../FlowTriggerControl/contracts/run";
import { createMockContext, type MockContextOptions } from "../../support/mockContext";

const WORKFLOW = "0123456789abcdef0123456789abcdef";
const SAS_URL = `http://127.0.0.1:7071/powerautomate/automations/direct/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t`;
const ENTRA_URL = `https://0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=1`;

const SAS_PROPERTIES: RawProperties = {
    flowUrl: SAS_URL,
    authMode: "SharedAccessSignature",
    trustedHosts: "127.0.0.1:7071",
    buttonLabel: "Send to ERP",
};

const ACCOUNT_ATTRIBUTES = [
    { LogicalName: "name", AttributeType: 14, AttributeTypeName: { value: "StringType" } },
    { LogicalName: "entityimage", AttributeType: 17, AttributeTypeName: { value: "ImageType" } },
    { LogicalName: "ftc_contractfile", AttributeType: 17, AttributeTypeName: { value: "FileType" } },
];

/** A webAPI/metadata pair for an account with a primary name, enough for a run without columns. */
function recordApis(): Pick<MockContextOptions, "webAPI" | "utils"> {
    return {
        webAPI: {
            retrieveRecord: jest.fn((table: string) =>
                Promise.resolve(
                    table === "systemuser"
                        ? {
                              domainname: "adele@contoso.test",
                              azureactivedirectoryobjectid: "0a1b2c3d-0000-4000-8000-0000000000aa",
                          }
                        : { accountid: "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b", name: "Contoso Ltd" },
                ),
            ) as unknown as ComponentFramework.WebApi["retrieveRecord"],
        },
        utils: {
            getEntityMetadata: jest.fn(() =>
                Promise.resolve({
                    LogicalName: "account",
                    PrimaryIdAttribute: "accountid",
                    PrimaryNameAttribute: "name",
                    EntitySetName: "accounts",
                    Attributes: {
                        get: (n: string) => ACCOUNT_ATTRIBUTES.find((a) => a.LogicalName === n),
                        getAll: () => ACCOUNT_ATTRIBUTES,
                    },
                }),
            ) as unknown as ComponentFramework.Utility["getEntityMetadata"],
        },
    };
}

/** Xrm.Page.data for the form's own account record (the form-loop adapter reads it); remove it after the test. */
function installXrmForm(form: {
    isDirty: () => boolean;
    save?: () => Promise<void>;
    refresh?: (save: boolean) => Promise<void>;
}) {
    const data = {
        getIsDirty: form.isDirty,
        save: form.save ?? (() => Promise.resolve()),
        refresh: form.refresh ?? (() => Promise.resolve()),
        entity: {
            getId: () => "{7F0E2B1C-3D4E-4F50-8A9B-0C1D2E3F4A5B}",
            getEntityName: () => "account",
            getIsDirty: form.isDirty,
        },
    };
    (globalThis as { Xrm?: unknown }).Xrm = { Page: { data } };
    return data;
}

function mount(control: FlowTriggerControl, options: MockContextOptions) {
    const context = createMockContext(options);
    const element = control.updateView(context);
    return { context, element };
}

describe("FlowTriggerControl lifecycle", () => {
    let fetchMock: jest.Mock;

    beforeEach(() => {
        fetchMock = jest.fn(() =>
            Promise.resolve(
                new Response(JSON.stringify({ message: "Order 42 sent" }), {
                    status: 200,
                    headers: { "Content-Type": "application/json" },
                }),
            ),
        );
    });
    afterEach(() => {
        jest.restoreAllMocks();
    });

    it("init + updateView render the configured button; getOutputs is empty; destroy is safe", () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const notify = jest.fn();
        control.init(createMockContext({ properties: SAS_PROPERTIES }), notify);
        const { element } = mount(control, { properties: SAS_PROPERTIES, ...recordApis() });
        render(element);
        expect(screen.getByRole("button", { name: "Send to ERP" })).toBeEnabled();
        expect(control.getOutputs()).toEqual({});
        expect(() => control.destroy()).not.toThrow();
        expect(notify).not.toHaveBeenCalled();
    });

    it("updateView follows property changes", () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        control.init(createMockContext({ properties: SAS_PROPERTIES }), jest.fn());
        const first = mount(control, { properties: SAS_PROPERTIES });
        const { rerender } = render(first.element);
        expect(screen.getByRole("button", { name: "Send to ERP" })).toBeInTheDocument();

        const changed = { ...SAS_PROPERTIES, buttonLabel: "Ship it" };
        rerender(mount(control, { properties: changed, updatedProperties: ["buttonLabel"] }).element);
        expect(screen.getByRole("button", { name: "Ship it" })).toBeInTheDocument();
        expect(screen.queryByRole("button", { name: "Send to ERP" })).not.toBeInTheDocument();
    });

    it("keeps one runner while properties are unchanged", () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        control.init(createMockContext({ properties: SAS_PROPERTIES }), jest.fn());
        const a = mount(control, { properties: SAS_PROPERTIES }).element as React.ReactElement<{
            onRun: unknown;
            preparation: unknown;
        }>;
        const b = mount(control, { properties: SAS_PROPERTIES }).element as React.ReactElement<{
            onRun: unknown;
            preparation: unknown;
        }>;
        expect(b.props.preparation).toBe(a.props.preparation);
    });

    it.each<[string, MockContextOptions, string]>([
        [
            "read-only form",
            { properties: SAS_PROPERTIES, isControlDisabled: true },
            "Not available: this form is read-only.",
        ],
        ["unsaved record", { properties: SAS_PROPERTIES, record: null }, "Save the record first to run this flow."],
        [
            "misconfigured",
            { properties: { ...SAS_PROPERTIES, flowUrl: "" } },
            "This button isn't set up correctly. Ask your administrator to check its settings.",
        ],
        [
            "Entra mode without a client id",
            { properties: { flowUrl: ENTRA_URL } },
            "This button isn't set up correctly. Ask your administrator to check its settings.",
        ],
    ])("disables the button with a reason: %s", (_name, options, reason) => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        expect(screen.getByRole("button", { name: /Send to ERP|Run flow/ })).toHaveAttribute("aria-disabled", "true");
        expect(screen.getByText(reason)).toBeInTheDocument();
    });

    it("enableOnReadOnlyForm keeps the button usable on a read-only form", () => {
        const options = { properties: { ...SAS_PROPERTIES, enableOnReadOnlyForm: true }, isControlDisabled: true };
        const control = new FlowTriggerControl({ fetch: fetchMock });
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        expect(screen.getByRole("button", { name: "Send to ERP" })).not.toHaveAttribute("aria-disabled", "true");
    });

    it("a click runs the flow once and shows its message; the token-less SAS call carries no Authorization", async () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const options = { properties: SAS_PROPERTIES, ...recordApis() };
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText("Order 42 sent")).toBeInTheDocument();
        expect(fetchMock).toHaveBeenCalledTimes(1);
        const [url, init] = fetchMock.mock.calls[0] as [string | URL, RequestInit];
        expect(String(url)).toBe(SAS_URL);
        const headers = new Headers(init.headers);
        expect(headers.get("authorization")).toBeNull();
        const names: string[] = [];
        headers.forEach((_value, name) => names.push(name));
        expect(names).toEqual(["content-type"]);
        const payload = JSON.parse(init.body as string) as {
            correlationId: string;
            record: { id: string; table: string; primaryName: string };
        };
        expect(payload.record).toMatchObject({
            id: "7f0e2b1c-3d4e-4f50-8a9b-0c1d2e3f4a5b",
            table: "account",
            primaryName: "Contoso Ltd",
        });
    });

    it("image and file columns named in payloadFields are a configuration problem found on load", async () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const options = {
            properties: { ...SAS_PROPERTIES, payloadFields: "name, entityimage, ftc_contractfile" },
            ...recordApis(),
        };
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        const button = screen.getByRole("button", { name: "Send to ERP" });
        await waitFor(() => expect(button).toHaveAttribute("aria-disabled", "true"));
        fireEvent.click(screen.getByText("Show details"));
        const details = screen.getByTestId("flow-trigger-config-problems");
        expect(details).toHaveTextContent("entityimage, ftc_contractfile");
        expect(details).toHaveTextContent("can't be sent to a flow");
        fireEvent.click(button);
        expect(fetchMock).not.toHaveBeenCalled();
    });

    it("a trigger URL of another environment is a configuration problem found on load: nothing is sent", async () => {
        // ENTRA_URL's host names environment 01234567-89ab-cdef-0123-456789abcdef; the form runs in the default one.
        fetchMock.mockImplementation((url: string | URL) =>
            Promise.resolve(
                String(url).includes("/api/data/v9.2/RetrieveCurrentOrganization(")
                    ? Response.json({ Detail: { EnvironmentId: "Default-72f988bf-86f1-41af-91ab-2d7cd011db47" } })
                    : new Response("{}", { status: 200 }),
            ),
        );
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const options = {
            properties: { flowUrl: ENTRA_URL, clientId: "11111111-2222-4333-8444-555555555555", buttonLabel: "Send" },
            ...recordApis(),
        };
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        const button = screen.getByRole("button", { name: "Send" });
        await waitFor(() => expect(button).toHaveAttribute("aria-disabled", "true"));
        fireEvent.click(screen.getByText("Show details"));
        const details = screen.getByTestId("flow-trigger-config-problems");
        expect(details).toHaveTextContent("This URL belongs to another environment");
        expect(details).toHaveTextContent("0123456789abcdef0123456789abcd.ef.environment.api.powerplatform.com");
        expect(details).toHaveTextContent("(Default-72f988bf-86f1-41af-91ab-2d7cd011db47)");
        fireEvent.click(button);
        // The one request was the same-origin environment lookup, without a token; the flow was never called.
        expect(fetchMock).toHaveBeenCalledTimes(1);
        const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
        expect(url).toBe(
            "/api/data/v9.2/RetrieveCurrentOrganization(AccessType=@p)?@p=Microsoft.Dynamics.CRM.EndpointAccessType'Default'",
        );
        expect(new Headers(init.headers).get("authorization")).toBeNull();
    });

    it("with * image and file columns are left out silently: no problem on load", async () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const apis = recordApis();
        const options = { properties: { ...SAS_PROPERTIES, payloadFields: "*" }, ...apis };
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText("Order 42 sent")).toBeInTheDocument();
        expect(screen.queryByText("Show details")).not.toBeInTheDocument();
    });

    it("sendTrackingHeader: the payload's correlation id also goes as x-ms-client-tracking-id", async () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const options = { properties: { ...SAS_PROPERTIES, sendTrackingHeader: true }, ...recordApis() };
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        expect(await screen.findByText("Order 42 sent")).toBeInTheDocument();
        const [, init] = fetchMock.mock.calls[0] as [string | URL, RequestInit];
        const { correlationId } = JSON.parse(init.body as string) as { correlationId: string };
        expect(new Headers(init.headers).get("x-ms-client-tracking-id")).toBe(correlationId);
    });

    it("writeResponseToField: the flow's message goes to the bound field through getOutputs", async () => {
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const notify = jest.fn();
        const options = {
            properties: { ...SAS_PROPERTIES, writeResponseToField: true },
            maxLength: 5,
            ...recordApis(),
        };
        control.init(createMockContext(options), notify);
        render(mount(control, options).element);
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        await waitFor(() => expect(notify).toHaveBeenCalledTimes(1));
        expect(control.getOutputs()).toEqual({ boundField: "Order" });
        expect(control.getOutputs()).toEqual({});
    });

    it("destroy during a run: nothing is shown or written afterwards", async () => {
        let release!: (r: Response) => void;
        fetchMock.mockImplementation(
            (_url: string, init: RequestInit) =>
                new Promise<Response>((resolve, reject) => {
                    release = resolve;
                    init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
                }),
        );
        const originalRun = FlowRunner.prototype.run;
        const runs: Promise<TriggerOutcome>[] = [];
        jest.spyOn(FlowRunner.prototype, "run").mockImplementation(function (this: FlowRunner, request: RunRequest) {
            const outcome = originalRun.call(this, request);
            runs.push(outcome);
            return outcome;
        });
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const notify = jest.fn();
        const options = { properties: { ...SAS_PROPERTIES, writeResponseToField: true }, ...recordApis() };
        control.init(createMockContext(options), notify);
        const { unmount } = render(mount(control, options).element);
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
        unmount();
        control.destroy();
        release?.(new Response("late", { status: 200 }));
        // Wait for the run itself to end, not for a guessed time.
        expect(runs).toHaveLength(1);
        await expect(runs[0]).resolves.toMatchObject({ kind: "failed", error: { key: "Error_Run_Cancelled" } });
        expect(notify).not.toHaveBeenCalled();
        expect(control.getOutputs()).toEqual({});
    });

    it("a new record (no id) makes no Web API, metadata or network call and starts no sign-in", async () => {
        const apis = recordApis();
        const options: MockContextOptions = {
            properties: {
                flowUrl: ENTRA_URL,
                clientId: "11111111-2222-4333-8444-555555555555",
                payloadFields: "name,entityimage",
            },
            record: null,
            ...apis,
        };
        const control = new FlowTriggerControl({ fetch: fetchMock });
        const context = createMockContext(options);
        control.init(context, jest.fn());
        render(control.updateView(context));
        await screen.findByText("Save the record first to run this flow.");
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(context.webAPI.retrieveRecord).not.toHaveBeenCalled();
        expect(context.webAPI.retrieveMultipleRecords).not.toHaveBeenCalled();
        expect(context.utils.getEntityMetadata).not.toHaveBeenCalled();
        expect(fetchMock).not.toHaveBeenCalled();

        // Once saved, the session is rebuilt and the load-time work (user lookup, metadata check) starts.
        const saved = createMockContext({ ...options, record: undefined });
        render(control.updateView(saved));
        await waitFor(() => expect(saved.utils.getEntityMetadata).toHaveBeenCalled());
        await waitFor(() =>
            expect(saved.webAPI.retrieveRecord).toHaveBeenCalledWith(
                "systemuser",
                expect.any(String),
                expect.any(String),
            ),
        );
    });

    it("raises OnRunSucceeded / OnRunFailed with { correlationId, status, message } only", async () => {
        const onRunSucceeded = jest.fn();
        const onRunFailed = jest.fn();
        const options = {
            properties: SAS_PROPERTIES,
            ...recordApis(),
            events: { OnRunSucceeded: onRunSucceeded, OnRunFailed: onRunFailed },
        };
        const control = new FlowTriggerControl({ fetch: fetchMock });
        control.init(createMockContext(options), jest.fn());
        render(mount(control, options).element);
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        await waitFor(() => expect(onRunSucceeded).toHaveBeenCalledTimes(1));
        const [params] = onRunSucceeded.mock.calls[0] as [Record<string, unknown>];
        expect(Object.keys(params).sort()).toEqual(["correlationId", "message", "status"]);
        expect(params).toMatchObject({ status: 200, message: "Order 42 sent" });
        expect(params.correlationId).toMatch(/^[0-9a-f-]{36}$/);
        expect(onRunFailed).not.toHaveBeenCalled();

        fetchMock.mockImplementation(() => Promise.resolve(new Response("nope", { status: 500 })));
        fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
        await waitFor(() => expect(onRunFailed).toHaveBeenCalledTimes(1));
        expect(onRunFailed).toHaveBeenCalledWith(expect.objectContaining({ status: null }));
    });

    it("refreshAfterRun with write-back: the form refreshes first, then the value is written", async () => {
        const order: string[] = [];
        const xrmForm = installXrmForm({
            isDirty: () => false,
            refresh: jest.fn(() => {
                order.push("refresh");
                return Promise.resolve();
            }),
        });
        try {
            const control = new FlowTriggerControl({ fetch: fetchMock });
            const notify = jest.fn(() => order.push("write-back"));
            const options = {
                properties: { ...SAS_PROPERTIES, writeResponseToField: true, refreshAfterRun: true },
                ...recordApis(),
            };
            control.init(createMockContext(options), notify);
            render(mount(control, options).element);
            fireEvent.click(screen.getByRole("button", { name: "Send to ERP" }));
            await waitFor(() => expect(notify).toHaveBeenCalledTimes(1));
            expect(order).toEqual(["refresh", "write-back"]);
            expect(xrmForm.refresh).toHaveBeenCalledWith(false);
        } finally {
            delete (globalThis as { Xrm?: unknown }).Xrm;
        }
    });

    it("the press starts the click's work on a clean form, and not while the form has unsaved changes", async () => {
        const prepareClick = jest.spyOn(FlowRunner.prototype, "prepareClick");
        let dirty = true;
        installXrmForm({
            isDirty: () => dirty,
            save: () => {
                dirty = false;
                return Promise.resolve();
            },
        });
        try {
            const control = new FlowTriggerControl({ fetch: fetchMock });
            const options = { properties: SAS_PROPERTIES, ...recordApis() };
            control.init(createMockContext(options), jest.fn());
            const { context, element } = mount(control, options);
            render(element);
            const button = screen.getByRole("button", { name: "Send to ERP" });
            fireEvent.keyDown(button, { key: "Enter" });
            expect(prepareClick).not.toHaveBeenCalled();

            dirty = false;
            fireEvent.keyDown(button, { key: "Enter" });
            expect(prepareClick).toHaveBeenCalledTimes(1);
            const accountReads = () =>
                (context.webAPI.retrieveRecord as jest.Mock).mock.calls.filter(([table]) => table === "account").length;
            await waitFor(() => expect(accountReads()).toBe(1));
            fireEvent.click(button);
            await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
            // The click used the press's read.
            expect(accountReads()).toBe(1);
        } finally {
            delete (globalThis as { Xrm?: unknown }).Xrm;
        }
    });
});
