import type { IInputs } from "../../FlowTriggerControl/generated/ManifestTypes";
import type { RawProperties } from "../../FlowTriggerControl/settings/settings.types";
import { PropertyNames } from "../../FlowTriggerControl/settings/settings.types";
import { resxLookup } from "./resx";

export interface MockContextOptions {
    properties?: RawProperties;
    boundValue?: string | null;
    isControlDisabled?: boolean;
    record?: { id: string; entityTypeName: string } | null;
    editable?: boolean;
    maxLength?: number;
    tenantId?: string;
    webAPI?: Partial<ComponentFramework.WebApi>;
    utils?: Partial<ComponentFramework.Utility>;
    updatedProperties?: string[];
    /** context.events: the manifest's events as methods (absent on hosts without events). */
    events?: Record<string, (params?: unknown) => void>;
}

/** A PCF context as model-driven forms provide it, with the undocumented members the control reads. */
export function createMockContext(options: MockContextOptions = {}): ComponentFramework.Context<IInputs> {
    const parameters: Record<string, unknown> = {
        boundField: {
            raw: options.boundValue ?? null,
            formatted: options.boundValue ?? "",
            attributes: { MaxLength: options.maxLength ?? 100, LogicalName: "ftc_flowbutton" },
            security: { editable: options.editable ?? true, readable: true, secured: false },
            error: false,
            errorMessage: "",
            type: "SingleLine.Text",
        },
    };
    for (const name of PropertyNames) {
        parameters[name] = { raw: options.properties?.[name] ?? null, type: "SingleLine.Text" };
    }
    const record =
        options.record === undefined
            ? { id: "{7F0E2B1C-3D4E-4F50-8A9B-0C1D2E3F4A5B}", entityTypeName: "account" }
            : options.record;
    return {
        parameters: parameters as unknown as IInputs,
        mode: {
            isControlDisabled: options.isControlDisabled ?? false,
            isVisible: true,
            label: "Flow",
            allocatedHeight: -1,
            allocatedWidth: 300,
            setControlState: jest.fn(),
            setFullScreen: jest.fn(),
            trackContainerResize: jest.fn(),
            contextInfo: record
                ? { entityId: record.id, entityTypeName: record.entityTypeName }
                : { entityId: "", entityTypeName: "account" },
        },
        userSettings: {
            userId: "{0A1B2C3D-0000-4000-8000-000000000001}",
            userName: "Adele Vance",
            languageId: 1033,
            isRTL: false,
            securityRoles: [],
            dateFormattingInfo: {},
            numberFormattingInfo: {},
            getTimeZoneOffsetMinutes: () => 0,
        },
        orgSettings: { tenantId: options.tenantId ?? "72f988bf-86f1-41af-91ab-2d7cd011db47" },
        resources: { getString: resxLookup(1033), getResource: jest.fn() },
        webAPI: {
            retrieveRecord: jest.fn(() => Promise.reject(new Error("not stubbed"))),
            retrieveMultipleRecords: jest.fn(() => Promise.resolve({ entities: [], nextLink: "" })),
            createRecord: jest.fn(),
            updateRecord: jest.fn(),
            deleteRecord: jest.fn(),
            ...options.webAPI,
        },
        utils: {
            getEntityMetadata: jest.fn(() => Promise.resolve({})),
            hasEntityPrivilege: jest.fn(() => true),
            lookupObjects: jest.fn(),
            ...options.utils,
        },
        updatedProperties: options.updatedProperties ?? [],
        events: options.events,
    } as unknown as ComponentFramework.Context<IInputs>;
}
