#!/usr/bin/env node
/**
 * npm run solution  ->  Solutions/out/<UniqueName>_<version>.zip and …_managed.zip
 *                       (+ <starter.uniqueName>_<version>.zip, unmanaged, when the config has a "starter" section)
 *
 * The command: validate solution.config.json, stamp the control version, sync Solutions/src, build,
 * then write both zips. Each step lives in its own module (config, sourceTree, build, control, zip).
 *
 *   --no-build       package the existing build after checking it is fresh and has the right version
 *   --prepare-only   only stamp the control version and sync Solutions/src (the .cdsproj runs this)
 *   --out-dir <dir>  write the zips somewhere else
 *   --root <dir>     repository root (default: two folders up from this script)
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertBuildIsFresh, runCommandLibraryBuild, runProductionBuild } from "./build.mjs";
import {
    controlVersionFor,
    formatConfigErrors,
    projectLayout,
    readControlVersion,
    readSolutionConfig,
    stampControlVersion,
} from "./config.mjs";
import { builtControlDir, describeControlManifest, readBuiltControl } from "./control.mjs";
import { solutionLanguages } from "./render.mjs";
import {
    checkSolutionSource,
    copyWebResourceContents,
    renderSolutionSource,
    writeSolutionSource,
} from "./sourceTree.mjs";
import { describeWebResources } from "./webResources.mjs";
import { SCHEMA_FILES, compareOrdinal, validateWithSchema } from "./xml.mjs";
import { assembleStarterEntries, starterZipFileName } from "./starterZip.mjs";
import { assembleSolutionEntries, solutionZipFileNames, writeDeterministicZip } from "./zip.mjs";

/** A problem the user can fix; printed without a stack trace. */
export class PackagingError extends Error {}

/**
 * @typedef {object} SolutionCommandOptions
 * @property {string} root            repository root
 * @property {boolean} [build]        run `npm run build:prod` (default true); false = verify the existing build is fresh
 * @property {boolean} [prepareOnly]  stop after stamping the manifest and syncing Solutions/src (used by the .cdsproj)
 * @property {string} [outDir]        default <root>/Solutions/out
 * @property {(line: string) => void} [log]
 * @property {(text: string) => void} [echoBuild] receives build output
 */

/**
 * @typedef {object} PackagedZip
 * @property {"unmanaged" | "managed" | "starter"} kind
 * @property {string} file
 * @property {Buffer} bytes
 * @property {{ name: string, size: number }[]} entries uncompressed sizes
 */

/**
 * `npm run solution`: validate the config, stamp the control version, sync Solutions/src,
 * build, then write the unmanaged and managed zips.
 * @param {SolutionCommandOptions} options
 * @returns {Promise<{ zips: PackagedZip[], controlVersion: string, timings: { buildMs: number, packageMs: number } }>}
 */
