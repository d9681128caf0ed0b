/** @jsx h */
import { Link, Spinner, SpinnerSize, Stack, ThemeProvider } from "@fluentui/react";
import * as React from "react";
import { h } from "./jsx";
import { message, type UserMessage } from "../contracts/userMessage";
import { useReasonId } from "../hooks/useReasonId";
import { useOutcomeReport } from "../hooks/useOutcomeReport";
import { usePreparation } from "../hooks/usePreparation";
import { useRunState } from "../hooks/useRunState";
import { formatMessage } from "../strings/messages";
import { describeOutcome, isSetupFailure } from "../viewModel";
import { DisabledReason } from "./ConfigProblemList";
import { ConfirmDialog } from "./ConfirmDialog";
import type { FlowTriggerButtonProps } from "./FlowTriggerButton.types";
import { OutcomeMessage } from "./OutcomeMessage";
import { RunButton } from "./RunButton";

const stackTokens = { childrenGap: 6 };
// Hosts may centre their content (the pcf-start harness does); a form field reads from the start edge.
const rootStyles = { root: { textAlign: "start" as const } };
const rowTokens = { childrenGap: 8 };
// Not Stack's `wrap`: its inner box is wider than the row by the gap, which overflows a narrow column.
const rowStyles = { root: { flexWrap: "wrap" as const, minWidth: 0 } };

/**
 * The control's view: the button, its busy state, why it is disabled, the confirmation dialog and
 * the outcome message. Knows nothing about PCF; everything comes in through typed props.
 */
export const FlowTriggerButton = React.memo(function FlowTriggerButton(props: FlowTriggerButtonProps) {
    const { button, getString, theme } = props;
    const lateProblems = usePreparation(props.preparation);
    const configProblems = lateProblems[0] ? lateProblems : (props.configProblems ?? []);
    const disabledReason: UserMessage | undefined = lateProblems[0]
        ? message("Disabled_Misconfigured")
        : props.disabledReason;
    const { state, start, confirm, backToIdle } = useRunState(props.onRun, button.confirmationText !== "");
    useOutcomeReport(state, props.onOutcome);
    const reasonId = useReasonId();

    const running = state.phase === "running";
    const reasonText = disabledReason ? formatMessage(getString, disabledReason) : undefined;
    const finished = state.phase === "done" ? state.outcome : undefined;
    const outcome = finished && describeOutcome(finished, button.successMessage, getString);
    const link = finished?.kind === "failed" ? finished.error.link : undefined;

    const content = (
        <Stack tokens={stackTokens} styles={rootStyles} className="flowTriggerControl">
            <Stack horizontal verticalAlign="center" tokens={rowTokens} styles={rowStyles}>
                <RunButton
                    button={button}
                    defaultLabel={getString("Button_DefaultLabel")}
                    disabled={reasonText !== undefined || running}
                    running={running}
                    describedBy={reasonText ? reasonId : undefined}
                    onClick={start}
                    // With a confirmation the run starts at the dialog's button, not at this press.
                    onPress={button.confirmationText === "" ? props.onPress : undefined}
                />
                {running && (
                    <Spinner size={SpinnerSize.small} label={getString("Message_Running")} labelPosition="right" />
                )}
            </Stack>
            {reasonText !== undefined && (
                <DisabledReason id={reasonId} reasonText={reasonText} problems={configProblems} getString={getString} />
            )}
            <OutcomeMessage
                outcome={outcome}
                link={link && { text: getString(link.key), href: link.href }}
                dismissLabel={getString("Message_Dismiss")}
                onDismiss={backToIdle}
            />
            {props.setupUrl && (configProblems[0] || isSetupFailure(finished)) && (
                // A new tab opened by a link gets no opener (target=_blank implies noopener in current browsers).
                <Link href={props.setupUrl} target="_blank">
                    {getString("Button_CheckSetup")}
                </Link>
            )}
            {/* Mounted only while asking: a hidden Fluent dialog still costs the first render. */}
            {state.phase === "confirming" && (
                <ConfirmDialog
                    text={button.confirmationText}
                    getString={getString}
                    onConfirm={confirm}
                    onCancel={backToIdle}
                />
            )}
        </Stack>
    );

    return theme ? <ThemeProvider theme={theme}>{content}</ThemeProvider> : content;
});
