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

    const EDITABLE_FIELDS = ["name", "telephone1", "emailaddress1", "description"];

    const state = {
        scenario: null,
        strings: new Map(),
        record: null, // { table, id, name }
        values: {}, // column → value as shown in the form
        dirty: new Set(),
        readOnly: false,
        controls: [], // { instance, container, definition, handlers }
        manifestEvents: [], // <event name> of the control's manifest
        notifications: new Map(), // column → the form's own field notification
    };
    // Columns the form requires (business required): a save with one empty fails, as in model-driven apps.
    const REQUIRED_FIELDS = new Set(["name"]);

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

    // ---- context.webAPI and context.utils.getEntityMetadata over the local Dataverse (client-api.js) ----

    const { webAPI, rawMetadata, getEntityMetadata } = window.LocalClientApi.createLocalClientApi({
        metadataShape: () => state.scenario?.metadataShape,
    });

    const utils = {
        getEntityMetadata,
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
            "unsavedChanges",
            "refreshAfterRun",
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
                getTimeZoneOffsetMinutes: (date) =>
                    window.LocalClientApi.timeZoneOffsetMinutes(scenario.user.timeZone, date ?? new Date()),
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
            events: eventsFor(definition),
        };
    }

    // ---- context.events: the manifest's <event> nodes as methods; handlers come from form scripts -----

    function entryFor(definition) {
        return state.controls.find((entry) => entry.definition === definition);
    }

    function eventsFor(definition) {
        const events = {};
        for (const name of state.manifestEvents) {
            // One argument, handed to each handler as is (the PCF tutorial's form script reads params.message).
            events[name] = (params) => {
                for (const handler of entryFor(definition)?.handlers.get(name) ?? []) handler(params);
            };
        }
        return events;
    }

    async function loadManifestEvents() {
        const response = await fetch("/control/ControlManifest.xml");
        if (!response.ok) return [];
        const xml = new DOMParser().parseFromString(await response.text(), "application/xml");
        return [...xml.querySelectorAll("control > event")].map((e) => e.getAttribute("name"));
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
            const entry = { instance, container, definition, handlers: new Map() };
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
                clearNotification(column);
                renderDirtyFlag();
            });
            if (REQUIRED_FIELDS.has(column)) {
                input.required = true;
                label.append(" *");
            }
            const cell = document.createElement("div");
            cell.append(input);
            const notification = state.notifications.get(column);
            if (notification) {
                const note = document.createElement("p");
                note.className = "field-notification";
                note.setAttribute("role", "alert");
                note.id = `${id}-notification`;
                note.textContent = notification;
                input.setAttribute("aria-describedby", note.id);
                input.setAttribute("aria-invalid", "true");
                cell.append(note);
            }
            row.append(label, cell);
            host.appendChild(row);
        }
    }

    function clearNotification(column) {
        if (!state.notifications.delete(column)) return;
        const input = $(`field-${column}`);
        input?.removeAttribute("aria-invalid");
        input?.removeAttribute("aria-describedby");
        $(`field-${column}-notification`)?.remove();
    }

    function renderDirtyFlag() {
        $("record-dirty").hidden = state.dirty.size === 0;
    }

    function renderHeader() {
        const { record, scenario } = state;
        $("record-title").textContent = record.id ? record.name : `New ${record.displayName}`;
        $("record-meta").textContent = record.id
            ? `${record.displayName} · ${record.id}`
            : `${record.displayName} · not saved yet`;
        $("app-user").textContent = scenario.user.name;
        renderDirtyFlag();
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

    /** A save error as the Client API's errorCallback receives it: { errorCode, message }. */
    function saveError(errorCode, message) {
        return { errorCode, message };
    }

    /**
     * Saves the form as model-driven apps do: required columns first (an empty one gets its own field
     * notification and nothing is sent), then the changed columns; the form data then reloads. Rejects with
     * { errorCode, message } and leaves the edits (and the dirty flag) on the form when it can't save.
     */
    async function saveRecord() {
        const { record } = state;
        const missing = [...REQUIRED_FIELDS].filter((column) => (state.values[column] ?? "").trim() === "");
        if (missing.length > 0) {
            for (const column of missing)
                state.notifications.set(
                    column,
                    `${state.columnLabels[column] ?? column}: Required fields must be filled in.`,
                );
            renderFields();
            setStatus("Could not save: required fields are empty.");
            // Guess (undocumented): the error code model-driven apps pass for a failed required-field check.
            throw saveError(2147746307, "Required fields must be filled in."); // 0x80040203, positive like Web API codes
        }
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
        } catch (error) {
            setStatus(`Could not save: ${error.message}`);
            throw saveError(error.errorCode ?? 2147746326, error.message);
        }
        state.dirty.clear();
        await reloadForm();
        setStatus("Saved.");
    }

    /** Reads the row again and renders it: the form data OnLoad of a save or a refresh. */
    async function reloadForm() {
        await loadRecord();
        renderHeader();
        renderFields();
        renderAllControls();
    }

    async function refreshRecord(saveFirst) {
        if (saveFirst && state.dirty.size > 0) await saveRecord();
        // Guess (undocumented): refresh(false) with unsaved edits; here they are dropped for the saved values.
        state.dirty.clear();
        state.notifications.clear();
        window.formHostRefreshes = (window.formHostRefreshes ?? 0) + 1;
        await reloadForm();
        setStatus("Refreshed.");
    }

    // ---- Xrm.Page: the Client API's (deprecated) global form context, as model-driven apps provide it ----

    /** Control objects by name: the bound column's logical name, as on a real form (and the definition id). */
    function controlNamed(name) {
        const entry =
            state.controls.find((e) => e.definition.id === name) ??
            state.controls.find((e) => e.definition.field === name);
        if (!entry) return null;
        return {
            getName: () => name,
            getControlType: () => "customcontrol",
            addEventHandler(eventName, handler) {
                const list = entry.handlers.get(eventName) ?? [];
                list.push(handler);
                entry.handlers.set(eventName, list);
            },
            removeEventHandler(eventName, handler) {
                const list = entry.handlers.get(eventName) ?? [];
                entry.handlers.set(
                    eventName,
                    list.filter((h) => h !== handler),
                );
            },
        };
    }

    function installXrm() {
        const entity = {
            getId: () => (state.record?.id ? guidWithBraces(state.record.id) : ""),
            getEntityName: () => state.record?.table ?? "",
            getIsDirty: () => state.dirty.size > 0,
        };
        const data = {
            entity,
            getIsDirty: () => state.dirty.size > 0,
            // Real Promises stand in for the Client API's thenables.
            save: () => saveRecord(),
            refresh: (save) => refreshRecord(Boolean(save)),
        };
        window.Xrm = { Page: { data, getControl: controlNamed, ui: { controls: { get: () => [] } } } };
    }

    /**
     * The form's OnLoad script, written as a maker would (formContext.getControl(...).addEventHandler): it
     * shows each run's event in the form's notification area, and keeps a log the tests read.
     */
    function runFormScript() {
        const formContext = window.Xrm.Page;
        window.formScriptLog = [];
        for (const definition of state.scenario.controls) {
            const control = formContext.getControl(definition.id);
            for (const eventName of ["OnRunSucceeded", "OnRunFailed"]) {
                control?.addEventHandler?.(eventName, (params) => {
                    window.formScriptLog.push({ control: definition.id, event: eventName, params });
                    const note = $("form-notification");
                    note.hidden = false;
                    note.textContent = `Form script: ${eventName} from "${definition.label}" (reference ${params?.correlationId ?? "none"}, status ${params?.status ?? "none"})`;
                });
            }
        }
    }

    async function start() {
        const scenario = await (await fetch("/scenario.json", { cache: "no-store" })).json();
        state.scenario = scenario;
        state.languageId = Number(new URLSearchParams(location.search).get("lang") ?? scenario.user.languageId ?? 1033);
        document.documentElement.lang = { 1031: "de", 1036: "fr" }[state.languageId] ?? "en";
        state.strings = await loadResx(state.languageId);
        state.readOnly = Boolean(scenario.readOnly);
        if (new URLSearchParams(location.search).get("layout") === "narrow")
            document.body.classList.add("layout-narrow");
        $("cmd-readonly").checked = state.readOnly;
        await loadScript("/control/bundle.js");
        state.manifestEvents = await loadManifestEvents();
        await loadRecord();
        if (scenario.clientApi !== false) installXrm();
        renderHeader();
        renderFields();
        mountControls();
        if (window.Xrm) runFormScript();
        $("cmd-save").addEventListener("click", () => void saveRecord().catch(() => undefined));
        $("cmd-refresh").addEventListener("click", () => void refreshRecord(false));
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
