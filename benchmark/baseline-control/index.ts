import { PrimaryButton } from "@fluentui/react";
import * as React from "react";

/** The inputs of ControlManifest.template.xml, written out: the generated types exist only in the temporary build. */
interface BareInputs {
    boundField: ComponentFramework.PropertyTypes.StringProperty;
    buttonLabel: ComponentFramework.PropertyTypes.StringProperty;
}

/** Baseline for the benchmark: what any virtual control with a Fluent button costs. */
export class FlowTriggerControl implements ComponentFramework.ReactControl<BareInputs, object> {
    public init(): void {
        // nothing to set up
    }

    public updateView(context: ComponentFramework.Context<BareInputs>): React.ReactElement {
        return React.createElement(PrimaryButton, { text: context.parameters.buttonLabel.raw ?? "" });
    }

    public getOutputs(): object {
        return {};
    }

    public destroy(): void {
        // nothing to release
    }
}
