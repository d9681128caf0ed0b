#!/usr/bin/env node
/**
 * Runs a pcf-scripts / pcf-start command with telemetry off (telemetryOff.mjs) and checks its verdict.
 *
 * Why: both tools probe a cloud metadata address unless telemetry is switched off, and `pcf-scripts build`
 * prints "[build] Failed" yet exits 0. This wrapper sets the environment and turns that verdict into the exit code.
 *
 * Usage: node scripts/pcf.mjs build [development|production] [pcf-scripts build args…]
 *        node scripts/pcf.mjs clean [pcf-scripts clean args…]
 *        node scripts/pcf.mjs refreshTypes
 *        node scripts/pcf.mjs start [pcf-start args…]
 * A `--buildMode X` among the arguments (Microsoft's MSBuild targets pass one) wins over the positional mode.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { offlineEnv } from "./telemetryOff.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/**
 * @param {string} pkg
 * @param {string} bin
 * @returns {string}
 */
function binPath(pkg, bin) {
    const pkgJsonPath = require.resolve(`${pkg}/package.json`, { paths: [root] });
    const pkgJson = require(pkgJsonPath);
    const rel = typeof pkgJson.bin === "string" ? pkgJson.bin : pkgJson.bin[bin];
    return path.join(path.dirname(pkgJsonPath), rel);
}

/**
 * Runs node <script> args, echoing output; resolves with { code, output }.
 * @param {string} script
 * @param {readonly string[]} args
 * @param {{ echo?: boolean }} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
export function runNode(script, args, { echo = true } = {}) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [script, ...args], {
            cwd: root,
            env: offlineEnv(),
            stdio: ["inherit", "pipe", "pipe"],
        });
        let output = "";
        /**
         * @param {import("node:stream").Readable} stream
         * @param {NodeJS.WriteStream} target
         */
        const collect = (stream, target) =>
            stream.on("data", (/** @type {Buffer} */ chunk) => {
                output += chunk.toString();
                if (echo) target.write(chunk);
            });
        collect(child.stdout, process.stdout);
        collect(child.stderr, process.stderr);
        child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    });
}

async function typeCheck() {
    const tsc = binPath("typescript", "tsc");
    const result = await runNode(tsc, ["--noEmit", "-p", "tsconfig.json"]);
    if (result.code !== 0) {
        console.error("[build] Type check (tsc --noEmit) failed.");
        return false;
    }
    return true;
}

/**
 * Splits "[mode] [args…]" into the build mode and the arguments passed on to pcf-scripts.
 * @param {readonly string[]} args
 */
export function buildArguments(args) {
    const rest = [...args];
    let mode = rest[0] && !rest[0].startsWith("-") ? rest.shift() : "development";
    const flag = rest.indexOf("--buildMode");
    if (flag !== -1) {
        mode = rest[flag + 1] ?? mode;
        rest.splice(flag, 2);
    }
    return { mode, passThrough: rest };
}

/** @param {readonly string[]} args */
async function build(args) {
    const { mode, passThrough } = buildArguments(args);
    if (mode !== "development" && mode !== "production") {
        console.error(`Unknown build mode "${mode}": use development or production.`);
        return 2;
    }
    // pcf-scripts writes generated/ManifestTypes.d.ts first; on a fresh clone tsc needs it, so build before the type check.
    const pcfScripts = binPath("pcf-scripts", "pcf-scripts");
    const result = await runNode(pcfScripts, ["build", "--buildMode", mode, ...passThrough]);
    if (result.code !== 0 || !result.output.includes("[build] Succeeded") || result.output.includes("[build] Failed")) {
        console.error(
            `[build] pcf-scripts did not report success (exit ${result.code}); treating the build as failed.`,
        );
        return 1;
    }
    return (await typeCheck()) ? 0 : 1;
}

/** @param {readonly string[]} args */
async function clean(args) {
    const result = await runNode(binPath("pcf-scripts", "pcf-scripts"), ["clean", ...args]);
    return result.code;
}

/** @param {readonly string[]} args */
async function refreshTypes(args) {
    const result = await runNode(binPath("pcf-scripts", "pcf-scripts"), ["refreshTypes", ...args]);
    return result.code;
}

/** @param {readonly string[]} args */
async function start(args) {
    const pcfStart = binPath("pcf-start", "pcf-start");
    const result = await runNode(pcfStart, args);
    return result.code;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
    const [command, ...rest] = process.argv.slice(2);
    let code;
    if (command === "build") code = await build(rest);
    else if (command === "clean") code = await clean(rest);
    else if (command === "refreshTypes") code = await refreshTypes(rest);
    else if (command === "start") code = await start(rest);
    else {
        console.error(
            "Usage: node scripts/pcf.mjs build [development|production] [args] | clean [args] | refreshTypes | start [args]",
        );
        code = 2;
    }
    process.exitCode = code;
}
