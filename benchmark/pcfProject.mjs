// Production builds of PCF controls in throw-away projects, by pcf-scripts exactly as the real build runs it.
// Why a temporary project: pcf-scripts builds every ControlManifest.Input.xml it finds under the project, and
// reads a custom webpack config only from the project root with a feature flag on. Neither may leak into the
// real build, so each variant gets its own folder in the OS temp dir, with node_modules linked from the repository.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { offlineEnv } from "../scripts/telemetryOff.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const BUILD_TIMEOUT_MS = 15 * 60_000;

function pcfScriptsBin() {
    const pkgJsonPath = require.resolve("pcf-scripts/package.json", { paths: [ROOT] });
    const { bin } = require(pkgJsonPath);
    return path.join(path.dirname(pkgJsonPath), typeof bin === "string" ? bin : bin["pcf-scripts"]);
}

function run(command, args, cwd) {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, env: offlineEnv() });
        let output = "";
        const timer = setTimeout(() => child.kill(), BUILD_TIMEOUT_MS);
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code, output });
        });
    });
}

/**
 * Builds one control in a temporary project and copies its output (bundle.js, ControlManifest.xml, strings/)
 * to `outDir`. Linting is skipped: `npm run lint` covers the sources.
 * @param {object} spec
 * @param {string} spec.name short name for messages
 * @param {Record<string, string>} spec.files project-relative path → source file to copy (folders are copied whole)
 * @param {string} spec.controlFolder the folder holding ControlManifest.Input.xml (pcf-scripts names the output after it)
 * @param {string} [spec.webpackConfig] CommonJS source of a webpack.config.js, merged by pcf-scripts
 * @param {string} spec.outDir
 */
export async function buildPcfProject(spec) {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), `ftc-bench-${spec.name}-`));
    const linkedModules = path.join(project, "node_modules");
    try {
        fs.symlinkSync(path.join(ROOT, "node_modules"), linkedModules, "junction");
        fs.copyFileSync(path.join(ROOT, "package.json"), path.join(project, "package.json"));
        fs.writeFileSync(path.join(project, "pcfconfig.json"), JSON.stringify({ outDir: "./out/controls" }));
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(temporaryTsconfig(spec.controlFolder)));
        for (const [target, source] of Object.entries(spec.files)) {
            const destination = path.join(project, target);
            fs.mkdirSync(path.dirname(destination), { recursive: true });
            fs.cpSync(source, destination, {
                recursive: true,
                filter: (file) => path.basename(file) !== "generated",
            });
        }
        if (spec.webpackConfig) {
            fs.writeFileSync(path.join(project, "featureconfig.json"), JSON.stringify({ pcfAllowCustomWebpack: "on" }));
            fs.writeFileSync(path.join(project, "webpack.config.js"), spec.webpackConfig);
        }
        const started = performance.now();
        const result = await run(
            process.execPath,
            [pcfScriptsBin(), "build", "--buildMode", "production", "--skipBuildLinting", "true"],
            project,
        );
        if (
            result.code !== 0 ||
            !result.output.includes("[build] Succeeded") ||
            result.output.includes("[build] Failed")
        )
            throw new Error(`The ${spec.name} build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
        fs.rmSync(spec.outDir, { recursive: true, force: true });
        fs.mkdirSync(path.dirname(spec.outDir), { recursive: true });
        fs.cpSync(path.join(project, "out", "controls", spec.controlFolder), spec.outDir, { recursive: true });
        return { seconds: (performance.now() - started) / 1000 };
    } finally {
        // The link first, on its own: removing the folder must never walk into the repository's node_modules.
        if (fs.lstatSync(linkedModules, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(linkedModules);
        fs.rmSync(project, { recursive: true, force: true });
    }
}

/** The repository's tsconfig, for a temporary project whose control folder is `folder`. */
function temporaryTsconfig(folder) {
    const base = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
    return { ...base, include: [`${folder}/**/*`] };
}
