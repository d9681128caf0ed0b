/**
 * A throw-away FlowTriggerControl project for packaging tests: config, input manifest, web resource
 * sources and a "built" control (captured pcf-scripts output) whose files are newer than the sources.
 */
import { cp, mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { controlVersionFor, stampControlVersion } from "../../../scripts/solution/config.mjs";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const BRIDGE_SOURCE = "node_modules/@azure/msal-browser/lib/redirect-bridge/msal-redirect-bridge.min.js";

/** The shape of Solutions/solution.config.json used by most tests. */
export function sampleConfig(overrides = {}) {
    return {
        solution: {
            uniqueName: "FlowTriggerControl",
            displayName: "Flow Trigger Control",
            description: "Test solution & <friends>",
            version: "1.2.3.4",
            ...overrides.solution,
        },
        publisher: {
            uniqueName: "FlowTriggerControlPublisher",
            displayName: "Flow Trigger Control",
            description: "Test publisher",
            prefix: "ftc",
            optionValuePrefix: 51270,
            ...overrides.publisher,
        },
        webResources: overrides.webResources ?? [
            {
                name: "FlowTriggerControl/SignInRedirect.html",
                source: "FlowTriggerControl/auth/redirect/SignInRedirect.html",
                type: "html",
                displayName: "Sign-in redirect",
            },
            { name: "FlowTriggerControl/MsalRedirectBridge.js", source: BRIDGE_SOURCE, type: "js" },
        ],
    };
}

/**
 * @param {object} [options]
 * @param {object} [options.config]        written as Solutions/solution.config.json
 * @param {string} [options.builtVersion]  control version in the built manifest (default: derived from the config)
 * @param {boolean} [options.withBuild]    false = no out/ folder
 * @returns {Promise<{ root: string, outDir: string, builtDir: string, cleanup: () => Promise<void> }>}
 */
export async function createFixtureProject({ config = sampleConfig(), builtVersion, withBuild = true } = {}) {
    const root = await mkdtemp(path.join(os.tmpdir(), "ftc-packaging-"));
    const controlVersion = safeControlVersion(config);

    await mkdir(path.join(root, "Solutions"), { recursive: true });
    await writeFile(path.join(root, "Solutions", "solution.config.json"), JSON.stringify(config, null, 2));
    await writeFile(path.join(root, "package.json"), JSON.stringify({ name: "fixture", private: true, scripts: {} }));
    await writeFile(path.join(root, "pcfconfig.json"), JSON.stringify({ outDir: "./out/controls" }));

    // Stored under another name: pcf-scripts builds every ControlManifest.Input.xml it finds in the repository.
    await cp(path.join(FIXTURES, "project", "strings"), path.join(root, "FlowTriggerControl", "strings"), {
        recursive: true,
    });
    const inputManifest = path.join(root, "FlowTriggerControl", "ControlManifest.Input.xml");
    const manifestText = await readFile(path.join(FIXTURES, "project", "input-manifest.xml"), "utf8");
    await writeFile(
        inputManifest,
        controlVersion === undefined ? manifestText : stampControlVersion(manifestText, controlVersion),
    );
    await mkdir(path.join(root, "FlowTriggerControl", "auth", "redirect"), { recursive: true });
    await cp(
        path.join(FIXTURES, "web-resources", "SignInRedirect.html"),
        path.join(root, "FlowTriggerControl", "auth", "redirect", "SignInRedirect.html"),
    );
    await mkdir(path.dirname(path.join(root, BRIDGE_SOURCE)), { recursive: true });
    await cp(path.join(REPO_ROOT, BRIDGE_SOURCE), path.join(root, BRIDGE_SOURCE));

    const builtDir = path.join(root, "out", "controls", "FlowTriggerControl");
    if (withBuild) {
        await cp(path.join(FIXTURES, "built-control"), builtDir, { recursive: true });
        // Stored as .fixture so linters do not treat the minified bundle as project code.
        await rename(path.join(builtDir, "bundle.js.fixture"), path.join(builtDir, "bundle.js"));
        const builtManifest = path.join(builtDir, "ControlManifest.xml");
        const version = builtVersion ?? controlVersion ?? "1.0.0";
        await writeFile(builtManifest, stampControlVersion(await readFile(builtManifest, "utf8"), version));
        await markBuildNewerThanSources(root);
    }
    return {
        root,
        outDir: path.join(root, "zips"),
        builtDir,
        cleanup: () => rm(root, { recursive: true, force: true }),
    };
}

/** Sources at a fixed past time, build output later: a fresh build. */
export async function markBuildNewerThanSources(root) {
    const sourceTime = new Date("2024-01-01T00:00:00Z");
    const buildTime = new Date("2024-01-01T01:00:00Z");
    for (const file of [
        "Solutions/solution.config.json",
        "FlowTriggerControl/ControlManifest.Input.xml",
        "FlowTriggerControl/auth/redirect/SignInRedirect.html",
        ...["1031", "1033", "1036"].map((lcid) => `FlowTriggerControl/strings/FlowTriggerControl.${lcid}.resx`),
    ]) {
        await utimes(path.join(root, file), sourceTime, sourceTime);
    }
    for (const file of [
        "ControlManifest.xml",
        "bundle.js",
        "bundle.js.LICENSE.txt",
        ...["1031", "1033", "1036"].map((lcid) => `strings/FlowTriggerControl.${lcid}.resx`),
    ]) {
        await utimes(path.join(root, "out", "controls", "FlowTriggerControl", file), buildTime, buildTime);
    }
}

function safeControlVersion(config) {
    try {
        return controlVersionFor(config.solution.version);
    } catch {
        return undefined; // invalid on purpose in some tests
    }
}
