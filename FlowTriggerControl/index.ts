import type { PartialTheme } from "@fluentui/react";
import * as React from "react";
import { FlowTriggerButton } from "./components/FlowTriggerButton";
import type { FlowTriggerButtonProps } from "./components/FlowTriggerButton.types";
import { themeFromHost } from "./components/hostTheme";
import { createSession, sessionKey, SOLUTION_PUBLISHER_PREFIX, type ControlSession } from "./composition";
import type { TriggerOutcome } from "./contracts/run";
import { message } from "./contracts/userMessage";
import type { IInputs, IOutputs } from "./generated/ManifestTypes";
import { readEventRaiser, type RaiseRunEvent } from "./platform/controlEvents";
import { createHostForm } from "./platform/formData";
import { readHostSnapshot, type HostSnapshot } from "./platform/hostContext";
import { createPcfServices, type PcfServices } from "./platform/pcfServices";
import { runOnForm } from "./run/unsavedChanges";
import { setupPageUrl } from "./settings/setupPageLink";
import { buttonSettingsOf, configProblemsOf, disabledReasonFor, runEventFor, textForBoundField } from "./viewModel";

/** The PCF adapter: lifecycle in, props out. composition.ts builds the session; run/ does the work. */
export class FlowTriggerControl implements ComponentFramework.ReactControl<IInputs, IOutputs> {
    private notifyOutputChanged: () => void = () => undefined;
    private services?: PcfServices;
    private session?: ControlSession;
    private host?: HostSnapshot;
    private resources?: ComponentFramework.Resources;
    private pendingOutput?: string;
    private raiseEvent: RaiseRunEvent = () => undefined;
    private theme?: { readonly key: string; readonly value: PartialTheme | undefined };
    private readonly lifetime = new AbortController();

    // PCF constructs the control without arguments (fetch is then window.fetch); tests pass their own.
    // Not a named exported type: the PCF build allows index.ts exactly one export.
    constructor(private readonly options: { readonly fetch?: typeof fetch } = {}) {}

    public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged: () => void): void {
        this.notifyOutputChanged = notifyOutputChanged;
        this.services = createPcfServices(context);
    }

    public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
        const host = readHostSnapshot(context);
        this.host = host;
        this.resources = context.resources;
        this.raiseEvent = readEventRaiser(context);
        this.services ??= createPcfServices(context);
        if (this.session?.key !== sessionKey(host)) {
            this.session = createSession(host, this.services, this.options);
        }
        const { settings, preparation } = this.session;
        const props: FlowTriggerButtonProps = {
            button: buttonSettingsOf(settings),
            getString: this.getString,
            disabledReason: disabledReasonFor(host, settings),
            configProblems: configProblemsOf(settings),
            preparation,
            onRun: this.onRun,
            onPress: this.onPress,
            onOutcome: this.onOutcome,
            theme: this.themeFor(host),
            setupUrl: host.canCustomize
                ? setupPageUrl(host.origin, SOLUTION_PUBLISHER_PREFIX, host.raw, host.record)
                : undefined,
        };
        return React.createElement(FlowTriggerButton, props);
    }

    public getOutputs(): IOutputs {
        const boundField = this.pendingOutput;
        this.pendingOutput = undefined;
        return boundField === undefined ? {} : { boundField };
    }

    public destroy(): void {
        // Ends runs in flight quietly: nothing is shown or written after the control is gone.
        this.lifetime.abort();
    }

    private readonly getString = (key: string): string => this.resources?.getString(key) ?? key;

    /**
     * Called synchronously from the click, so a sign-in window still opens inside it. Around the run: the
     * form's unsaved changes (save first, or say they weren't sent), the refresh after it, and the events.
     */
    private readonly onRun = async (): Promise<TriggerOutcome> => {
        const session = this.session;
        const record = this.host?.record;
        if (!session?.runner || !record || !session.settings.ok) {
            return { kind: "failed", error: message("Disabled_Unsaved") };
        }
        const runner = session.runner;
        const settings = session.settings.settings;
        const signal = this.lifetime.signal;
        // An async function runs synchronously up to its first await: runOnForm starts inside the click.
        const outcome = await runOnForm({
            policy: settings.unsavedChanges,
            refreshAfterRun: settings.refreshAfterRun,
            form: createHostForm(record),
            run: (beforeRun) => runner.run({ record, signal, beforeRun }),
        });
        if (!signal.aborted) {
            const event = runEventFor(outcome, settings.button.successMessage, this.getString);
            this.raiseEvent(event.name, event.params);
        }
        return outcome;
    };

    /** The press before a click: start its work, unless a save (ours or autosave's) could change the record. */
    private readonly onPress = (): void => {
        const record = this.host?.record;
        if (record && createHostForm(record).isDirty() !== true) this.session?.runner?.prepareClick(record);
    };

    private readonly onOutcome = (outcome: TriggerOutcome): void => {
        const host = this.host;
        const settings = this.session?.settings;
        if (!host || !settings?.ok || !settings.settings.writeResponseToField) return;
        if (outcome.kind !== "succeeded" || !outcome.responseText || !host.boundField.editable) return;
        this.pendingOutput = textForBoundField(outcome.responseText, host.boundField.maxLength);
        this.notifyOutputChanged();
    };

    /** The same theme object while the host's tokens are the same, so React.memo can skip re-rendering. */
    private themeFor(host: HostSnapshot): PartialTheme | undefined {
        const key = JSON.stringify(host.themeTokens ?? null);
        if (this.theme?.key !== key) this.theme = { key, value: themeFromHost(host.themeTokens) };
        return this.theme.value;
    }
}
