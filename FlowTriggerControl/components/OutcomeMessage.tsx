/** @jsx h */
/** @jsxFrag Fragment */
import { Link, MessageBar, MessageBarType, Text } from "@fluentui/react";
import { h, Fragment } from "./jsx";
import type { OutcomeView } from "../viewModel";

// Long answers, URLs and references wrap inside a narrow column instead of widening it.
const BAR_STYLES = { root: { minWidth: 0 }, text: { minWidth: 0 }, innerText: { overflowWrap: "anywhere" as const } };

export interface OutcomeMessageProps {
    /** Undefined while no run has finished (or after the user dismissed the message). */
    readonly outcome?: OutcomeView;
    /** Where the user can act on the message (e.g. open the record in its own tab), opened in a new tab (no opener). */
    readonly link?: { readonly text: string; readonly href: string };
    readonly dismissLabel: string;
    readonly onDismiss: () => void;
}

/** The live region for a run's outcome. Always rendered, so screen readers announce the message when it appears. */
export function OutcomeMessage(props: OutcomeMessageProps) {
    const { outcome, link } = props;
    return (
        <div role="status" aria-live="polite" data-testid="flow-trigger-status">
            {outcome && (
                <MessageBar
                    // Each tone is named as Fluent's MessageBarType member.
                    messageBarType={MessageBarType[outcome.tone]}
                    role="none"
                    delayedRender={false}
                    isMultiline
                    styles={BAR_STYLES}
                    onDismiss={props.onDismiss}
                    dismissButtonAriaLabel={props.dismissLabel}
                >
                    {outcome.text}
                    {outcome.notices?.map((notice) => (
                        <Fragment key={notice}>
                            <br />
                            <span>{notice}</span>
                        </Fragment>
                    ))}
                    {link && (
                        <>
                            {" "}
                            <Link href={link.href} target="_blank">
                                {link.text}
                            </Link>
                        </>
                    )}
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
