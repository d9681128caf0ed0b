import type { PartialTheme } from "@fluentui/react/lib/Theme";
import type { ConfigProblem } from "../contracts/configProblem";
import type { TriggerOutcome } from "../contracts/run";
import type { UserMessage } from "../contracts/userMessage";
import type { ButtonSettings } from "../settings/settings.types";

/** Looks a resx key up (context.resources.getString in the control). */
export type StringLookup = (key: string) => string;

export interface FlowTriggerButtonProps {
    readonly button: ButtonSettings;
    readonly getString: StringLookup;
    /** Why the button can't be used right now; undefined when it can. */
    readonly disabledReason?: UserMessage;
    /** Shown (with details) when the control is misconfigured. */
    readonly configProblems?: readonly ConfigProblem[];
    /** Settles with problems found after load (e.g. an environment variable that doesn't exist). */
    readonly preparation?: Promise<readonly ConfigProblem[]>;
    /** Starts one run. Called synchronously from the click. */
    readonly onRun: () => Promise<TriggerOutcome>;
    /** The user started pressing the button (pointer or key down): the click is likely to follow. */
    readonly onPress?: () => void;
    /** Told about every finished run (outputs, write-back). */
    readonly onOutcome?: (outcome: TriggerOutcome) => void;
    /** The setup page for this button; only for users who may customize forms, never with a sig. */
    readonly setupUrl?: string;
    /** The app's theme, when the host provides one. */
    readonly theme?: PartialTheme;
}
