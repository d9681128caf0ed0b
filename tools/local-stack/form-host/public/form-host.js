// The browser side of the local model-driven form: a ComponentFramework context for each control
// instance, built the way model-driven apps provide it, around a sample record that can be edited and saved.
(function () {
    "use strict";

    const CONTROL_NAME = "FlowTrigger.FlowTriggerControl";
    const registry = {};
    // The bundle registers itself here, as it does in the platform.
    window.ComponentFramework = {
        registerControl(name, constructor) {
            registry[name] = constructor;
        },
    };

    const ATTRIBUTE_TYPE_CODES = {
        Boolean: 0,
        Customer: 1,
        DateTime: 2,
        Decimal: 3,
        Double: 4,
        Integer: 5,
        Lookup: 6,
        Memo: 7,
        Money: 8,
        Owner: 9,
        Picklist: 11,
        State: 12,
        Status: 13,
        String: 14,
        Uniqueidentifier: 15,
        Virtual: 17,
        BigInt: 18,
    };
    const VIRTUAL_TYPES = { MultiSelectPicklist: "MultiSelectPicklistType", Image: "ImageType", File: "FileType" };
    const DATE_BEHAVIOR = { UserLocal: 1, DateOnly: 2, TimeZoneIndependent: 3 };
    const EDITABLE_FIELDS = ["name", "telephone1", "emailaddress1", "description"];

    const state = {
        scenario: null,
        strings: new Map(),
        record: null, // { table, id, name }
        values: {}, // column → value as shown in the form
        dirty: new Set(),
        readOnly: false,
        controls: [], // { instance, container, definition }
        metadataCache: new Map(),
    };

    function $(id) {
        return document.getElementById(id);
    }

    function setStatus(text) {
        $("host-status").textContent = text;
    }

    function loadScript(src) {
        return new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = src;
            script.onload = resolve;
            script.onerror = () => reject(new Error(`Could not load ${src}`));
            document.head.appendChild(script);
        });
    }

    async function loadResx(lcid) {
        const response = await fetch(`/control/strings/FlowTriggerControl.${lcid}.resx`);
        if (!response.ok) throw new Error(`No strings for ${lcid}`);
        const xml = new DOMParser().parseFromString(await response.text(), "application/xml");
        const map = new Map();
        for (const data of xml.querySelectorAll("data")) {
            map.set(data.getAttribute("name"), data.querySelector("value")?.textContent ?? "");
        }
        return map;
    }

    // ---- context.webAPI over the local Dataverse Web API -----------------------------------------

    function webApiError(status, body) {
        const message = body?.error?.message ?? `HTTP ${status}`;
        const error = new Error(message);
        error.errorCode = status === 404 ? -2147220969 : -2147088248;
        error.code = body?.error?.code;
        error.message = message;
        return error;
    }

    async function callWebApi(path, init) {
        let response;
        try {
            response = await fetch(`/api/data/v9.2/${path}`, {
                headers: { Accept: "application/json", "Content-Type": "application/json" },
                ...init,
            });
        } catch {
            const error = new Error("Network error");
            error.errorCode = -2147023170;
            throw error;
        }
        const text = await response.text();
        const body = text ? JSON.parse(text) : undefined;
        if (!response.ok) throw webApiError(response.status, body);
        return { body, response };
    }

    async function entitySetOf(table) {
        return (await rawMetadata(table)).EntitySetName;
    }

    const webAPI = {
        async retrieveRecord(entityType, id, options) {
            const set = await entitySetOf(entityType);
            const { body } = await callWebApi(`${set}(${String(id).replace(/[{}]/g, "")})${options ?? ""}`);
            return body;
        },
        async retrieveMultipleRecords(entityType, options) {
            const set = await entitySetOf(entityType);
            const { body } = await callWebApi(`${set}${options ?? ""}`);
            return { entities: body.value, nextLink: body["@odata.nextLink"] };
        },
        async updateRecord(entityType, id, data) {
            const set = await entitySetOf(entityType);
            await callWebApi(`${set}(${id})`, { method: "PATCH", body: JSON.stringify(data) });
            return { id, entityType };
        },
        async createRecord(entityType, data) {
            const set = await entitySetOf(entityType);
            const { response } = await callWebApi(set, { method: "POST", body: JSON.stringify(data) });
            const id = /\(([^)]+)\)$/.exec(response.headers.get("OData-EntityId") ?? "")?.[1];
            return { id, entityType };
        },
        deleteRecord() {
            return Promise.reject(new Error("Not supported in the local host"));
        },
    };

    // ---- context.utils.getEntityMetadata, in the client API's shape ------------------------------

    async function rawMetadata(table) {
        if (!state.metadataCache.has(table)) {
            state.metadataCache.set(
                table,
                fetch(`/api/metadata/${table}`).then(async (r) => {
                    if (!r.ok) throw webApiError(r.status, await r.json());
                    return r.json();
                }),
            );
        }
        return state.metadataCache.get(table);
    }

    function clientAttribute(column) {
        const attribute = {
            LogicalName: column.logicalName,
            DisplayName: column.displayName,
            AttributeType: ATTRIBUTE_TYPE_CODES[column.type] ?? ATTRIBUTE_TYPE_CODES.Virtual,
            AttributeTypeName: { value: VIRTUAL_TYPES[column.type] ?? `${column.type}Type` },
            IsValidForRead: true,
        };
        if (column.maxLength) attribute.MaxLength = column.maxLength;
        if (column.format) attribute.Format = column.format;
        if (column.targets) attribute.Targets = column.targets;
        if (column.type === "DateTime") {
            attribute.Behavior = DATE_BEHAVIOR[column.dateBehavior ?? "UserLocal"];
            attribute.Format = column.dateBehavior === "DateOnly" ? "date" : "datetime";
        }
        if (column.type === "Boolean") {
            const label = (value) => ({
                UserLocalizedLabel: { Label: column.options.find((o) => o.value === value).label },
            });
            attribute.OptionSet = {
                TrueOption: { Value: 1, Label: label(1) },
                FalseOption: { Value: 0, Label: label(0) },
            };
        } else if (column.options) {
            attribute.OptionSet = Object.fromEntries(
                column.options.map((o) => [String(o.value), { value: o.value, text: o.label }]),
            );
        }
        return attribute;
    }

    const utils = {
        async getEntityMetadata(entityName, attributes) {
            const meta = await rawMetadata(entityName);
            // Like the platform: only the attributes asked for.
            const wanted = new Set((attributes ?? []).map((a) => a.toLowerCase()));
            const collection = {};
            for (const column of meta.columns) {
                if (wanted.has(column.logicalName)) collection[column.logicalName] = clientAttribute(column);
            }
            return {
                LogicalName: meta.LogicalName,
                EntitySetName: meta.EntitySetName,
                PrimaryIdAttribute: meta.PrimaryIdAttribute,
                PrimaryNameAttribute: meta.PrimaryNameAttribute,
                DisplayName: meta.DisplayName,
                Attributes: {
                    _collection: collection,
                    get: (name) => (name === undefined ? Object.values(collection) : collection[name]),
                    getAll: () => Object.values(collection),
                    getLength: () => Object.keys(collection).length,
                },
            };
        },
        hasEntityPrivilege: () => true,
        lookupObjects: () => Promise.resolve([]),
        getParentControl: () => undefined,
    };

    // ---- the form ---------------------------------------------------------------------------------

    function guidWithBraces(id) {
        return `{${id.toUpperCase()}}`;
    }

    function makeContext(definition) {
        const scenario = state.scenario;
        const props = definition.properties ?? {};
        const parameters = {
            boundField: {
                raw: state.values[definition.field] ?? null,
                formatted: state.values[definition.field] ?? "",
                attributes: { LogicalName: definition.field, MaxLength: definition.maxLength ?? 100 },
                security: { editable: !state.readOnly, readable: true, secured: false },
                error: false,
                errorMessage: "",
                type: "SingleLine.Text",
            },
        };
        for (const [name, value] of Object.entries(props)) {
            parameters[name] = {
                raw: value,
                formatted: value === null ? "" : String(value),
                type: typeof value === "number" ? "Whole.None" : "SingleLine.Text",
            };
        }
        for (const name of [
            "flowUrl",
            "authMode",
            "clientId",
            "tenantId",
            "cloud",
            "authority",
            "redirectUri",
            "payloadFields",
            "trustedHosts",
            "buttonLabel",
            "buttonIcon",
            "buttonAppearance",
            "accessibleLabel",
            "confirmationText",
            "successMessage",
            "timeoutSeconds",
            "enableOnReadOnlyForm",
            "writeResponseToField",
            "sendTrackingHeader",
        ]) {
            parameters[name] ??= { raw: null, formatted: "", type: "SingleLine.Text" };
        }
        return {
            parameters,
            mode: {
                isControlDisabled: state.readOnly || Boolean(definition.disabled),
                isVisible: true,
                label: definition.label,
                allocatedWidth: -1,
                allocatedHeight: -1,
                // Undocumented but provided by model-driven apps: the record the form shows.
                contextInfo: {
                    entityId: state.record.id ? guidWithBraces(state.record.id) : "",
                    entityTypeName: state.record.table,
                    entityRecordName: state.record.name ?? "",
                },
                setControlState: () => true,
                setFullScreen: () => undefined,
                trackContainerResize: () => undefined,
            },
            userSettings: {
                userId: guidWithBraces(scenario.user.systemUserId),
                userName: scenario.user.name,
                languageId: state.languageId,
                isRTL: false,
                securityRoles: [],
                dateFormattingInfo: {},
                numberFormattingInfo: {},
                getTimeZoneOffsetMinutes: () => 0,
            },
            // Undocumented but provided by model-driven apps: the environment's tenant.
            orgSettings: { tenantId: scenario.tenantId },
            resources: {
                getString: (key) => state.strings.get(key) ?? key,
                getResource: (_id, _ok, fail) => fail?.(),
            },
            client: { getClient: () => "Web", getFormFactor: () => 1, isOffline: () => false, disableScroll: false },
            webAPI,
            utils,
            navigation: {},
            formatting: {},
            device: {},
            factory: { requestRender: () => undefined },
            fluentDesignLanguage: scenario.theme ? { tokenTheme: scenario.theme, isDarkTheme: false } : undefined,
            updatedProperties: [],
            events: {},
        };
    }

    function renderControl(entry) {
        const element = entry.instance.updateView(makeContext(entry.definition));
        window.ReactDOM.render(element, entry.container);
    }

    function renderAllControls() {
        for (const entry of state.controls) renderControl(entry);
    }

    function mountControls() {
        const Control = registry[CONTROL_NAME];
        if (!Control) throw new Error(`The bundle did not register ${CONTROL_NAME}`);
        const host = $("controls");
        for (const definition of state.scenario.controls) {
            const wrapper = document.createElement("div");
            wrapper.className = "field";
            wrapper.dataset.control = definition.id;
            const label = document.createElement("span");
            label.className = "field-label";
            label.textContent = definition.label;
            const container = document.createElement("div");
            container.id = `control-${definition.id}`;
            wrapper.append(label, container);
            host.appendChild(wrapper);
            const instance = new Control();
            const entry = { instance, container, definition };
            const notifyOutputChanged = () => {
                const outputs = instance.getOutputs();
                if (outputs && Object.prototype.hasOwnProperty.call(outputs, "boundField")) {
                    state.values[definition.field] = outputs.boundField;
                    state.dirty.add(definition.field);
                    renderFields();
                    renderAllControls();
                }
            };
            instance.init(makeContext(definition), notifyOutputChanged, {}, container);
            state.controls.push(entry);
        }
        renderAllControls();
    }

    function renderFields() {
        const host = $("fields");
        host.replaceChildren();
        const columns = [...EDITABLE_FIELDS, ...new Set(state.scenario.controls.map((c) => c.field))];
        for (const column of new Set(columns)) {
            const row = document.createElement("div");
            row.className = "field";
            const id = `field-${column}`;
            const label = document.createElement("label");
            label.htmlFor = id;
            label.textContent = state.columnLabels[column] ?? column;
            const input = document.createElement(column === "description" ? "textarea" : "input");
            if (input.tagName === "INPUT") input.type = "text";
            input.id = id;
            input.value = state.values[column] ?? "";
            input.readOnly = state.readOnly;
            input.addEventListener("input", () => {
                state.values[column] = input.value;
                state.dirty.add(column);
            });
            row.append(label, input);
            host.appendChild(row);
        }
    }

    function renderHeader() {
        const { record, scenario } = state;
        $("record-title").textContent = record.id ? record.name : `New ${record.displayName}`;
        $("record-meta").textContent = record.id
            ? `${record.displayName} · ${record.id}`
            : `${record.displayName} · not saved yet`;
        $("app-user").textContent = scenario.user.name;
        const runs = $("runs-link");
        if (scenario.runsPageUrl) runs.href = scenario.runsPageUrl;
        else runs.hidden = true;
    }

    async function loadRecord() {
        const { table, id } = state.scenario.record;
        const meta = await rawMetadata(table);
        state.columnLabels = Object.fromEntries(meta.columns.map((c) => [c.logicalName, c.displayName]));
        state.record = { table, id: id ?? null, name: null, displayName: meta.DisplayName };
        state.values = {};
        if (id) {
            const row = await webAPI.retrieveRecord(table, id);
            state.record.name = row[meta.PrimaryNameAttribute];
            for (const column of meta.columns) {
                const value = row[column.logicalName];
                if (typeof value === "string" || typeof value === "number")
                    state.values[column.logicalName] = String(value);
            }
        }
    }

    async function save() {
        const { record } = state;
        const changes = {};
        for (const column of state.dirty) changes[column] = state.values[column] === "" ? null : state.values[column];
        setStatus("Saving…");
        try {
            if (record.id) {
                if (Object.keys(changes).length > 0) await webAPI.updateRecord(record.table, record.id, changes);
            } else {
                const created = await webAPI.createRecord(record.table, changes);
                state.scenario.record.id = created.id;
            }
            state.dirty.clear();
            await loadRecord();
            renderHeader();
            renderFields();
            renderAllControls();
            setStatus("Saved.");
        } catch (error) {
            setStatus(`Could not save: ${error.message}`);
        }
    }

    async function start() {
        const scenario = await (await fetch("/scenario.json", { cache: "no-store" })).json();
        state.scenario = scenario;
        state.languageId = Number(new URLSearchParams(location.search).get("lang") ?? scenario.user.languageId ?? 1033);
        document.documentElement.lang = { 1031: "de", 1036: "fr" }[state.languageId] ?? "en";
        state.strings = await loadResx(state.languageId);
        state.readOnly = Boolean(scenario.readOnly);
        $("cmd-readonly").checked = state.readOnly;
        await loadScript("/control/bundle.js");
        await loadRecord();
        renderHeader();
        renderFields();
        mountControls();
        $("cmd-save").addEventListener("click", () => void save());
        $("cmd-readonly").addEventListener("change", (event) => {
            state.readOnly = event.target.checked;
            renderFields();
            renderAllControls();
        });
        document.body.dataset.ready = "true";
    }

    start().catch((error) => {
        setStatus(`The form could not load: ${error.message}`);
        document.body.dataset.ready = "error";
    });
})();
