import { formatMessage } from "../strings/messages";
import { PropertyNames, type PropertyName } from "../settings/settings.types";
import { parseCommandSettings } from "../settings/settingsJson";
import type { CheckResult } from "./checkTypes";
import { findFlowButtons, type FormButton } from "./formXml";
import { inputsFromSettingsJson, shownValue, type SetupInputs } from "./inputs";
import { buildReport, maskSecrets } from "./report";
import { CHECK_ROWS, type CheckId } from "./rows";
import type { SetupSession } from "./setupSession";
import type { SetupWebApi } from "./dataverseWebApi";
import { flowRowActions } from "./flowRowView";

/**
 * The page's DOM: the inputs, one element per row (`data-check`, `data-status`: the contract) and the
 * buttons. It only renders what the session holds and forwards clicks; every verdict comes from checks.ts.
 */
export interface PageDeps {
    readonly document: Document;
    readonly session: SetupSession;
    readonly webApi: SetupWebApi;
    readonly lookup: (key: string) => string;
    readonly initial: SetupInputs;
    readonly origin: string;
    readonly publisherPrefix: string;
    readonly version: string;
    readonly now: () => Date;
    readonly copy: (text: string) => Promise<void>;
}

type Child = Node | string;

const STATUS_LABELS: Readonly<Record<string, string>> = {
    pass: "Setup_Status_Pass",
    warn: "Setup_Status_Warn",
    fail: "Setup_Status_Fail",
    skip: "Setup_Status_Skip",
    pending: "Setup_Status_Pending",
};

