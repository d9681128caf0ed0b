/** @jsx h */
/** @jsxFrag Fragment */
import { Link, Text } from "@fluentui/react";
import * as React from "react";
import { h, Fragment } from "./jsx";
import type { ConfigProblem } from "../contracts/configProblem";
import { formatMessage } from "../strings/messages";
import type { StringLookup } from "./FlowTriggerButton.types";

export interface DisabledReasonProps {
    readonly id: string;
    readonly reasonText: string;
    readonly problems: readonly ConfigProblem[];
    readonly getString: StringLookup;
}

/** Why the button is disabled, with "Show details" listing each configuration problem by property. */
export function DisabledReason(props: DisabledReasonProps) {
    const { problems, getString } = props;
    const [showDetails, setShowDetails] = React.useState(false);
    const hasProblems = problems.length > 0;
    return (
        <>
            <Text id={props.id} variant="small">
                {props.reasonText}
                {hasProblems && (
                    <>
                        {" "}
                        <Link onClick={() => setShowDetails((v) => !v)} aria-expanded={showDetails}>
                            {getString(showDetails ? "Config_HideDetails" : "Config_ShowDetails")}
                        </Link>
                    </>
                )}
            </Text>
            {showDetails && hasProblems && <ConfigProblemList problems={problems} getString={getString} />}
        </>
    );
}

export interface ConfigProblemListProps {
    readonly problems: readonly ConfigProblem[];
    readonly getString: StringLookup;
}

/** One line per problem: the property's display name, then what is wrong with it. */
export function ConfigProblemList({ problems, getString }: ConfigProblemListProps) {
    return (
        // Long host names and URLs in a message wrap inside a narrow column instead of running out of it.
        <ul data-testid="flow-trigger-config-problems" style={{ wordBreak: "break-word" }}>
            {problems.map((problem, index) => (
                <li key={index}>
                    <Text variant="small">
                        <strong>{getString(`Property_${problem.property}_DisplayName`)}</strong>
                        {": "}
                        {formatMessage(getString, problem.reason)}
                    </Text>
                </li>
            ))}
        </ul>
    );
}
