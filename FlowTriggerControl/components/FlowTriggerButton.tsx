import {
    DefaultButton,
    Dialog,
    DialogFooter,
    DialogType,
    IconButton,
    Link,
    MessageBar,
    MessageBarType,
    PrimaryButton,
    Spinner,
    SpinnerSize,
    Stack,
    Text,
    ThemeProvider,
    type IButtonProps,
    type IIconProps,
} from "@fluentui/react";
import * as React from "react";
import { formatMessage, type UserMessage } from "../strings/messages";
import { useRunState } from "../hooks/useRunState";
import type { TriggerOutcome } from "../contracts/run";
import type { ConfigProblem, FlowTriggerButtonProps, StringLookup } from "./FlowTriggerButton.types";
import { ensureIconRegistered } from "./iconRegistry";

/** Messages from a flow are shown as plain text and never longer than this. */
export const MAX_SHOWN_MESSAGE_LENGTH = 500;

const stackTokens = { childrenGap: 6 };
// Hosts may centre their content (the pcf-start harness does); a form field reads from the start edge.
const rootStyles = { root: { textAlign: "start" as const } };
const rowTokens = { childrenGap: 8 };

export function capText(text: string, max = MAX_SHOWN_MESSAGE_LENGTH): string {
    // eslint-disable-next-line no-control-regex -- strip control characters a hostile response may carry
    const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
    return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function firstNonEmpty(...values: (string | undefined)[]): string | undefined {
    return values.find((value) => value !== undefined && value.trim() !== "");
}

interface OutcomeView {
    readonly type: MessageBarType;
    readonly text: string;
    readonly reference?: string;
}

function describeOutcome(outcome: TriggerOutcome, successMessage: string, getString: StringLookup): OutcomeView {
    const fmt = (m: UserMessage): string => formatMessage(getString, m);
    switch (outcome.kind) {
        case "succeeded":
            return {
                type: MessageBarType.success,
                text: capText(firstNonEmpty(successMessage, outcome.responseText) ?? getString("Message_RunSucceeded")),
            };
        case "started":
            return { type: MessageBarType.info, text: getString("Message_RunStarted") };
        case "failed": {
            const text = capText(fmt(outcome.error));
            // Most flow errors already quote the id as their tracking ID; add it only where they don't.
            const id = outcome.correlationId;
            return {
                type: MessageBarType.error,
                text,
                reference: id && !text.includes(id) ? fmt({ key: "Message_Reference", args: [id] }) : undefined,
            };
        }
    }
}

/**
 * The control's view: a Fluent v8 button, an optional confirmation dialog, a busy state and a
 * status message bar. Knows nothing about PCF; everything comes in through typed props.
 */
export const FlowTriggerButton = React.memo(function FlowTriggerButton(props: FlowTriggerButtonProps) {
    const { button, getString, onRun, onOutcome, theme, preparation } = props;
    const lateProblems = usePreparation(preparation);
    const configProblems = lateProblems.length > 0 ? lateProblems : props.configProblems;
    const disabledReason: UserMessage | undefined =
        lateProblems.length > 0 ? { key: "Disabled_Misconfigured" } : props.disabledReason;
    const needsConfirmation = button.confirmationText !== "";
    const { state, start, confirm, cancel, dismiss } = useRunState(onRun, needsConfirmation);
    const [showDetails, setShowDetails] = React.useState(false);
    const instanceId = useInstanceId("flowTrigger");
    const reasonId = `${instanceId}-reason`;

    const lastReported = React.useRef<TriggerOutcome | undefined>(undefined);
    React.useEffect(() => {
        if (state.phase === "done" && lastReported.current !== state.outcome) {
            lastReported.current = state.outcome;
            onOutcome?.(state.outcome);
        }
    }, [state, onOutcome]);

    const running = state.phase === "running";
    const defaultLabel = getString("Button_DefaultLabel");
    const iconOnly = button.label === "" && button.icon !== undefined;
    const visibleLabel = button.label || defaultLabel;
    const accessibleName = button.accessibleLabel || visibleLabel;
    const iconProps: IIconProps | undefined = React.useMemo(() => {
        if (!button.icon) return undefined;
        ensureIconRegistered(button.icon);
        return { iconName: button.icon };
    }, [button.icon]);

    const reasonText = disabledReason ? formatMessage(getString, disabledReason) : undefined;
    const disabled = reasonText !== undefined || running;

    const buttonProps: IButtonProps = {
        onClick: start,
        disabled,
        // Keeps a disabled button focusable so keyboard and screen reader users hear why it is disabled.
        allowDisabledFocus: true,
        iconProps,
        ariaLabel: accessibleName,
        "aria-describedby": reasonText ? reasonId : undefined,
        "aria-busy": running,
        title: iconOnly ? accessibleName : undefined,
        "data-testid": "flow-trigger-button",
    } as IButtonProps;

    let buttonElement: React.ReactElement;
    if (iconOnly) buttonElement = <IconButton {...buttonProps} />;
    else if (button.appearance === "primary") buttonElement = <PrimaryButton {...buttonProps} text={visibleLabel} />;
    else buttonElement = <DefaultButton {...buttonProps} text={visibleLabel} />;

    const outcomeView =
        state.phase === "done" ? describeOutcome(state.outcome, button.successMessage, getString) : undefined;

    const content = (
        <Stack tokens={stackTokens} styles={rootStyles} className="flowTriggerControl">
            <Stack horizontal verticalAlign="center" tokens={rowTokens} wrap>
                {buttonElement}
                {running && (
                    <Spinner size={SpinnerSize.small} label={getString("Message_Running")} labelPosition="right" />
                )}
            </Stack>
            {reasonText !== undefined && (
                <Text id={reasonId} variant="small" data-testid="flow-trigger-disabled-reason">
                    {reasonText}
                    {configProblems && configProblems.length > 0 && (
                        <>
                            {" "}
                            <Link onClick={() => setShowDetails((v) => !v)} aria-expanded={showDetails}>
                                {getString(showDetails ? "Config_HideDetails" : "Config_ShowDetails")}
                            </Link>
                        </>
                    )}
                </Text>
            )}
            {showDetails && configProblems && configProblems.length > 0 && (
                <ul className="flowTriggerControl-problems" data-testid="flow-trigger-config-problems">
                    {configProblems.map((problem, index) => (
                        <li key={`${problem.property}-${index}`}>
                            <Text variant="small">
                                <strong>{getString(`Property_${problem.property}_DisplayName`)}</strong>
                                {": "}
                                {formatMessage(getString, problem.reason)}
                            </Text>
                        </li>
                    ))}
                </ul>
            )}
            {/* Always rendered, so screen readers announce the message when it appears. */}
            <div role="status" aria-live="polite" data-testid="flow-trigger-status">
                {outcomeView && (
                    <MessageBar
                        messageBarType={outcomeView.type}
                        role="none"
                        delayedRender={false}
                        isMultiline
                        onDismiss={dismiss}
                        dismissButtonAriaLabel={getString("Message_Dismiss")}
                    >
                        {outcomeView.text}
                        {outcomeView.reference && (
                            <>
                                <br />
                                <Text variant="small">{outcomeView.reference}</Text>
                            </>
                        )}
                    </MessageBar>
                )}
            </div>
            <Dialog
                hidden={state.phase !== "confirming"}
                onDismiss={cancel}
                dialogContentProps={{
                    type: DialogType.normal,
                    title: getString("Confirm_Title"),
                    subText: button.confirmationText,
                }}
                modalProps={{ isBlocking: true }}
            >
                <DialogFooter>
                    <PrimaryButton onClick={confirm} text={getString("Confirm_Run")} />
                    <DefaultButton onClick={cancel} text={getString("Confirm_Cancel")} />
                </DialogFooter>
            </Dialog>
        </Stack>
    );

    return theme ? <ThemeProvider theme={theme}>{content}</ThemeProvider> : content;
});

const NO_PROBLEMS: readonly ConfigProblem[] = [];

/** Problems the control only learns after load; the button stays usable while they are pending. */
function usePreparation(preparation: Promise<readonly ConfigProblem[]> | undefined): readonly ConfigProblem[] {
    const [problems, setProblems] = React.useState<readonly ConfigProblem[]>(NO_PROBLEMS);
    React.useEffect(() => {
        setProblems(NO_PROBLEMS);
        if (!preparation) return undefined;
        let current = true;
        const settle = async (): Promise<void> => {
            const found = await preparation;
            if (current) setProblems(found.length > 0 ? found : NO_PROBLEMS);
        };
        void settle();
        return () => {
            current = false;
        };
    }, [preparation]);
    return problems;
}

let nextInstance = 0;
/** React 16 has no useId: a per-instance id for aria-describedby. */
function useInstanceId(prefix: string): string {
    const ref = React.useRef<string>();
    ref.current ??= `${prefix}-${++nextInstance}`;
    return ref.current;
}