export function mountSetupPage(root: HTMLElement, deps: PageDeps): { render(): void; inputs(): SetupInputs } {
    const { document: doc, session, lookup } = deps;
    const t = (key: string, ...args: string[]): string => formatMessage(lookup, { key, args });

    function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
        const element = doc.createElement(tag);
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
        for (const child of children) element.append(child);
        return element;
    }
    function button(label: string, action: string, onClick: () => void, primary = false): HTMLElement {
        const b = el("button", { type: "button", "data-action": action, class: primary ? "primary" : "" }, label);
        b.addEventListener("click", onClick);
        return b;
    }

    // ---- inputs ------------------------------------------------------------------------------------
    const fields = new Map<string, HTMLInputElement>();
    const inputGrid = el("div", { class: "inputs" });
    for (const name of [...PropertyNames, "table", "recordId"]) {
        const input = el("input", {
            id: `input-${name}`,
            name,
            type: "text",
            autocomplete: "off",
            spellcheck: "false",
        }) as HTMLInputElement;
        fields.set(name, input);
        inputGrid.append(el("label", { for: `input-${name}` }, name), input);
    }
    function fill(inputs: SetupInputs): void {
        for (const name of PropertyNames) fields.get(name)!.value = shownValue(inputs.raw, name);
        fields.get("table")!.value = inputs.table;
        fields.get("recordId")!.value = inputs.recordId;
    }
    function readInputs(): SetupInputs {
        const raw: Partial<Record<PropertyName, string>> = {};
        for (const name of PropertyNames) {
            const value = fields.get(name)!.value;
            if (value.trim() !== "") raw[name] = value;
        }
        return { raw, table: fields.get("table")!.value.trim(), recordId: fields.get("recordId")!.value.trim() };
    }
    const runChecks = (): void => void session.check(readInputs());

    // Load from a form: table → main forms → the Flow Trigger Buttons on the chosen form.
    const formTable = el("input", { id: "form-table", type: "text", autocomplete: "off" }) as HTMLInputElement;
    const formList = el("select", { id: "form-list", hidden: "" }) as HTMLSelectElement;
    const buttonList = el("select", { id: "form-buttons", hidden: "" }) as HTMLSelectElement;
    const formStatus = el("p", { class: "note", role: "status", "data-form-status": "" });
    let forms: { name: string; buttons: FormButton[] }[] = [];
    const parseXml = (xml: string): Document => new DOMParser().parseFromString(xml, "application/xml");
    async function findForms(): Promise<void> {
        const table = formTable.value.trim().toLowerCase();
        formStatus.textContent = t("Setup_Form_Loading");
        formList.hidden = true;
        buttonList.hidden = true;
        try {
            const rows = await deps.webApi.mainForms(table);
            forms = rows.map((row) => ({ name: row.name, buttons: findFlowButtons(row.formXml, parseXml) }));
        } catch {
            forms = [];
            formStatus.textContent = t("Setup_Form_LoadFailed", table);
            return;
        }
        const withButtons = forms.filter((form) => form.buttons.length > 0);
        forms = withButtons;
        if (withButtons.length === 0) {
            formStatus.textContent = t("Setup_Form_NoButtons", table);
            return;
        }
        formStatus.textContent = t("Setup_Form_Found", String(withButtons.length));
        formList.replaceChildren(...withButtons.map((form, i) => el("option", { value: String(i) }, form.name)));
        formList.hidden = false;
        listButtons();
    }
    function listButtons(): void {
        const form = forms[Number(formList.value)] ?? forms[0];
        buttonList.replaceChildren(
            ...(form?.buttons ?? []).map((b, i) =>
                el(
                    "option",
                    { value: String(i) },
                    `${b.field}${b.raw.buttonLabel ? ` — ${String(b.raw.buttonLabel)}` : ""}`,
                ),
            ),
        );
        buttonList.hidden = false;
    }
    formList.addEventListener("change", listButtons);
    function useFormButton(): void {
        const form = forms[Number(formList.value)] ?? forms[0];
        const chosen = form?.buttons[Number(buttonList.value)] ?? form?.buttons[0];
        if (!chosen) return;
        const current = readInputs();
        fill({ raw: chosen.raw, table: formTable.value.trim().toLowerCase(), recordId: current.recordId });
        runChecks();
    }

    // Paste a command's settingsJson.
    const pasted = el("textarea", { id: "settings-json", rows: "4", spellcheck: "false" }) as HTMLTextAreaElement;
    const pasteStatus = el("p", { class: "note", role: "status", "data-paste-status": "" });
    function usePasted(): void {
        const parsed = inputsFromSettingsJson(pasted.value);
        const command = parseCommandSettings(pasted.value, {
            origin: deps.origin,
            publisherPrefix: deps.publisherPrefix,
        });
        if (!parsed.ok) {
            const problem = !command.ok ? command.problems[0] : undefined;
            pasteStatus.textContent = problem
                ? formatMessage(lookup, problem.reason)
                : t("Command_Config_SettingsNotJson");
            return;
        }
        // Command-only keys (maxRows, mode, unknown keys) are reported here; the control's are checked in the rows.
        const commandOnly = command.ok
            ? []
            : command.problems.filter((p) => !(PropertyNames as readonly string[]).includes(p.property));
        pasteStatus.textContent = commandOnly
            .map((p) => `${p.property}: ${formatMessage(lookup, p.reason)}`)
            .join(" · ");
        const current = readInputs();
        fill({ raw: parsed.raw, table: current.table, recordId: current.recordId });
        runChecks();
    }

    // ---- rows --------------------------------------------------------------------------------------
    const rowElements = new Map<CheckId, HTMLElement>();
    const list = el("ol", { class: "checks" });
    for (const row of CHECK_ROWS) {
        const item = el("li", { "data-check": row.id, "data-status": "pending", class: "check" });
        rowElements.set(row.id, item);
        list.append(item);
    }
    const reportBox = el("textarea", {
        id: "report",
        readonly: "",
        rows: "12",
        hidden: "",
        "data-report": "",
    }) as HTMLTextAreaElement;
    const copyStatus = el("span", { class: "note", role: "status" });

    function renderRow(id: CheckId, title: string, check: CheckResult | undefined): void {
        const item = rowElements.get(id)!;
        const status = check?.status ?? "pending";
        item.setAttribute("data-status", status);
        const facts = (check?.facts ?? []).map((f) =>
            el(
                "div",
                { class: "fact" },
                el("dt", {}, lookup(f.label)),
                el("dd", {}, f.translate ? lookup(f.value) : f.value),
            ),
        );
        const fixes = (check?.fixes ?? []).map((f) =>
            el(
                "li",
                { "data-fix": "" },
                f.property ? el("code", {}, f.property) : "",
                f.property ? " " : "",
                formatMessage(lookup, f.message),
            ),
        );
        item.replaceChildren(
            el(
                "div",
                { class: "check-head" },
                el("span", { class: `badge ${status}`, "data-status-label": "" }, lookup(STATUS_LABELS[status])),
                el("h3", {}, lookup(title)),
            ),
            el("p", { class: "summary", "data-summary": "" }, check ? formatMessage(lookup, check.summary) : ""),
            ...(facts.length > 0 ? [el("dl", { class: "facts" }, ...facts)] : []),
            ...(fixes.length > 0 ? [el("ul", { class: "fixes", "aria-label": lookup("Setup_Fixes") }, ...fixes)] : []),
            ...actionsFor(id, status),
        );
    }

    function actionsFor(id: CheckId, status: string): HTMLElement[] {
        if (
            id === "signIn" &&
            (status === "pending" || status === "fail") &&
            session.rows.get("signIn")?.summary.key !== "Setup_Pending"
        ) {
            return [
                el(
                    "div",
                    { class: "actions" },
                    button(t("Setup_Button_SignIn"), "signIn", () => void session.signIn(), true),
                ),
            ];
        }
        if (id === "testRun") return testRunActions(status);
        if (id === "schema" && session.schema) return schemaActions();
        if (id === "flow") return flowRowActions({ session, lookup, el, button }, status);
        return [];
    }

    function testRunActions(status: string): HTMLElement[] {
        if (status === "skip") return [];
        const preview = session.preview;
        if (preview) {
            return [
                el(
                    "div",
                    { class: "preview", "data-preview": "" },
                    el("p", {}, t("Setup_TestRun_PreviewIntro", maskSecrets(preview.url).replace(/\?.*$/, ""))),
                    el("pre", { "data-preview-payload": "" }, JSON.stringify(preview.payload, null, 2)),
                    el(
                        "div",
                        { class: "actions" },
                        button(t("Setup_Button_SendNow"), "sendNow", () => void session.sendTestRun(), true),
                        button(t("Setup_Button_Cancel"), "cancelTestRun", () => {
                            session.preview = undefined;
                            render();
                        }),
                    ),
                ),
            ];
        }
        const note = el("p", { class: "note" }, t("Setup_TestRun_Explain"));
        const problem = el("p", { class: "note", role: "status", "data-testrun-problem": "" });
        return [
            note,
            el(
                "div",
                { class: "actions" },
                button(t("Setup_Button_TestRun"), "testRun", () => {
                    const prepared = session.previewTestRun();
                    if (!prepared.ok) problem.textContent = formatMessage(lookup, prepared.reason);
                    else render();
                }),
            ),
            problem,
        ];
    }

    function schemaActions(): HTMLElement[] {
        const schema = session.schema!;
        const single = JSON.stringify(schema.single, null, 2);
        const batch = JSON.stringify(schema.batch, null, 2);
        return [
            el(
                "div",
                { class: "actions" },
                button(t("Setup_Button_CopySchema"), "copySchema", () => void deps.copy(single)),
                button(t("Setup_Button_CopyBatchSchema"), "copyBatchSchema", () => void deps.copy(batch)),
            ),
            el("details", {}, el("summary", {}, lookup("Setup_Schema_Show")), el("pre", { "data-schema": "" }, single)),
        ];
    }

    function render(): void {
        for (const row of CHECK_ROWS) renderRow(row.id, row.title, session.rows.get(row.id));
    }

    async function copyReport(): Promise<void> {
        const text = buildReport(
            session.rows,
            { generatedAt: deps.now().toISOString(), origin: deps.origin, version: deps.version },
            lookup,
        );
        reportBox.value = text;
        reportBox.hidden = false;
        try {
            await deps.copy(text);
            copyStatus.textContent = t("Setup_Report_Copied");
        } catch {
            reportBox.select();
            copyStatus.textContent = t("Setup_Report_CopyManually");
        }
    }

    // ---- layout ------------------------------------------------------------------------------------
    const inputsForm = el(
        "form",
        { id: "setup-inputs" },
        inputGrid,
        el(
            "div",
            { class: "actions" },
            el("button", { type: "submit", class: "primary", "data-action": "check" }, t("Setup_Button_Check")),
        ),
    );
    inputsForm.addEventListener("submit", (event) => {
        event.preventDefault();
        runChecks();
    });
    root.replaceChildren(
        el("h1", {}, t("Setup_Title")),
        el("p", { class: "intro" }, t("Setup_Intro")),
        el(
            "section",
            { class: "panel", "aria-labelledby": "inputs-title" },
            el("h2", { id: "inputs-title" }, t("Setup_Inputs_Title")),
            el(
                "details",
                { id: "load-form" },
                el("summary", {}, t("Setup_Form_Title")),
                el("label", { for: "form-table" }, t("Setup_Form_Table")),
                formTable,
                button(t("Setup_Button_FindForms"), "findForms", () => void findForms()),
                formStatus,
                formList,
                buttonList,
                button(t("Setup_Button_UseButton"), "useButton", useFormButton),
            ),
            el(
                "details",
                { id: "paste-settings" },
                el("summary", {}, t("Setup_Paste_Title")),
                pasted,
                button(t("Setup_Button_UseSettings"), "useSettings", usePasted),
                pasteStatus,
            ),
            inputsForm,
        ),
        el(
            "section",
            { class: "panel", "aria-labelledby": "checks-title" },
            el("h2", { id: "checks-title" }, t("Setup_Checks_Title")),
            list,
            el(
                "div",
                { class: "actions" },
                button(t("Setup_Button_CopyReport"), "copyReport", () => void copyReport()),
                copyStatus,
            ),
            reportBox,
        ),
    );
    fill(deps.initial);
    render();
    return { render, inputs: readInputs };
}
