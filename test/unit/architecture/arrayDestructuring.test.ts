/** @jest-environment node */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * babel.config.json sets the `iterableIsArray` assumption for FlowTriggerControl/: array destructuring
 * compiles to plain index reads instead of babel's iterator helpers (about 450 B gzip of the bundle). That is
 * only right while every array pattern destructures an array or a tuple; `const [first] = new Set(...)` would
 * silently read `undefined`. This test type-checks every array pattern in the control's code.
 */
const ROOT = path.resolve(__dirname, "../../..");
const CONTROL = path.join(ROOT, "FlowTriggerControl");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sourceFiles(full);
        return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

function compilerOptions(): ts.CompilerOptions {
    const configPath = path.join(ROOT, "tsconfig.json");
    const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
    return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

/** Array patterns (declarations, parameters, for-of, assignments) whose value is not an array or a tuple. */
function nonArrayPatterns(program: ts.Program, files: readonly string[]): string[] {
    const checker = program.getTypeChecker();
    const isArrayLike = (type: ts.Type): boolean =>
        type.isUnion()
            ? type.types.every(isArrayLike)
            : checker.isArrayType(type) || checker.isTupleType(type) || isReadonlyArray(type);
    const isReadonlyArray = (type: ts.Type): boolean => type.getSymbol()?.getName() === "ReadonlyArray";
    const found: string[] = [];
    for (const file of files) {
        const source = program.getSourceFile(file);
        if (!source) throw new Error(`not in the program: ${file}`);
        const report = (node: ts.Node, type: ts.Type) => {
            if (isArrayLike(checker.getNonNullableType(type))) return;
            const { line } = source.getLineAndCharacterOfPosition(node.getStart());
            found.push(`${path.relative(ROOT, file)}:${line + 1} ${node.getText()}: ${checker.typeToString(type)}`);
        };
        const visit = (node: ts.Node): void => {
            if (ts.isArrayBindingPattern(node)) report(node, checker.getTypeAtLocation(node));
            if (
                ts.isBinaryExpression(node) &&
                node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
                ts.isArrayLiteralExpression(node.left)
            ) {
                report(node.left, checker.getTypeAtLocation(node.right));
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
    }
    return found;
}

describe("array destructuring in FlowTriggerControl/ (babel's iterableIsArray assumption)", () => {
    it("babel.config.json makes the assumption for the control's code only", () => {
        const config = JSON.parse(fs.readFileSync(path.join(ROOT, "babel.config.json"), "utf8")) as {
            assumptions?: Record<string, boolean>;
            overrides?: { test: string; assumptions?: Record<string, boolean> }[];
        };
        expect(config.assumptions?.iterableIsArray).toBeUndefined();
        expect(config.overrides).toContainEqual({
            test: "./FlowTriggerControl",
            assumptions: { iterableIsArray: true },
        });
    });

    it("every array pattern destructures an array or a tuple", () => {
        const files = sourceFiles(CONTROL);
        const program = ts.createProgram(files, compilerOptions());
        expect(nonArrayPatterns(program, files)).toEqual([]);
    });

    it("finds a pattern that destructures a Set, a Map entry iterator or a string", () => {
        const file = path.join(CONTROL, "seeded.ts");
        const text = [
            "const names = new Set(['a']);",
            "const [first] = names;",
            "const [[key]] = [new Map([['k', 1]]).keys()];",
            "function head([c]: string) { return c; }",
            "let x: number, y: number;",
            "[x, y] = new Set([1, 2]);",
            "const [ok] = ['fine'];",
            "export { first, key, head, x, y, ok };",
        ].join("\n");
        const options = compilerOptions();
        const host = ts.createCompilerHost(options);
        const readFile = host.readFile.bind(host);
        const getSourceFile = host.getSourceFile.bind(host);
        host.readFile = (name) => (path.resolve(name) === file ? text : readFile(name));
        host.fileExists = (name) => path.resolve(name) === file || ts.sys.fileExists(name);
        host.getSourceFile = (name, version) =>
            path.resolve(name) === file ? ts.createSourceFile(name, text, version) : getSourceFile(name, version);
        const program = ts.createProgram([file], options, host);
        const found = nonArrayPatterns(program, [file]).map((line) => line.split(" ")[0]);
        expect(found).toEqual([
            "FlowTriggerControl/seeded.ts:2",
            "FlowTriggerControl/seeded.ts:3",
            "FlowTriggerControl/seeded.ts:4",
            "FlowTriggerControl/seeded.ts:6",
        ]);
    });
});
