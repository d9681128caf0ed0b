import path from "node:path";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The packager's own files (schemas), wherever the project root is. */
export const SCHEMA_DIR = fileURLToPath(new URL("../../Solutions/schemas/", import.meta.url));

/**
 * Where things live in a FlowTriggerControl checkout. Tests point `root` at a temporary copy.
 * @param {string} root repository root
 */
export function projectLayout(root) {
    return {
        root,
        configFile: path.join(root, "Solutions", "solution.config.json"),
        controlSourceDir: path.join(root, "FlowTriggerControl"),
        inputManifest: path.join(root, "FlowTriggerControl", "ControlManifest.Input.xml"),
        solutionSourceDir: path.join(root, "Solutions", "src"),
        defaultOutDir: path.join(root, "Solutions", "out"),
        packageJson: path.join(root, "package.json"),
        pcfConfig: path.join(root, "pcfconfig.json"),
    };
}

/**
 * out/controls/<constructor>, honouring pcfconfig.json "outDir" like pcf-scripts does.
 * @param {ReturnType<typeof projectLayout>} layout
 * @param {string} constructorName
 */
export async function builtControlDir(layout, constructorName) {
    let outDir = "./out/controls";
    try {
        const pcfConfig = JSON.parse(await readFile(layout.pcfConfig, "utf8"));
        if (typeof pcfConfig.outDir === "string" && pcfConfig.outDir !== "") outDir = pcfConfig.outDir;
    } catch {
        // No pcfconfig.json: pcf-scripts' default applies.
    }
    return path.resolve(layout.root, outDir, constructorName);
}
