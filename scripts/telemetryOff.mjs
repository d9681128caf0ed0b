/**
 * The one definition of "PCF tools stay offline". pcf-scripts and pcf-start start an Application Insights client
 * that probes a cloud metadata address unless both variables are set, so every script that spawns them (or spawns
 * an npm script that does) passes this environment. npm scripts call those scripts instead of repeating the pair.
 */

export const TELEMETRY_OFF = Object.freeze({
    PP_TOOLS_TELEMETRY_OPTOUT: "true",
    APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
});

/**
 * @param {NodeJS.ProcessEnv} [base]
 * @returns {NodeJS.ProcessEnv} base with telemetry switched off
 */
export function offlineEnv(base = process.env) {
    return { ...base, ...TELEMETRY_OFF };
}
