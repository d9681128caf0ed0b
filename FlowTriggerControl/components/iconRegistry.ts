import { getIcon, initializeIcons } from "@fluentui/react";

let initialized = false;

/**
 * Registers Fluent's MDL2 icon font once, and only when the host hasn't registered the icon itself
 * (model-driven apps may already have; registering twice only warns, which we silence).
 */
export function ensureIconRegistered(iconName: string): void {
    if (initialized || getIcon(iconName)) return;
    initialized = true;
    initializeIcons(undefined, { disableWarnings: true });
}
