import * as React from "react";
import type { IInputs, IOutputs } from "./generated/ManifestTypes";

export class FlowTriggerControl implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    public init(): void {
        // wired in the next commit
    }

    public updateView(): React.ReactElement {
        return React.createElement("span", null, "FlowTriggerControl");
    }

    public getOutputs(): IOutputs {
        return {};
    }

    public destroy(): void {
        // nothing yet
    }
}
