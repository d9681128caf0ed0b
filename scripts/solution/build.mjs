/**
 * The production build the solution ships: running `npm run build:prod` (the control) and `npm run build:command`
 * (the command-bar library, a web resource), and checking that the output is fresh.
 */
import { spawn } from "node:child_process";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { offlineEnv } from "../telemetryOff.mjs";

const BUILD_SCRIPT = "build:prod";
const COMMAND_LIBRARY_SCRIPT = "build:command";
/** The setup page's script (out/setup/Setup.js), a web resource too. */
const SETUP_PAGE_SCRIPT = "build:setup";
const OUTPUT_TAIL_LIMIT = 200_000;

/**
 * Runs `npm run build:prod` in the project root, streaming its output.
 * pcf-scripts exits 0 even when the build fails, so its "[build] Failed" line is checked too.
 * @param {object} input
 * @param {string} input.root
 * @param {string} input.packageJson
 * @param {(text: string) => void} [input.echo] receives the build output as it arrives
 * @returns {Promise<{ startedAt: number }>} wall-clock start, for the freshness check
 */
export async function runProductionBuild({ root, packageJson, echo = (text) => process.stdout.write(text) }) {
    const scripts = JSON.parse(await readFile(packageJson, "utf8")).scripts ?? {};
    if (typeof scripts[BUILD_SCRIPT] !== "string") {
        throw new Error(
            `package.json has no "${BUILD_SCRIPT}" script. Add it (pcf-scripts build --buildMode production), or build yourself and pass --no-build.`,
        );
    }
    const startedAt = Date.now();
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const { code, output } = await runCommand(
        npm,
        ["run", BUILD_SCRIPT],
        {
            cwd: root,
            env: offlineEnv(),
            shell: process.platform === "win32",
        },
        echo,
    );
    if (code !== 0) {
        throw new Error(`npm run ${BUILD_SCRIPT} exited with code ${code}.`);
    }
    if (/\[build\] Failed/.test(output)) {
        throw new Error(
            `npm run ${BUILD_SCRIPT} reported "[build] Failed" (pcf-scripts exits 0 on failure). See the output above.`,
        );
    }
    await runCommandLibraryBuild({ root, packageJson, echo });
    return { startedAt };
}

/**
 * Runs `npm run build:command` and `npm run build:setup` when package.json has them (the command-bar library,
 * out/command/FlowTriggerCommand.js, and the setup page's script, out/setup/Setup.js).
 * @param {object} input
 * @param {string} input.root
 * @param {string} input.packageJson
 * @param {(text: string) => void} [input.echo]
 * @returns {Promise<boolean>} whether it ran
 */
export async function runCommandLibraryBuild({ root, packageJson, echo = (text) => process.stdout.write(text) }) {
    const scripts = JSON.parse(await readFile(packageJson, "utf8")).scripts ?? {};
    let ran = false;
    for (const script of [COMMAND_LIBRARY_SCRIPT, SETUP_PAGE_SCRIPT]) {
        if (typeof scripts[script] !== "string") continue;
        const npm = process.platform === "win32" ? "npm.cmd" : "npm";
        const { code } = await runCommand(
            npm,
            ["run", script],
            { cwd: root, env: offlineEnv(), shell: process.platform === "win32" },
            echo,
        );
        if (code !== 0) throw new Error(`npm run ${script} exited with code ${code}.`);
        ran = true;
    }
    return ran;
}

/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {import("node:child_process").SpawnOptions} options
 * @param {(text: string) => void} echo
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function runCommand(command, args, options, echo) {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        /** @param {Buffer} chunk */
        const collect = (chunk) => {
            const text = chunk.toString("utf8");
            echo(text);
            output = (output + text).slice(-OUTPUT_TAIL_LIMIT);
        };
        child.stdout?.on("data", collect);
        child.stderr?.on("data", collect);
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, output }));
    });
}

/**
 * The built control must be newer than every control source file (and, when this run built it,
 * written by this run). Catches "packaged yesterday's bundle" and "build silently skipped".
 * @param {object} input
 * @param {string} input.controlSourceDir FlowTriggerControl/
 * @param {readonly string[]} [input.otherSources] files outside it that the bundle also compiles in (solution.config.json)
 * @param {readonly string[]} input.builtFiles absolute paths (manifest, bundle)
 * @param {number} [input.notBefore] epoch ms; built files must be at least this new
 * @returns {Promise<void>}
 */
export async function assertBuildIsFresh({ controlSourceDir, otherSources = [], builtFiles, notBefore }) {
    let newestSource = await newestModification(controlSourceDir);
    for (const file of otherSources) {
        const { mtimeMs } = await stat(file);
        if (newestSource === undefined || mtimeMs > newestSource.mtimeMs) newestSource = { file, mtimeMs };
    }
    // File systems round mtimes (up to 2 s on some); allow that much.
    const tolerance = 2000;
    for (const file of builtFiles) {
        const built = (await stat(file)).mtimeMs;
        if (newestSource !== undefined && built + tolerance < newestSource.mtimeMs) {
            throw new Error(
                `The build output ${file} is older than ${newestSource.file}. Rebuild (npm run build:prod) or drop --no-build.`,
            );
        }
        if (notBefore !== undefined && built + tolerance < notBefore) {
            throw new Error(`The build did not rewrite ${file}. Check the build output above.`);
        }
    }
}

/**
 * Newest file under the control sources, skipping generated types. Bounded in depth and count.
 * @param {string} dir
 * @returns {Promise<{ file: string, mtimeMs: number } | undefined>}
 */
async function newestModification(dir) {
    /** @type {{ file: string, mtimeMs: number } | undefined} */
    let newest;
    let visited = 0;
    const pending = [{ dir, depth: 0 }];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
        const entries = await readdir(current.dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            if (++visited > 20000) throw new Error(`Too many files under ${dir}.`);
            const full = path.join(current.dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== "generated" && entry.name !== "node_modules" && current.depth < 12) {
                    pending.push({ dir: full, depth: current.depth + 1 });
                }
            } else if (entry.isFile()) {
                const { mtimeMs } = await stat(full);
                if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
            }
        }
    }
    return newest;
}
