import { PropertyNames, type RawProperties } from "../settings/settings.types";

/**
 * Finds the Flow Trigger Buttons in a form's definition (systemform.formxml) and their parameters.
 * Shape, as in real form XML: the field's `<control uniqueid datafieldname>` in a cell, and under
 * `<controlDescriptions>` a `<controlDescription forControl="{uniqueid}">` with one `<customControl
 * formFactor="0|1|2" name="<prefix>_<namespace>.<constructor>">` per client, whose `<parameters>` hold one
 * element per property: `<flowUrl static="true" type="…">value</flowUrl>`, the bound column without
 * `static` (sample: TALXIS/docs src/en/developer-guide/applications/controls/general.md). Pure.
 */
export interface FormButton {
    /** The bound column: also the control's name on the form. */
    readonly field: string;
    readonly raw: RawProperties;
}

/** `<prefix>_FlowTrigger.FlowTriggerControl`: the manifest's namespace and constructor after the prefix. */
const CONTROL_NAME = /^[A-Za-z0-9]+_FlowTrigger\.FlowTriggerControl$/;
const BOUND_PROPERTY = "boundField";

export function findFlowButtons(formXml: string, parse: (xml: string) => Document): FormButton[] {
    let doc: Document;
    try {
        doc = parse(formXml);
    } catch {
        return [];
    }
    if (doc.getElementsByTagName("parsererror").length > 0) return [];
    const buttons: FormButton[] = [];
    const seen = new Set<string>();
    for (const description of Array.from(doc.getElementsByTagName("controlDescription"))) {
        // One customControl per form factor carries the same parameters: the web client's (0) first.
        const custom = Array.from(description.getElementsByTagName("customControl"))
            .filter((element) => CONTROL_NAME.test(element.getAttribute("name") ?? ""))
            .sort((a, b) => formFactor(a) - formFactor(b))[0];
        if (!custom) continue;
        const raw: Record<string, string> = {};
        let field = "";
        const parameters = custom.getElementsByTagName("parameters")[0];
        for (const element of parameters ? Array.from(parameters.children) : []) {
            const name = element.tagName;
            const value = element.textContent?.trim() ?? "";
            if (name === BOUND_PROPERTY) field = value;
            else if ((PropertyNames as readonly string[]).includes(name)) raw[name] = value;
        }
        const key = `${description.getAttribute("forControl") ?? ""}|${field}`;
        if (seen.has(key)) continue;
        seen.add(key);
        buttons.push({ field: field || controlField(doc, description.getAttribute("forControl")), raw });
    }
    return buttons;
}

function formFactor(element: Element): number {
    const value = Number(element.getAttribute("formFactor"));
    return Number.isFinite(value) ? value : 99;
}

/** The field of the cell control a description is for, when the parameters don't name it. */
function controlField(doc: Document, uniqueId: string | null): string {
    if (!uniqueId) return "";
    const wanted = uniqueId.toLowerCase();
    const control = Array.from(doc.getElementsByTagName("control")).find(
        (element) => (element.getAttribute("uniqueid") ?? "").toLowerCase() === wanted,
    );
    return control?.getAttribute("datafieldname") ?? "";
}