export async function runSolutionCommand({
    root,
    build = true,
    prepareOnly = false,
    outDir,
    log = console.log,
    echoBuild,
}) {
    const layout = projectLayout(root);

    const read = await readSolutionConfig(layout.configFile);
    if (!read.ok) {
        throw new PackagingError(
            `${path.relative(root, layout.configFile)} is not valid:\n${formatConfigErrors(read.errors)}`,
        );
    }
    const config = read.config;

    const controlVersion = controlVersionFor(config.solution.version);
    const inputManifest = await readFile(layout.inputManifest, "utf8").catch(() => {
        throw new PackagingError(`Cannot read the control manifest ${layout.inputManifest}.`);
    });
    const stamped = stampControlVersion(inputManifest, controlVersion);
    if (stamped !== inputManifest) {
        await writeFile(layout.inputManifest, stamped, "utf8");
        log(
            `Control version set to ${controlVersion} (solution ${config.solution.version}) in ${path.relative(root, layout.inputManifest)}.`,
        );
    }
    const inputFacts = await describeControlManifest(stamped);

    const renderedSource = renderSolutionSource({ config, languages: solutionLanguages(inputFacts.languages) });
    // Checked like the zips before anything is written: --prepare-only feeds Solutions/src to dotnet build.
    const sourceProblems = await checkSolutionSource(renderedSource);
    if (sourceProblems.length > 0) {
        throw new PackagingError(
            `Generated Solutions/src files do not match the project's schemas:\n${sourceProblems.join("\n")}`,
        );
    }
    const sourceChanges = await writeSolutionSource(layout.solutionSourceDir, renderedSource);
    for (const change of sourceChanges) log(`Updated Solutions/src/${change}`);

    const webResources = describeWebResources(config);
    if (prepareOnly) {
        // The .cdsproj packs the web resources from Solutions/src, the command library and the setup page among them.
        const built = await runCommandLibraryBuild({ root, packageJson: layout.packageJson, echo: echoBuild }).catch(
            (error) => {
                throw new PackagingError(error.message);
            },
        );
        if (built) log("Built the command library and the setup page.");
        await syncWebResources(root, layout.solutionSourceDir, webResources);
        return { zips: [], controlVersion, timings: { buildMs: 0, packageMs: 0 } };
    }

    const buildStart = Date.now();
    let notBefore;
    if (build) {
        ({ startedAt: notBefore } = await runProductionBuild({
            root,
            packageJson: layout.packageJson,
            echo: echoBuild,
        }).catch((error) => {
            throw new PackagingError(error.message);
        }));
    }
    const buildMs = Date.now() - buildStart;
    // After the build: some web resources (the command library) are build output.
    const webResourceContents = await syncWebResources(root, layout.solutionSourceDir, webResources);

    const packageStart = Date.now();
    const controlDir = await builtControlDir(layout, inputFacts.constructor);
    const control = await readBuiltControl(controlDir).catch((error) => {
        throw new PackagingError(error.message);
    });
    await assertBuildIsFresh({
        controlSourceDir: layout.controlSourceDir,
        // index.ts imports solution.config.json (publisher prefix), so the bundle is stale when it changes.
        otherSources: [layout.configFile],
        builtFiles: [
            path.join(controlDir, "ControlManifest.xml"),
            // Web resources the build writes (the command library) are built from the same sources.
            ...webResources
                .filter((resource) => isBuildOutput(resource.source))
                .map((resource) => path.join(root, ...resource.source.split(/[\\/]/))),
            ...control.facts.resourcePaths
                .filter((resourcePath) => resourcePath.endsWith(".js"))
                .map((resourcePath) => path.join(controlDir, ...resourcePath.split("/"))),
        ],
        notBefore,
    }).catch((error) => {
        throw new PackagingError(error.message);
    });
    const builtVersion = readControlVersion(control.manifestBytes.toString("utf8"));
    if (builtVersion !== controlVersion) {
        throw new PackagingError(
            `The built manifest has version ${builtVersion}, expected ${controlVersion} for solution ${config.solution.version}. Rebuild the control.`,
        );
    }
    if (control.facts.namespace !== inputFacts.namespace || control.facts.constructor !== inputFacts.constructor) {
        throw new PackagingError(
            `The built control ${control.facts.namespace}.${control.facts.constructor} is not ${inputFacts.namespace}.${inputFacts.constructor}. Rebuild the control.`,
        );
    }

    // All zips are assembled and checked before any file is written.
    /** @type {{ kind: PackagedZip["kind"], entries: Map<string, Buffer>, bytes: Buffer }[]} */
    const variants = [];
    for (const [kind, managed] of /** @type {const} */ ([
        ["unmanaged", 0],
        ["managed", 1],
    ])) {
        const assembled = assembleSolutionEntries({ config, control, webResourceContents, managed });
        await assertValid(assembled.xml.solution, "solution.xml", SCHEMA_FILES.solution);
        await assertValid(assembled.xml.customizations, "customizations.xml", SCHEMA_FILES.customizations);
        variants.push({ kind, entries: assembled.entries, bytes: await writeDeterministicZip(assembled.entries) });
    }
    const names = { ...solutionZipFileNames(config), starter: "" };
    if (config.starter) {
        const starter = assembleStarterEntries({ config });
        await assertValid(starter.xml.solution, "solution.xml (starter)", SCHEMA_FILES.solution);
        await assertValid(starter.xml.customizations, "customizations.xml (starter)", SCHEMA_FILES.customizations);
        for (const [name, bytes] of starter.xml.environmentVariables) {
            await assertValid(bytes, name, SCHEMA_FILES.environmentVariableDefinition);
        }
        variants.push({
            kind: "starter",
            entries: starter.entries,
            bytes: await writeDeterministicZip(starter.entries),
        });
        names.starter = starterZipFileName(config).unmanaged;
    }

    const targetDir = outDir ?? layout.defaultOutDir;
    await mkdir(targetDir, { recursive: true });
    /** @type {PackagedZip[]} */
    const zips = [];
    for (const variant of variants) {
        const file = path.join(targetDir, names[variant.kind]);
        await writeFile(file, variant.bytes);
        zips.push({
            kind: variant.kind,
            file,
            bytes: variant.bytes,
            entries: [...variant.entries]
                .map(([name, content]) => ({ name, size: content.length }))
                .sort((a, b) => compareOrdinal(a.name, b.name)),
        });
    }
    return { zips, controlVersion, timings: { buildMs, packageMs: Date.now() - packageStart } };
}

