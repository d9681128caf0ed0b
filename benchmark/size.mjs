// Size figures: the production bundle, the control's own code without MSAL, and a bare Fluent-button control.
//
// Own code vs MSAL: the control is built a second time, the same way, with @azure/msal-browser and
// @azure/msal-common declared external (webpack `externals`, through pcf-scripts' custom webpack hook in a
// temporary project). That bundle is the control's own code plus the webpack runtime; MSAL's share is the
// full bundle minus it, per encoding. That build's webpack stats (out/benchmark/own-code-modules.json, summed
// by package in own-code-by-package.json, sizes before minification) show anything else that creeps in.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildPcfProject, ROOT } from "./pcfProject.mjs";
import { offlineEnv } from "../scripts/telemetryOff.mjs";

export const OUT_DIR = path.join(ROOT, "out", "benchmark");
export const CONTROL_DIR = path.join(ROOT, "out", "controls", "FlowTriggerControl");
export const OWN_CODE_DIR = path.join(OUT_DIR, "own-code");
export const BASELINE_DIR = path.join(OUT_DIR, "baseline-control");
const OWN_CODE_STATS = path.join(OUT_DIR, "own-code-modules.json");

/** raw / gzip (level 9) / brotli (default quality 11) byte counts of a file. */
export function encodedSizes(file) {
    const bytes = fs.readFileSync(file);
    return {
        raw: bytes.length,
        gzip: zlib.gzipSync(bytes, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(bytes).length,
    };
}

function productionBuild() {
    return new Promise((resolve, reject) => {
        const child = spawn(
            process.execPath,
            [
                path.join(ROOT, "scripts", "pcf.mjs"),
                "build",
                "production",
                // Linting doesn't change the bundle, and npm run lint covers it.
                ...["--skipBuildLinting", "true"],
            ],
            {
                cwd: ROOT,
                env: offlineEnv(),
            },
        );
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0 ? resolve() : reject(new Error(`npm run build:prod failed:\n${output.slice(-4000)}`)),
        );
    });
}

/** webpack.config.js for the own-code build: MSAL external, and a stats summary written when webpack is done. */
function ownCodeWebpackConfig(statsFile) {
    return `// Written by the benchmark (benchmark/size.mjs); merged into pcf-scripts' webpack config.
const fs = require("fs");
const MSAL = /^@azure\\/msal-(browser|common)(\\/|$)/;
module.exports = {
    externals: [({ request }, callback) => (MSAL.test(request) ? callback(null, "var MsalExternal") : callback())],
    plugins: [
        {
            apply(compiler) {
                compiler.hooks.done.tap("BenchmarkModuleSizes", (stats) => {
                    const json = stats.toJson({ all: false, modules: true, nestedModules: true });
                    fs.writeFileSync(${JSON.stringify(statsFile)}, JSON.stringify(json.modules));
                });
            },
        },
    ],
};
`;
}

/** Source bytes (after loaders, before minification) per package: "own" for the control's folder. */
function bytesByPackage(modules) {
    const totals = {};
    const visit = (module) => {
        // Only real modules: stats also lists summary groups (orphan, runtime) that repeat them.
        if (module.type !== "module") return;
        if (Array.isArray(module.modules) && module.modules.length > 0) {
            module.modules.forEach(visit);
            return;
        }
        const name = String(module.name ?? "");
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(name)?.[1];
        const key = pkg ?? (name.startsWith("external ") ? "externals" : name.includes("webpack/") ? "webpack" : "own");
        totals[key] = (totals[key] ?? 0) + (module.size ?? 0);
    };
    modules.forEach(visit);
    return Object.fromEntries(Object.entries(totals).sort((a, b) => b[1] - a[1]));
}

/**
 * Builds what is missing (or everything unless `reuseBuilds`) and measures.
 * @returns {Promise<{ figures: Record<string, number[]>, notes: string[], modules: object }>}
 */
export async function measureSizes({ reuseBuilds, log }) {
    const notes = [];
    const haveControl = fs.existsSync(path.join(CONTROL_DIR, "bundle.js"));
    if (!reuseBuilds || !haveControl) {
        log("building the control (npm run build:prod, without its lint step) …");
        const started = performance.now();
        await productionBuild();
        notes.push(`production build: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    fs.mkdirSync(OUT_DIR, { recursive: true });
    if (!reuseBuilds || !fs.existsSync(path.join(OWN_CODE_DIR, "bundle.js"))) {
        log("building the control with MSAL external …");
        const { seconds } = await buildPcfProject({
            name: "own-code",
            files: {
                FlowTriggerControl: path.join(ROOT, "FlowTriggerControl"),
                "Solutions/solution.config.json": path.join(ROOT, "Solutions", "solution.config.json"),
            },
            controlFolder: "FlowTriggerControl",
            webpackConfig: ownCodeWebpackConfig(OWN_CODE_STATS),
            outDir: OWN_CODE_DIR,
        });
        notes.push(`own-code build (MSAL external): ${seconds.toFixed(0)} s`);
    }
    if (!reuseBuilds || !fs.existsSync(path.join(BASELINE_DIR, "bundle.js"))) {
        log("building the bare Fluent-button control …");
        const { seconds } = await buildPcfProject({
            name: "baseline",
            files: {
                "BareButton/index.ts": path.join(ROOT, "benchmark", "baseline-control", "index.ts"),
                "BareButton/ControlManifest.Input.xml": path.join(
                    ROOT,
                    "benchmark",
                    "baseline-control",
                    "ControlManifest.template.xml",
                ),
                // The form host loads the control's English strings; the baseline borrows the real file.
                "BareButton/strings/FlowTriggerControl.1033.resx": path.join(
                    ROOT,
                    "FlowTriggerControl",
                    "strings",
                    "FlowTriggerControl.1033.resx",
                ),
            },
            controlFolder: "BareButton",
            outDir: BASELINE_DIR,
        });
        notes.push(`baseline build: ${seconds.toFixed(0)} s`);
    }

    const bundle = encodedSizes(path.join(CONTROL_DIR, "bundle.js"));
    const own = encodedSizes(path.join(OWN_CODE_DIR, "bundle.js"));
    const baseline = encodedSizes(path.join(BASELINE_DIR, "bundle.js"));
    const modules = fs.existsSync(OWN_CODE_STATS)
        ? bytesByPackage(JSON.parse(fs.readFileSync(OWN_CODE_STATS, "utf8")))
        : {};
    fs.writeFileSync(path.join(OUT_DIR, "own-code-by-package.json"), JSON.stringify(modules, null, 2));
    const figures = {};
    for (const encoding of ["raw", "gzip", "brotli"]) {
        figures[`size.bundle.${encoding}`] = [bundle[encoding]];
        figures[`size.own.${encoding}`] = [own[encoding]];
        figures[`size.msal.${encoding}`] = [bundle[encoding] - own[encoding]];
        figures[`size.baseline.${encoding}`] = [baseline[encoding]];
    }
    return { figures, notes, modules };
}
