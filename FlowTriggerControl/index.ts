import * as React from "react";
import solutionConfig from "../Solutions/solution.config.json";
import { FlowTriggerButton } from "./components/FlowTriggerButton";
import type { FlowTriggerButtonProps } from "./components/FlowTriggerButton.types";
import { themeFromHost } from "./components/hostTheme";
import type { IInputs, IOutputs } from "./generated/ManifestTypes";
import { readHostSnapshot, type HostSnapshot } from "./platform/hostContext";
import { createPcfServices, type PcfServices } from "./platform/pcfServices";
import { newCorrelationId } from "./run/correlationId";
import {
    configProblemsOf,
    createSession,
    disabledReasonFor,
    sessionKey,
    textForBoundField,
    type ControlSession,
} from "./composition";
import type { TriggerOutcome } from "./contracts/run";

/** The PCF adapter: lifecycle in, props out. The work happens in trigger/, flow/, auth/ and payload/. */
export class FlowTriggerControl implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private notifyOutputChanged: () => void;
    private services: PcfServices;
    private session?: ControlSession;
    private host?: HostSnapshot;
    private resources: ComponentFramework.Resources;
    private pendingOutput?: string;
    private readonly lifetime = new AbortController();

    public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged: () => void): void {
        this.notifyOutputChanged = notifyOutputChanged;
        this.services = createPcfServices(context);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        const host = readHostSnapshot(context);
        this.host = host;
        this.resources = context.resources;
        if (this.session?.key !== sessionKey(host)) {
            this.session = createSession(host, this.services, {
                fetch: (input, init) => window.fetch(input, init),
                publisherPrefix: solutionConfig.publisher.prefix,
                newCorrelationId,
            });
        }
        const { settings, runner, preparation } = this.session;
        const record = host.record;
        const props: FlowTriggerButtonProps = {
            button: settings.ok ? settings.settings.button : settings.button,
            getString: this.getString,
            disabledReason: disabledReasonFor(host, settings),
            configProblems: configProblemsOf(settings),
            preparation,
            onRun: () =>
                runner && record
                    ? runner.run({ record, signal: this.lifetime.signal })
                    : Promise.resolve<TriggerOutcome>({ kind: "failed", error: { key: "Disabled_Unsaved" } }),
            onOutcome: this.onOutcome,
            theme: themeFromHost(host.themeTokens),
        };
        return React.createElement(FlowTriggerButton, props);
    }

    public getOutputs(): IOutputs {
        if (this.pendingOutput === undefined) return {};
        const value = this.pendingOutput;
        this.pendingOutput = undefined;
        return { boundField: value };
    }

    public destroy(): void {
        // Ends runs in flight quietly: nothing is shown or written after the control is gone.
        this.lifetime.abort();
    }

    private readonly getString = (key: string): string => this.resources.getString(key);

    private readonly onOutcome = (outcome: TriggerOutcome): void => {
        const host = this.host;
        const settings = this.session?.settings;
        if (!host || !settings?.ok || !settings.settings.writeResponseToField) return;
        if (outcome.kind !== "succeeded" || !outcome.responseText || !host.boundField.editable) return;
        this.pendingOutput = textForBoundField(outcome.responseText, host.boundField.maxLength);
        this.notifyOutputChanged();
    };
}
