import type { ConfigProblem } from "../contracts/configProblem";
import { message } from "../contracts/userMessage";
import { formatMessage } from "../strings/messages";
import type { BatchSummary } from "./batchRun";
import { CommandMessageKeys } from "./commandMessages";

type Lookup = (key: string) => string;

/** The maker's confirmation text with `{count}` replaced; a default text when the maker left it empty. */
export function confirmationText(makerText: string, count: number, lookup: Lookup): string {
    if (makerText.trim() === "")
        return formatMessage(lookup, message(CommandMessageKeys.confirmDefault, String(count)));
    return makerText.split("{count}").join(String(count));
}

/** "Running flow: 3 of 10". */
export function progressText(done: number, total: number, lookup: Lookup): string {
    return formatMessage(lookup, message(CommandMessageKeys.progress, String(done), String(total)));
}

/** One line per problem: the settings key, then what to do. */
export function problemsText(problems: readonly ConfigProblem[], lookup: Lookup): string {
    return problems
        .map((problem) =>
            formatMessage(
                lookup,
                message(CommandMessageKeys.configProblemLine, problem.property, formatMessage(lookup, problem.reason)),
            ),
        )
        .join("\n");
}

/** Counts, then each failed row with its name (or id), its reason and its reference. */
export function summaryText(summary: BatchSummary, lookup: Lookup): string {
    const line = (key: string, count: number): string => formatMessage(lookup, message(key, String(count)));
    const lines = [line(CommandMessageKeys.summarySucceeded, summary.succeeded)];
    if (summary.started > 0) lines.push(line(CommandMessageKeys.summaryStarted, summary.started));
    lines.push(line(CommandMessageKeys.summaryFailed, summary.failed));
    if (summary.notRun > 0) lines.push(line(CommandMessageKeys.summaryNotRun, summary.notRun));
    for (const failure of summary.failures) {
        const name =
            failure.primaryName !== null && failure.primaryName.trim() !== ""
                ? failure.primaryName
                : formatMessage(lookup, message(CommandMessageKeys.summaryUnnamedRow, failure.rowId));
        const reason = formatMessage(lookup, failure.reason);
        let text = formatMessage(lookup, message(CommandMessageKeys.summaryFailureLine, name, reason));
        // As on the form: many reasons already quote the tracking id.
        if (failure.reference !== undefined && !reason.includes(failure.reference)) {
            text += ` ${formatMessage(lookup, message("Message_Reference", failure.reference))}`;
        }
        lines.push(text);
    }
    return lines.join("\n");
}
