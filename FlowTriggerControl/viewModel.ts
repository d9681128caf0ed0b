/** Pure view decisions: from settings, host state and outcomes to what the button shows. No React, no PCF. */

import type { ConfigProblem } from "./contracts/configProblem";
import type { RecordRef, RunEventName, RunEventParams, TriggerOutcome } from "./contracts/run";
import { cutWithEllipsis, prefixWithinLength } from "./contracts/textCut";
import { MAX_SHOWN_TEXT_LENGTH, message, type UserMessage } from "./contracts/userMessage";
import type { ButtonSettings, SettingsResult } from "./settings/settings.types";
import { formatMessage } from "./strings/messages";

/** The host state the button's availability depends on. */
export interface HostState {
    readonly isControlDisabled: boolean;
    /** Undefined while the record is new and not saved yet. */
    readonly record?: RecordRef;
}

/** The button's look: from valid settings, or the part that could still be read from invalid ones. */
export function buttonSettingsOf(settings: SettingsResult): ButtonSettings {
    return settings.ok ? settings.settings.button : settings.button;
}

/** Why the button can't run now, most important first; undefined when it can. */
export function disabledReasonFor(host: HostState, settings: SettingsResult): UserMessage | undefined {
    if (!settings.ok) return message("Disabled_Misconfigured");
    if (host.isControlDisabled && !settings.settings.enableOnReadOnlyForm) return message("Disabled_ReadOnly");
    if (!host.record) return message("Disabled_Unsaved");
    return undefined;
}

/** Configuration errors are already problems as the view shows them (property + reason). */
export function configProblemsOf(settings: SettingsResult): readonly ConfigProblem[] {
    return settings.ok ? [] : settings.errors;
}

/** The text written back to the bound column, cut to its length (UTF-16 units) without splitting a character. */
export function textForBoundField(text: string, maxLength: number | undefined): string {
    return maxLength === undefined ? text : prefixWithinLength(text, maxLength);
}

/** Text for the outcome message: control characters removed, at most MAX_SHOWN_TEXT_LENGTH characters. */
function capText(text: string): string {
    // eslint-disable-next-line no-control-regex -- strip control characters a hostile response may carry
    const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
    return cutWithEllipsis(clean, MAX_SHOWN_TEXT_LENGTH);
}

export type OutcomeTone = "success" | "info" | "error";

/** What the outcome message shows for one finished run. */
export interface OutcomeView {
    readonly tone: OutcomeTone;
    readonly text: string;
    /** "Reference: <correlation id>", when the text does not quote it already. */
    readonly reference?: string;
    /** What else the user should know (unsaved changes not sent, form not refreshed). */
    readonly notices?: readonly string[];
}

export function describeOutcome(
    outcome: TriggerOutcome,
    successMessage: string,
    getString: (key: string) => string,
): OutcomeView {
    const view = describeResult(outcome, successMessage, getString);
    const notices = outcome.notices?.map((notice) => capText(formatMessage(getString, notice)));
    return notices && notices.length > 0 ? { ...view, notices } : view;
}

/** The event a finished click raises for form scripts, with the outcome's text as the user sees it (without notices). */
export function runEventFor(
    outcome: TriggerOutcome,
    successMessage: string,
    getString: (key: string) => string,
): { readonly name: RunEventName; readonly params: RunEventParams } {
    const failed = outcome.kind === "failed";
    return {
        name: failed ? "OnRunFailed" : "OnRunSucceeded",
        params: {
            correlationId: outcome.correlationId ?? null,
            // A started run was accepted (202) with its end unknown; a failure has no status to report.
            status: outcome.kind === "succeeded" ? outcome.status : failed ? null : 202,
            message: describeResult(outcome, successMessage, getString).text,
        },
    };
}

function describeResult(
    outcome: TriggerOutcome,
    successMessage: string,
    getString: (key: string) => string,
): OutcomeView {
    const fmt = (m: UserMessage): string => formatMessage(getString, m);
    switch (outcome.kind) {
        case "succeeded":
            return {
                tone: "success",
                // The first non-empty one; trimming first changes nothing, as capText trims anyway.
                text: capText(
                    successMessage.trim() || (outcome.responseText ?? "").trim() || getString("Message_RunSucceeded"),
                ),
            };
        case "started":
            // Its end is not known here (e.g. a 202 whose Location the browser may not read): the reference
            // is how the user finds the run (the payload's correlationId) in the flow's run history.
            return {
                tone: "info",
                text: getString("Message_RunStarted"),
                reference: fmt(message("Message_Reference", outcome.correlationId)),
            };
        case "failed": {
            const text = capText(fmt(outcome.error));
            // Most flow errors already quote the id as their tracking ID; add it only where they don't.
            const id = outcome.correlationId;
            return {
                tone: "error",
                text,
                reference: id && !text.includes(id) ? fmt(message("Message_Reference", id)) : undefined,
            };
        }
    }
}

/**
 * Failures that mean a setup problem rather than a passing one: the app registration's sign-in errors
 * (Auth_RedirectUriMismatch, Auth_AppMisconfigured, Auth_AppNotFound, Auth_ConsentRequired, Auth_ConfigurationInvalid,
 * Auth_PermissionMissing, Auth_FlowServiceNotFound, Auth_UserNotInTenant, Auth_UserNotAssigned) and the trigger refusing the token or
 * never being reached (Error_Flow_NotAllowed, Error_Flow_NotAuthorized, Error_Flow_ExpectsSignedUrl,
 * Error_Flow_ExpectsSignIn, Error_Flow_NoOAuthPolicy, Error_Flow_Unreachable). Matched by the shortest unique
 * prefixes: the control's bundle has a size budget. The control then offers the setup page (to customizers).
 */
const SETUP_FAILURE = /^Auth_(Re|Ap|Co|Pe|Fl|U)|^Error_Flow_(NotA|Ex|NoO|Unr)/;

export function isSetupFailure(outcome: TriggerOutcome | undefined): boolean {
    return outcome?.kind === "failed" && SETUP_FAILURE.test(outcome.error.key);
}