/**
 * Web resource sources under out/ are written by the build.
 * @param {string} source path relative to the repository
 */
function isBuildOutput(source) {
    return /^out[\\/]/.test(source);
}

/**
 * Reads every web resource's source and copies it into Solutions/src.
 * @param {string} root
 * @param {string} solutionSourceDir
 * @param {ReturnType<typeof describeWebResources>} webResources
 * @returns {Promise<Map<string, Buffer>>} contents by web resource name
 */
async function syncWebResources(root, solutionSourceDir, webResources) {
    const webResourceContents = new Map();
    const missing = [];
    for (const resource of webResources) {
        const bytes = await readFile(path.join(root, ...resource.source.split(/[\\/]/))).catch(() => undefined);
        if (bytes === undefined) {
            const hint = isBuildOutput(resource.source)
                ? " (build output: run npm run solution without --no-build)"
                : "";
            missing.push(`  - ${resource.name}: ${resource.source} does not exist${hint}`);
        } else webResourceContents.set(resource.name, bytes);
    }
    if (missing.length > 0) {
        throw new PackagingError(
            `Web resource sources are missing (fix "webResources" in solution.config.json or add the files):\n${missing.join("\n")}`,
        );
    }
    await copyWebResourceContents(
        solutionSourceDir,
        webResources.map((resource) => ({
            sourceTreePath: resource.sourceTreePath,
            bytes: webResourceContents.get(resource.name),
        })),
    );
    return webResourceContents;
}

/**
 * @param {Buffer} xml
 * @param {string} fileName
 * @param {string} schemaFile
 */
async function assertValid(xml, fileName, schemaFile) {
    const result = await validateWithSchema(xml, fileName, schemaFile);
    if (!result.valid) {
        throw new PackagingError(
            `Generated ${fileName} does not match ${path.basename(schemaFile)}:\n${result.errors.join("\n")}`,
        );
    }
}

const USAGE = "usage: node scripts/solution/cli.mjs [--no-build] [--prepare-only] [--out-dir <dir>] [--root <dir>]";

/**
 * @param {readonly string[]} argv
 * @returns {SolutionCommandOptions & { build: boolean, prepareOnly: boolean }}
 */
function parseArguments(argv) {
    /** @type {SolutionCommandOptions & { build: boolean, prepareOnly: boolean }} */
    const options = {
        root: fileURLToPath(new URL("../../", import.meta.url)),
        build: true,
        prepareOnly: false,
        outDir: undefined,
    };
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--no-build") options.build = false;
        else if (argument === "--prepare-only") options.prepareOnly = true;
        else if ((argument === "--out-dir" || argument === "--root") && index + 1 < argv.length) {
            const value = path.resolve(argv[++index]);
            if (argument === "--root") options.root = value;
            else options.outDir = value;
        } else {
            throw new PackagingError(`Unknown or incomplete argument "${argument}".\n${USAGE}`);
        }
    }
    return options;
}

async function main() {
    const started = Date.now();
    const options = parseArguments(process.argv.slice(2));
    const result = await runSolutionCommand(options);
    if (options.prepareOnly) {
        console.log(`Prepared: control version ${result.controlVersion}, Solutions/src in sync.`);
        return;
    }
    for (const zip of result.zips) {
        console.log(`\n${path.relative(process.cwd(), zip.file)}  (${zip.bytes.length} bytes, ${zip.kind})`);
        for (const entry of zip.entries) console.log(`  ${String(entry.size).padStart(9)}  ${entry.name}`);
    }
    const total = Date.now() - started;
    console.log(
        `\nControl version ${result.controlVersion}. Build ${(result.timings.buildMs / 1000).toFixed(1)} s, packaging ${(result.timings.packageMs / 1000).toFixed(1)} s, total ${(total / 1000).toFixed(1)} s.`,
    );
}

const invokedDirectly =
    process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
    main().catch((error) => {
        if (error instanceof PackagingError) {
            console.error(`\nnpm run solution failed:\n${error.message}`);
        } else {
            console.error(error);
        }
        process.exitCode = 1;
    });
}
