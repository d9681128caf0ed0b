import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * The source's rooms and which rooms each may import. Dependencies point one way:
 * contracts ← flow, auth, payload, strings ← settings ← run ← composition, viewModel, components,
 * hooks, platform ← index.ts; run ← command (the command-bar library). Nothing but index.ts imports components/. A new folder must be added
 * here before it can be imported at all.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
    contracts: [],
    strings: ["contracts"],
    flow: ["contracts"],
    auth: ["contracts"],
    payload: ["contracts"],
    settings: ["contracts", "flow", "auth", "payload"],
    run: ["contracts", "flow", "auth", "payload", "settings"],
    platform: ["contracts", "auth", "settings", "generated"],
    hooks: ["contracts"],
    viewModel: ["contracts", "strings", "settings"],
    components: ["contracts", "strings", "settings", "hooks", "viewModel"],
    composition: ["contracts", "flow", "auth", "payload", "settings", "run", "platform"],
    // The command-bar library (a second host of the same run); nothing in the control imports it.
    command: ["contracts", "flow", "auth", "payload", "strings", "settings", "run", "viewModel"],
    // The setup page (a third host): checks each piece of the run on its own; what it shares with the command
    // library lives below both (the settingsJson parser in settings/, the string lookup in strings/). Nothing else
    // imports it.
    setup: ["contracts", "flow", "auth", "payload", "strings", "settings", "run"],
    index: ["contracts", "settings", "run", "platform", "components", "composition", "viewModel", "generated"],
};

const SOURCE_ROOT = resolve(__dirname, "../../../FlowTriggerControl");

interface Edge {
    readonly from: string;
    readonly to: string;
}

/** The room of a file: its top folder under FlowTriggerControl/, or its name for a top-level file. */
function roomOf(file: string): string {
    const parts = relative(SOURCE_ROOT, file).split(sep);
    return parts.length > 1 ? parts[0] : parts[0].replace(/\.(d\.)?tsx?$/, "");
}

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
        return /\.tsx?$/.test(entry.name) ? [path] : [];
    });
}

/** Relative module specifiers of `import … from`, `export … from`, `import "…"` and `import("…")`. */
function relativeImports(text: string): string[] {
    const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.[^"']*)["']/g;
    return [...text.matchAll(pattern)].map((match) => match[1]);
}

function importEdges(): Edge[] {
    return sourceFiles(SOURCE_ROOT).flatMap((file) =>
        relativeImports(readFileSync(file, "utf8")).map((specifier) => ({
            from: relative(SOURCE_ROOT, file),
            to: relative(SOURCE_ROOT, resolve(dirname(file), specifier)),
        })),
    );
}

/** Each import that leaves its room for one it may not use, as "from → to". */
function violations(edges: readonly Edge[]): string[] {
    return edges
        .filter((edge) => {
            const from = roomOf(join(SOURCE_ROOT, edge.from));
            const to = roomOf(join(SOURCE_ROOT, edge.to));
            if (edge.to.startsWith("..")) return true; // outside FlowTriggerControl/: the bundle must not reach out
            if (from === to) return false;
            return !(ALLOWED[from] ?? []).includes(to);
        })
        .map((edge) => `${edge.from} → ${edge.to}`);
}

describe("import direction", () => {
    const edges = importEdges();

    it("finds the source's imports", () => {
        expect(edges.length).toBeGreaterThan(50);
    });

    it("every room is listed", () => {
        const rooms = new Set(sourceFiles(SOURCE_ROOT).map(roomOf));
        const unlisted = [...rooms].filter((room) => !(room in ALLOWED) && room !== "ControlManifest");
        expect(unlisted).toEqual([]);
    });

    it("no folder imports a higher one, and nothing below the adapter imports components/", () => {
        expect(violations(edges)).toEqual([]);
    });

    it("contracts/ imports nothing of ours", () => {
        expect(
            edges.filter((e) => e.from.startsWith(`contracts${sep}`) && !e.to.startsWith(`contracts${sep}`)),
        ).toEqual([]);
    });

    it.each<[string, Edge]>([
        ["a lower room importing a higher one", { from: "flow/transport.ts", to: "settings/settings.types" }],
        ["a sibling import", { from: "auth/tokenProvider.ts", to: "flow/clouds" }],
        ["the run importing the view", { from: "run/flowRunner.ts", to: "components/FlowTriggerButton" }],
        ["the bundle reaching outside the control", { from: "index.ts", to: "../Solutions/solution.config.json" }],
        ["an unlisted room", { from: "extras/helper.ts", to: "contracts/result" }],
    ])("the check itself refuses %s", (_name, edge) => {
        expect(violations([edge])).toHaveLength(1);
    });
});

/** The source file an edge's specifier names (`x` → `x.ts`, `x.tsx` or `x/index.ts`), relative to the root. */
function targetFile(to: string, files: ReadonlySet<string>): string | undefined {
    return [to, `${to}.ts`, `${to}.tsx`, join(to, "index.ts")].find((candidate) => files.has(candidate));
}

/** Every import circle between two files of one folder (a imports b, b imports a), as "a ⇄ b", once each. */
function sameFolderCircles(edges: readonly Edge[]): string[] {
    const files = new Set(edges.map((edge) => edge.from));
    const links = new Set<string>();
    for (const edge of edges) {
        const target = targetFile(edge.to, files);
        if (target && target !== edge.from && dirname(target) === dirname(edge.from)) {
            links.add(`${edge.from}\n${target}`);
        }
    }
    return [...links]
        .map((link) => link.split("\n"))
        .filter(([from, to]) => from < to && links.has(`${to}\n${from}`))
        .map(([from, to]) => `${from} ⇄ ${to}`);
}

describe("import circles", () => {
    it("no two files of one folder import each other (types included)", () => {
        expect(sameFolderCircles(importEdges())).toEqual([]);
    });

    it("the check itself finds a seeded circle, and not a one-way import", () => {
        const seeded: Edge[] = [
            { from: join("command", "commandLibrary.ts"), to: join("command", "xrmAdapter") },
            { from: join("command", "xrmAdapter.ts"), to: join("command", "commandLibrary") },
            { from: join("command", "entry.ts"), to: join("command", "xrmAdapter") },
        ];
        expect(sameFolderCircles(seeded)).toEqual([
            `${join("command", "commandLibrary.ts")} ⇄ ${join("command", "xrmAdapter.ts")}`,
        ]);
        expect(sameFolderCircles(seeded.slice(0, 1))).toEqual([]);
    });
});
