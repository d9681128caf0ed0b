import type { UserMessage } from "./userMessage";

/** A configuration problem as a maker should read it: which property, what is wrong. */
export interface ConfigProblem<Property extends string = string> {
    readonly property: Property;
    readonly reason: UserMessage;
}
