// The browser side of the local grid page: what a model-driven app hands a command-bar command. A view of
// accounts with selectable rows (or one record's form), command buttons that load the built
// FlowTriggerCommand.js on their first click (as the platform loads a command's library) and call it, and the Client API members the library uses
// (Xrm.Navigation dialogs, Xrm.Utility progress/context/metadata, Xrm.WebApi) over the local Dataverse.
// This file plays the platform (it owns its DOM and serves web resources), so the checker's form-script rules don't apply.
/* eslint-disable @microsoft/power-apps/avoid-dom-form */
(function () {
    "use strict";

    // What tests read: every dialog, progress text, refresh and command result.
    const host = {
        dialogs: [],
        progressTexts: [],
        gridRefreshes: 0,
        formRefreshes: 0,
        saves: 0,
        results: [],
        // How often the page requested FlowTriggerCommand.js (on the first command click, as the platform does).
        libraryLoads: 0,
    };
    window.gridHost = host;

    const state = { scenario: null, rows: [], selected: new Set(), record: null, dirty: false };

    const $ = (id) => document.getElementById(id);
    const setStatus = (text) => ($("host-status").textContent = text);
    const braced = (id) => `{${String(id).toUpperCase()}}`;

    // ---- Xrm.WebApi and Xrm.Utility.getEntityMetadata over the local Dataverse (client-api.js) ----------

    const {
        webAPI: WebApi,
        callWebApi,
        getEntityMetadata,
    } = window.LocalClientApi.createLocalClientApi({
        metadataShape: () => state.scenario?.metadataShape,
    });

    // ---- Xrm.Navigation dialogs and Xrm.Utility's progress indicator, as modal DOM ---------------------

    /** A modal dialog; resolves with the index of the pressed button, or -1 on Escape. */
    function openDialog(kind, strings, labels) {
        return new Promise((resolve) => {
            const overlay = document.createElement("div");
            overlay.className = "xrm-overlay";
            const dialog = document.createElement("div");
            dialog.className = "xrm-dialog";
            dialog.setAttribute("role", kind === "alert" ? "alertdialog" : "dialog");
            dialog.setAttribute("aria-modal", "true");
            dialog.dataset.kind = kind;
            const title = document.createElement("h2");
            title.id = `xrm-dialog-title-${host.dialogs.length}`;
            title.textContent = strings.title ?? "";
            const text = document.createElement("p");
            text.textContent = strings.text;
            dialog.setAttribute("aria-labelledby", title.id);
            const buttons = document.createElement("div");
            buttons.className = "buttons";
            // Page clock times, for the benchmark (confirmation answered → summary opened).
            const record = {
                kind,
                title: strings.title ?? "",
                text: strings.text,
                answer: undefined,
                openedAt: performance.now(),
                answeredAt: undefined,
            };
            host.dialogs.push(record);
            const close = (index) => {
                record.answer = index;
                record.answeredAt = performance.now();
                overlay.remove();
                document.removeEventListener("keydown", onKey);
                resolve(index);
            };
            const onKey = (event) => {
                if (event.key === "Escape") close(-1);
            };
            labels.forEach((label, index) => {
                const button = document.createElement("button");
                button.type = "button";
                button.textContent = label;
                if (index === 0) button.className = "primary";
                button.addEventListener("click", () => close(index));
                buttons.appendChild(button);
            });
            dialog.append(title, text, buttons);
            overlay.appendChild(dialog);
            $("xrm-dialogs").appendChild(overlay);
            document.addEventListener("keydown", onKey);
            buttons.querySelector("button").focus();
        });
    }

    const Navigation = {
        async openConfirmDialog(strings) {
            const index = await openDialog("confirm", strings, [
                strings.confirmButtonLabel ?? "OK",
                strings.cancelButtonLabel ?? "Cancel",
            ]);
            return { confirmed: index === 0 };
        },
        async openAlertDialog(strings) {
            await openDialog("alert", strings, [strings.confirmButtonLabel ?? "OK"]);
        },
    };

    const Utility = {
        showProgressIndicator(message) {
            host.progressTexts.push(message);
            $("xrm-progress-text").textContent = message;
            $("xrm-progress").hidden = false;
        },
        closeProgressIndicator() {
            $("xrm-progress").hidden = true;
        },
        getGlobalContext() {
            const user = state.scenario.user;
            return {
                userSettings: {
                    languageId: user.languageId ?? 1033,
                    userId: braced(user.systemUserId),
                    userName: user.name,
                    // As documented: no date argument, so the user's offset today.
                    getTimeZoneOffsetMinutes: () =>
                        window.LocalClientApi.timeZoneOffsetMinutes(user.timeZone, new Date()),
                },
                getClientUrl: () => location.origin,
            };
        },
        getEntityMetadata,
    };

    window.Xrm = { Navigation, Utility, WebApi };

    // ---- the view (grid) --------------------------------------------------------------------------------

    async function loadRows() {
        const { entities } = await WebApi.retrieveMultipleRecords(
            state.scenario.table,
            "?$select=name,accountnumber,telephone1",
        );
        state.rows = entities.sort((a, b) => String(a.name).localeCompare(String(b.name)));
        const present = new Set(state.rows.map((row) => row.accountid));
        for (const id of [...state.selected]) if (!present.has(id)) state.selected.delete(id);
    }

    function renderGrid() {
        const table = document.createElement("table");
        table.className = "grid";
        table.setAttribute("aria-label", "Active Accounts");
        const all = state.rows.length > 0 && state.rows.every((row) => state.selected.has(row.accountid));
        table.innerHTML =
            '<thead><tr><th><input type="checkbox" id="select-all" aria-label="Select all rows"></th>' +
            "<th>Account Name</th><th>Account Number</th><th>Main Phone</th></tr></thead><tbody></tbody>";
        table.querySelector("#select-all").checked = all;
        table.querySelector("#select-all").addEventListener("change", (event) => {
            for (const row of state.rows) {
                if (event.target.checked) state.selected.add(row.accountid);
                else state.selected.delete(row.accountid);
            }
            renderGrid();
        });
        const body = table.querySelector("tbody");
        for (const row of state.rows) {
            const tr = document.createElement("tr");
            const selected = state.selected.has(row.accountid);
            tr.setAttribute("aria-selected", String(selected));
            const box = document.createElement("input");
            box.type = "checkbox";
            box.checked = selected;
            box.setAttribute("aria-label", `Select ${row.name}`);
            box.addEventListener("change", () => {
                if (box.checked) state.selected.add(row.accountid);
                else state.selected.delete(row.accountid);
                renderGrid();
            });
            const cells = [row.name, row.accountnumber ?? "", row.telephone1 ?? ""].map((value) => {
                const td = document.createElement("td");
                td.textContent = value;
                return td;
            });
            const first = document.createElement("td");
            first.appendChild(box);
            tr.append(first, ...cells);
            body.appendChild(tr);
        }
        $("view-body").replaceChildren(table);
        $("host-status").textContent = `${state.selected.size} of ${state.rows.length} selected`;
    }

    /** SelectedControl: the grid's context, as the platform passes it to a command. */
    const gridContext = {
        refresh() {
            host.gridRefreshes++;
            void loadRows().then(renderGrid);
        },
        getEntityName: () => state.scenario.table,
    };

    // ---- the form variant (PrimaryControl) ----------------------------------------------------------------

    async function loadRecord() {
        const id = state.scenario.record.id;
        const row = await WebApi.retrieveRecord(state.scenario.table, id, "?$select=name,accountnumber");
        state.record = { id, name: row.name ?? "", accountnumber: row.accountnumber ?? "" };
        state.dirty = false;
    }

    function renderForm() {
        $("view-title").textContent = state.record.name;
        const card = document.createElement("div");
        card.className = "form-card";
        const label = document.createElement("label");
        label.textContent = "Account Name ";
        const input = document.createElement("input");
        input.id = "field-name";
        input.value = state.record.name;
        input.addEventListener("input", () => {
            state.record.name = input.value;
            state.dirty = true;
            setStatus("Unsaved changes");
        });
        label.appendChild(input);
        card.appendChild(label);
        $("view-body").replaceChildren(card);
    }

    async function saveRecord() {
        // The platform refuses to save a record whose required field is empty.
        if (state.record.name.trim() === "") {
            const error = new Error("Account Name: Required fields must be filled in.");
            error.errorCode = 2147746307; // 0x80040203, positive as the Client API reports codes
            setStatus("Could not save: a required field is empty.");
            throw error;
        }
        await callWebApi(`accounts(${state.record.id})`, {
            method: "PATCH",
            body: JSON.stringify({ name: state.record.name }),
        });
        host.saves++;
        state.dirty = false;
        setStatus("Saved.");
    }

    /** PrimaryControl: the form's context (data.entity, data.save, data.refresh). */
    const formContext = {
        data: {
            entity: {
                getId: () => braced(state.record.id),
                getEntityName: () => state.scenario.table,
                getIsDirty: () => state.dirty,
            },
            save: () => saveRecord(),
            async refresh(save) {
                if (save) await saveRecord();
                host.formRefreshes++;
                await loadRecord();
                renderForm();
            },
        },
    };

    // ---- commands ------------------------------------------------------------------------------------------

    function renderCommands() {
        const bar = $("command-bar");
        for (const command of state.scenario.commands ?? []) {
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = command.label;
            // Like the platform: the command's library loads on its first click, then the command's function is
            // called (inside the click once loaded), with its parameters.
            button.addEventListener("click", () => {
                // settings: the JSON object, or the schema name of an environment variable holding it.
                const parameter =
                    typeof command.settings === "string" ? command.settings : JSON.stringify(command.settings);
                const invoke = () =>
                    command.function === "runForForm"
                        ? window.FlowTriggerCommand.runForForm(formContext, parameter)
                        : window.FlowTriggerCommand.runForRows(
                              gridContext,
                              [...state.selected].map(braced),
                              state.scenario.table,
                              parameter,
                          );
                let pending;
                try {
                    pending = window.FlowTriggerCommand ? invoke() : commandLibrary().then(invoke);
                } catch (error) {
                    pending = Promise.reject(error);
                }
                Promise.resolve(pending)
                    .then((result) => host.results.push(result))
                    .catch((error) =>
                        host.results.push({ kind: "scriptError", message: String(error?.message ?? error) }),
                    );
            });
            bar.appendChild(button);
        }
        const runs = document.createElement("a");
        runs.href = state.scenario.runsPageUrl;
        runs.target = "_blank";
        runs.rel = "noopener";
        runs.textContent = "Flow runs ↗";
        runs.style.marginLeft = "auto";
        runs.style.alignSelf = "center";
        bar.appendChild(runs);
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

    /** The command library web resource, loaded once, when a command first runs (not with the page). */
    let library;
    function commandLibrary() {
        if (!library) {
            host.libraryLoads++;
            library = loadScript("/WebResources/ftc_/FlowTriggerControl/FlowTriggerCommand.js");
            library.catch(() => (library = undefined));
        }
        return library;
    }

    async function start() {
        const scenario = await (await fetch("/scenario.json", { cache: "no-store" })).json();
        scenario.table ??= "account";
        state.scenario = scenario;
        $("app-user").textContent = scenario.user.name;
        renderCommands();
        if (scenario.view === "form") {
            await loadRecord();
            renderForm();
        } else {
            await loadRows();
            renderGrid();
        }
        document.body.dataset.ready = "true";
    }

    start().catch((error) => {
        setStatus(`The page could not load: ${error.message}`);
        document.body.dataset.ready = "error";
    });
})();
