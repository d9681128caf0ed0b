// Figures of the command-bar library (issue 11), which does not exist yet. While its built file is absent
// both functions answer "n/a" and their figures are not judged; once it lands, fill in measureManyRows.
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./pcfProject.mjs";
import { encodedSizes } from "./size.mjs";

/** Where the command library's build writes its one minified script. */
export const COMMAND_LIBRARY = path.join(ROOT, "out", "command", "FlowTriggerCommand.js");
const NOT_YET = { unavailable: "n/a (no command library yet)" };

export function commandLibraryExists() {
    return fs.existsSync(COMMAND_LIBRARY);
}

/** size.command.*: the built library, raw and gzip. */
export function measureCommandLibrarySize() {
    if (!commandLibraryExists()) return { "size.command.raw": NOT_YET, "size.command.gzip": NOT_YET };
    const sizes = encodedSizes(COMMAND_LIBRARY);
    return { "size.command.raw": [sizes.raw], "size.command.gzip": [sizes.gzip] };
}

/**
 * rows.*: 100 rows in per-row mode against a flow that answers after 200 ms, against the ideal
 * 100 / concurrency × 200 ms. To do with the library: a grid host page (local stack) that loads it, a flow
 * with { kind: "respond", delayMs: 200 }, the wall time of runForRows over 100 selected ids (several runs),
 * and rows.ratio = each run's time / ideal.
 */
export async function measureManyRows() {
    if (!commandLibraryExists()) return { "rows.perRow": NOT_YET, "rows.ideal": NOT_YET, "rows.ratio": NOT_YET };
    return {
        "rows.perRow": { unavailable: "n/a (the library exists; this measurement is not written yet)" },
        "rows.ideal": { unavailable: "n/a" },
        "rows.ratio": { unavailable: "n/a" },
    };
}
