#!/usr/bin/env node
/**
 * npm run solution  ->  Solutions/out/<UniqueName>_<version>.zip and …_managed.zip
 *
 *   --no-build       package the existing build after checking it is fresh and has the right version
 *   --prepare-only   only stamp the control version and sync Solutions/src (the .cdsproj runs this)
 *   --out-dir <dir>  write the zips somewhere else
 *   --root <dir>     repository root (default: two folders up from this script)
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runSolutionCommand, PackagingError } from "./solutionCommand.mjs";

const USAGE = "usage: node scripts/solution/package.mjs [--no-build] [--prepare-only] [--out-dir <dir>] [--root <dir>]";

/** @param {readonly string[]} argv */
export function parseArguments(argv) {
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
