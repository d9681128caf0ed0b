import { createCommandLibrary } from "./commandLibrary";
import type { StringTable } from "../strings/stringTable";
import { readXrm, userLanguageId, xrmDialogs, xrmHostDefaults, xrmServices } from "./xrmAdapter";

/**
 * Entry of FlowTriggerCommand.js. The build (scripts/build-command.mjs) replaces __FTC_COMMAND_STRINGS__
 * with the resx texts the library uses, __FTC_PUBLISHER_PREFIX__ with the solution's prefix, and exposes these exports as the global `FlowTriggerCommand`.
 */
declare const __FTC_COMMAND_STRINGS__: StringTable;
/** The solution publisher's prefix (Solutions/solution.config.json), which names the sign-in web resource. */
declare const __FTC_PUBLISHER_PREFIX__: string;

const library = createCommandLibrary({
    strings: __FTC_COMMAND_STRINGS__,
    host: () => {
        const xrm = readXrm(globalThis);
        if (!xrm) return undefined;
        return {
            dialogs: xrmDialogs(xrm),
            languageId: userLanguageId(xrm),
            hostDefaults: xrmHostDefaults(window.location.origin, __FTC_PUBLISHER_PREFIX__),
            services: xrmServices(xrm, window),
        };
    },
});

export const runForRows = library.runForRows;
export const runForForm = library.runForForm;
