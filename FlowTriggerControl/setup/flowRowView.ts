import { formatMessage } from "../strings/messages";
import { WHO_LABELS, schemaFieldNames, shownUrl } from "./flowWiring";
import type { SetupSession } from "./setupSession";

/**
 * The `flow` row's actions in the DOM: the listed flows (on/off, Who can trigger, method, schema), the choice,
 * each check of the chosen flow (`data-flow-check`, `data-status`), Get the trigger URL, the pasted URL and the
 * two-step Save to environment variable. URLs are only ever shown with their sig masked.
 */
const STATUS_LABELS: Readonly<Record<string, string>> = {
    pass: "Setup_Status_Pass",
    warn: "Setup_Status_Warn",
    fail: "Setup_Status_Fail",
};

export interface FlowRowViewDeps {
    readonly session: SetupSession;
    readonly lookup: (key: string) => string;
    readonly el: (tag: string, attributes?: Record<string, string>, ...children: (Node | string)[]) => HTMLElement;
    readonly button: (label: string, action: string, onClick: () => void, primary?: boolean) => HTMLElement;
}

export function flowRowActions(deps: FlowRowViewDeps, status: string): HTMLElement[] {
    const { session, lookup, el, button } = deps;
    const state = session.flowRow;
    if (status === "pending" || state.flows.length === 0) return [];
    const t = (key: string, ...args: string[]): string => formatMessage(lookup, { key, args });

    const header = el(
        "tr",
        {},
        ...["Setup_FlowRow_ColName", "Setup_FlowRow_ColState", "Setup_Fact_WhoCanTrigger"]
            .concat(["Setup_FlowRow_ColMethod", "Setup_FlowRow_ColSchema"])
            .map((key) => el("th", { scope: "col" }, lookup(key))),
    );
    const rows = state.flows.map((flow) => {
        const fields = schemaFieldNames(flow.trigger);
        const chosen = flow.workflowId === state.chosenId;
        return el(
            "tr",
            { "data-flow-id": flow.workflowId, ...(chosen ? { "aria-current": "true", class: "chosen" } : {}) },
            el("td", {}, flow.name),
            el(
                "td",
                { "data-flow-state": flow.on ? "on" : "off" },
                lookup(flow.on ? "Setup_FlowRow_On" : "Setup_FlowRow_Off"),
            ),
            el("td", {}, lookup(WHO_LABELS[flow.trigger.whoCanTrigger])),
            el("td", {}, flow.trigger.method ?? "*"),
            el("td", {}, fields === undefined ? lookup("Setup_FlowRow_NoSchema") : fields.join(", ")),
        );
    });
    const select = el(
        "select",
        { id: "flow-choice", "data-flow-choice": "" },
        ...state.flows.map((flow) =>
            el(
                "option",
                { value: flow.workflowId, ...(flow.workflowId === state.chosenId ? { selected: "" } : {}) },
                flow.name,
            ),
        ),
    ) as HTMLSelectElement;
    select.addEventListener("change", () => session.chooseFlow(select.value));

    const parts: HTMLElement[] = [
        el("p", { class: "note" }, t("Setup_FlowRow_Explain")),
        el("table", { class: "flows", "data-flow-list": "" }, el("thead", {}, header), el("tbody", {}, ...rows)),
        el("div", { class: "actions" }, el("label", { for: "flow-choice" }, t("Setup_FlowRow_Choose")), select),
    ];
    if (state.chosenId === undefined) return parts;
    parts.push(
        el(
            "ul",
            { class: "flow-checks" },
            ...(state.checks ?? []).map((check) =>
                el(
                    "li",
                    { "data-flow-check": check.id, "data-status": check.status },
                    el("span", { class: `badge ${check.status}` }, lookup(STATUS_LABELS[check.status])),
                    " ",
                    formatMessage(lookup, check.message),
                    ...(check.fix ? [" — ", formatMessage(lookup, check.fix)] : []),
                ),
            ),
        ),
    );

    // Get the trigger URL, or paste it.
    const pasted = el("input", {
        id: "flow-url-paste",
        type: "text",
        autocomplete: "off",
        spellcheck: "false",
        "data-flow-url-paste": "",
    }) as HTMLInputElement;
    parts.push(
        el(
            "div",
            { class: "actions" },
            button(t("Setup_Button_GetTriggerUrl"), "getTriggerUrl", () => void session.getTriggerUrl(), true),
        ),
    );
    if (state.urlProblem) {
        parts.push(
            el(
                "p",
                { class: "note problem", role: "status", "data-flow-url-problem": "" },
                formatMessage(lookup, state.urlProblem),
            ),
        );
    }
    parts.push(
        el(
            "div",
            { class: "actions" },
            el("label", { for: "flow-url-paste" }, t("Setup_TriggerUrl_PasteLabel")),
            pasted,
            button(t("Setup_Button_UsePastedUrl"), "usePastedUrl", () => session.usePastedUrl(pasted.value)),
        ),
    );
    if (state.url) {
        parts.push(
            el(
                "p",
                { class: "note" },
                t(state.url.source === "api" ? "Setup_TriggerUrl_FromApi" : "Setup_TriggerUrl_FromPaste"),
                " ",
                el("code", { "data-flow-url": "" }, shownUrl(state.url.value)),
            ),
        );
        if (!state.save) {
            parts.push(
                el(
                    "div",
                    { class: "actions" },
                    button(t("Setup_Button_SaveToVariable"), "saveToVariable", () => void session.prepareSave()),
                ),
            );
        }
    }
    if (state.save) {
        const { variable, newValue } = state.save;
        const old = variable.currentValue ? shownUrl(variable.currentValue) : t("Setup_Save_NoValue");
        parts.push(
            el(
                "div",
                { class: "preview", "data-save-preview": "" },
                el("p", {}, t("Setup_Save_Preview", variable.schemaName)),
                el(
                    "dl",
                    { class: "facts" },
                    el(
                        "div",
                        { class: "fact" },
                        el("dt", {}, t("Setup_Save_Old")),
                        el("dd", { "data-save-old": "" }, old),
                    ),
                    el(
                        "div",
                        { class: "fact" },
                        el("dt", {}, t("Setup_Save_New")),
                        el("dd", { "data-save-new": "" }, shownUrl(newValue)),
                    ),
                ),
                el(
                    "div",
                    { class: "actions" },
                    button(t("Setup_Button_ConfirmSave"), "confirmSave", () => void session.confirmSave(), true),
                    button(t("Setup_Button_Cancel"), "cancelSave", () => void session.cancelSave()),
                ),
            ),
        );
    }
    if (state.saveOutcome) {
        parts.push(
            el(
                "p",
                { class: "note", role: "status", "data-save-outcome": state.saveOutcome.ok ? "saved" : "failed" },
                formatMessage(lookup, state.saveOutcome.message),
            ),
        );
    }
    return parts;
}
