import { MessageBar, MessageBarType, Text } from "@fluentui/react";
import * as React from "react";
import type { OutcomeTone, OutcomeView } from "../viewModel";

const BAR_TYPE: Readonly<Record<OutcomeTone, MessageBarType>> = {
    success: MessageBarType.success,
    info: MessageBarType.info,
    error: MessageBarType.error,
};

export interface OutcomeMessageProps {
    /** Undefined while no run has finished (or after the user dismissed the message). */
    readonly outcome?: OutcomeView;
    readonly dismissLabel: string;
    readonly onDismiss: () => void;
}

/** The live region for a run's outcome. Always rendered, so screen readers announce the message when it appears. */
export function OutcomeMessage({ outcome, dismissLabel, onDismiss }: OutcomeMessageProps) {
    return (
        <div role="status" aria-live="polite" data-testid="flow-trigger-status">
            {outcome && (
                <MessageBar
                    messageBarType={BAR_TYPE[outcome.tone]}
                    role="none"
                    delayedRender={false}
                    isMultiline
                    onDismiss={onDismiss}
                    dismissButtonAriaLabel={dismissLabel}
                >
                    {outcome.text}
                    {outcome.reference && (
                        <>
                            <br />
                            <Text variant="small">{outcome.reference}</Text>
                        </>
                    )}
                </MessageBar>
            )}
        </div>
    );
}
