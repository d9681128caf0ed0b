import type { UserMessage } from "../contracts/userMessage";

/**
 * The rows of the setup page and what a check returns. Row ids and statuses are a contract: docs, tests and
 * support scripts read them from `data-check` and `data-status`.
 */
export type CheckStatus = "pass" | "warn" | "fail" | "skip" | "pending";

/** One thing the check observed, shown on the row and copied into the report (label is a resx key). */
export interface CheckFact {
    readonly label: string;
    readonly value: string;
    /** The value is itself a resx key (e.g. "current value"), shown in the user's language. */
    readonly translate?: boolean;
}

/** What to change; `property` names the control property when the fix is about one. */
export interface CheckFix {
    readonly property?: string;
    readonly message: UserMessage;
}

export interface CheckResult {
    readonly status: CheckStatus;
    /** One line saying what the check found. */
    readonly summary: UserMessage;
    readonly fixes: readonly CheckFix[];
    readonly facts: readonly CheckFact[];
}

export function result(
    status: CheckStatus,
    summary: UserMessage,
    fixes: readonly CheckFix[] = [],
    facts: readonly CheckFact[] = [],
): CheckResult {
    return { status, summary, fixes, facts };
}
