import { formatMessage } from "../strings/messages";
import type { CheckResult } from "./checkTypes";
import { CHECK_ROWS, type CheckId } from "./rows";

/**
 * The plain-text report Copy report puts on the clipboard, for a support ticket: every row with its status,
 * summary, facts and fixes. Never a token; every sig value masked (the report is pasted into tickets). Pure.
 */
export interface ReportContext {
    readonly generatedAt: string;
    readonly origin: string;
    readonly version: string;
}

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const SIG = /(sig(?:=|%3D))[^&\s"'#]*/gi;

/** Removes anything that looks like a bearer token and masks every sig value. */
export function maskSecrets(text: string): string {
    return text.replace(JWT, "[token removed]").replace(SIG, "$1***");
}

export function buildReport(
    rows: ReadonlyMap<CheckId, CheckResult>,
    context: ReportContext,
    lookup: (key: string) => string,
): string {
    const lines = [`${lookup("Setup_Title")} — ${context.origin}`, `${context.generatedAt} · ${context.version}`, ""];
    for (const row of CHECK_ROWS) {
        const check = rows.get(row.id);
        if (!check) continue;
        lines.push(
            `[${check.status.toUpperCase()}] ${row.id} — ${lookup(row.title)}: ${formatMessage(lookup, check.summary)}`,
        );
        for (const item of check.facts) {
            lines.push(`    ${lookup(item.label)}: ${item.translate ? lookup(item.value) : item.value}`);
        }
        for (const item of check.fixes) {
            const text = formatMessage(lookup, item.message);
            lines.push(`    → ${item.property ? `${item.property}: ` : ""}${text}`);
        }
    }
    return maskSecrets(lines.join("\n"));
}
