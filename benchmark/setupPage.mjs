// Figures of the setup page (issue 16): the size of its script as built (out/setup/Setup.js), the one file of the
// page that grows with the code; Setup.html and Setup.css are shipped as written.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./pcfProject.mjs";
import { encodedSizes } from "./size.mjs";

/** Where the setup page's build writes its one minified script. */
export const SETUP_SCRIPT = path.join(ROOT, "out", "setup", "Setup.js");
const NOT_BUILT = { unavailable: "n/a (the setup page did not build)" };

/** size.setup.*: the built script, raw and gzip; builds it (npm run build:setup) unless `reuseBuilds` and it exists. */
export function measureSetupPageSize({ reuseBuilds = false, log = () => undefined } = {}) {
    if (!(reuseBuilds && fs.existsSync(SETUP_SCRIPT))) {
        log("building the setup page (npm run build:setup) …");
        const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-setup.mjs")], {
            cwd: ROOT,
            encoding: "utf8",
        });
        if (result.status !== 0) log(`setup page build failed:\n${result.stderr || result.stdout}`);
        if (result.status !== 0 || !fs.existsSync(SETUP_SCRIPT))
            return { "size.setup.raw": NOT_BUILT, "size.setup.gzip": NOT_BUILT };
    }
    const sizes = encodedSizes(SETUP_SCRIPT);
    return { "size.setup.raw": [sizes.raw], "size.setup.gzip": [sizes.gzip] };
}
