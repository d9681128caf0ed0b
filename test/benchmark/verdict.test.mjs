// The benchmark's pure helpers: summaries, paired ratios, budget overrides, verdicts and the table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FIGURES } from "../../benchmark/figures.mjs";
import {
    anyOverBudget,
    formatTable,
    formatValue,
    judge,
    median,
    pairedRatios,
    parseBudgetOverrides,
    summarize,
} from "../../benchmark/verdict.mjs";

const figures = [
    { id: "size.gzip", label: "gzip", unit: "B", budget: 100 },
    { id: "load.ratio", label: "load ratio", unit: "×", budget: 1.2 },
    { id: "load.control", label: "load", unit: "ms" },
    { id: "rows.ratio", label: "rows", unit: "×", budget: 1.3 },
];

test("median of odd and even counts, and the summary", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]));
    assert.deepEqual(summarize([5, 1, 3]), { median: 3, min: 1, max: 5, n: 3 });
});

test("paired ratios divide sample by sample and refuse unequal counts", () => {
    assert.deepEqual(pairedRatios([2, 3], [1, 2]), [2, 1.5]);
    assert.throws(() => pairedRatios([1], [1, 2]));
});

test("a figure is judged on its median: at the budget is ok, above is OVER", () => {
    const rows = judge(figures, { "size.gzip": [100, 90, 300], "load.ratio": [1.3, 1.25, 1.0], "load.control": [5] });
    assert.deepEqual(
        rows.map((row) => [row.id, row.verdict]),
        [
            ["size.gzip", "ok"],
            ["load.ratio", "OVER"],
            ["load.control", "-"],
            ["rows.ratio", "n/a"],
        ],
    );
    assert.equal(anyOverBudget(rows), true);
    assert.equal(anyOverBudget(rows.filter((row) => row.id !== "load.ratio")), false);
});

test("an unavailable figure prints its reason and is not judged", () => {
    const [row] = judge([figures[3]], { "rows.ratio": { unavailable: "n/a (no command library yet)" } });
    assert.equal(row.verdict, "n/a");
    assert.equal(row.summary, null);
    assert.match(formatTable([row]), /n\/a \(no command library yet\)/);
});

test("a lowered budget turns a passing figure OVER", () => {
    const overrides = parseBudgetOverrides(["size.gzip=50"], undefined, figures);
    assert.deepEqual(overrides, { "size.gzip": 50 });
    const [row] = judge([figures[0]], { "size.gzip": [90] }, overrides);
    assert.equal(row.verdict, "OVER");
    assert.equal(row.budget, 50);
});

test("overrides come from flags and BENCHMARK_BUDGETS, flags win; typos and unbudgeted ids are refused", () => {
    assert.deepEqual(parseBudgetOverrides(["load.ratio=1.1"], "load.ratio=2, size.gzip=10", figures), {
        "load.ratio": 1.1,
        "size.gzip": 10,
    });
    assert.throws(() => parseBudgetOverrides(["load.ratoi=1"], undefined, figures), /No figure "load.ratoi"/);
    assert.throws(() => parseBudgetOverrides(["load.control=1"], undefined, figures), /has a budget/);
    assert.throws(() => parseBudgetOverrides(["load.ratio"], undefined, figures), /not id=number/);
});

test("values print in their unit", () => {
    assert.equal(formatValue(99759, "B"), "99,759 B");
    assert.equal(formatValue(1.234, "ms"), "1.23 ms");
    assert.equal(formatValue(51.06, "ms"), "51.1 ms");
    assert.equal(formatValue(1.155, "×"), "1.16×");
    assert.equal(formatValue(4.25, "%"), "4.3 %");
});

test("the table has one header, one rule and one line per figure", () => {
    const lines = formatTable(judge(figures, { "size.gzip": [1] })).split("\n");
    assert.equal(lines.length, 2 + figures.length);
    assert.match(lines[0], /^figure\s+median\s+min\s+max\s+budget\s+verdict$/);
});

test("the figure list has unique ids, known units and positive budgets", () => {
    const ids = FIGURES.map((figure) => figure.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const figure of FIGURES) {
        assert.ok(["B", "ms", "×", "%"].includes(figure.unit), figure.id);
        if (figure.budget !== undefined) assert.ok(figure.budget > 0, figure.id);
    }
});
