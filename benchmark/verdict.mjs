// Pure helpers of the benchmark: summaries, budget overrides, verdicts and the printed table.
// No I/O here, so test/benchmark/verdict.test.mjs can check them directly.

/** @param {readonly number[]} samples */
export function median(samples) {
    if (samples.length === 0) throw new Error("median of no samples");
    const sorted = [...samples].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** @param {readonly number[]} samples */
export function summarize(samples) {
    return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/** Ratios of paired samples (measured close together in time, so machine load hits both alike). */
export function pairedRatios(numerators, denominators) {
    if (numerators.length !== denominators.length) throw new Error("paired samples differ in count");
    return numerators.map((value, index) => value / denominators[index]);
}

/**
 * Budget overrides from `--budget id=value` flags and the BENCHMARK_BUDGETS variable ("id=value,id=value");
 * flags win. Throws on a malformed entry or an id that has no budget, so a typo never passes silently.
 * @param {readonly string[]} flags
 * @param {string | undefined} environment
 * @param {ReadonlyArray<{ id: string, budget?: number }>} figures
 */
export function parseBudgetOverrides(flags, environment, figures) {
    const budgeted = new Set(figures.filter((figure) => figure.budget !== undefined).map((figure) => figure.id));
    const entries = [
        ...(environment ?? "")
            .split(",")
            .map((entry) => entry.trim())
            .filter(Boolean),
        ...flags,
    ];
    const overrides = {};
    for (const entry of entries) {
        const match = /^([\w.]+)=(-?\d+(?:\.\d+)?)$/.exec(entry);
        if (!match) throw new Error(`Budget override "${entry}" is not id=number.`);
        if (!budgeted.has(match[1]))
            throw new Error(`No figure "${match[1]}" has a budget. Budgeted: ${[...budgeted].join(", ")}.`);
        overrides[match[1]] = Number(match[2]);
    }
    return overrides;
}

/**
 * One table row per figure. A figure's verdict is "ok" or "OVER" against its budget (a maximum on the
 * median), "-" without a budget, "n/a" when it could not be measured (then it is not judged).
 * @param {ReadonlyArray<{ id: string, label: string, unit: string, budget?: number }>} figures
 * @param {Record<string, number[] | { unavailable: string }>} results samples per figure id
 * @param {Record<string, number>} overrides
 */
export function judge(figures, results, overrides = {}) {
    return figures.map((figure) => {
        const budget = overrides[figure.id] ?? figure.budget;
        const result = results[figure.id];
        const row = { id: figure.id, label: figure.label, unit: figure.unit, budget: budget ?? null };
        if (result === undefined) return { ...row, summary: null, verdict: "n/a", note: "not measured in this run" };
        if (!Array.isArray(result)) return { ...row, summary: null, verdict: "n/a", note: result.unavailable };
        const summary = summarize(result);
        const verdict = budget === undefined ? "-" : summary.median <= budget ? "ok" : "OVER";
        return { ...row, summary, verdict, note: null };
    });
}

export function anyOverBudget(rows) {
    return rows.some((row) => row.verdict === "OVER");
}

/** A value in its unit, for the table: bytes with separators, times in ms, ratios with ×, percentages. */
export function formatValue(value, unit) {
    if (value === null || value === undefined) return "";
    switch (unit) {
        case "B":
            return `${Math.round(value).toLocaleString("en-US")} B`;
        case "ms":
            return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
        case "×":
            return `${value.toFixed(2)}×`;
        case "%":
            return `${value.toFixed(1)} %`;
        default:
            return `${value} ${unit}`;
    }
}

/** The printed table: figure, median, min, max, budget, verdict (for an unmeasured figure: why). */
export function formatTable(rows) {
    const header = ["figure", "median", "min", "max", "budget", "verdict"];
    const lines = rows.map((row) => [
        row.label,
        row.summary ? formatValue(row.summary.median, row.unit) : "n/a",
        row.summary ? formatValue(row.summary.min, row.unit) : "",
        row.summary ? formatValue(row.summary.max, row.unit) : "",
        row.budget === null ? "" : `≤ ${formatValue(row.budget, row.unit)}`,
        row.note ?? row.verdict,
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
    const render = (cells) =>
        cells
            .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
            .join("  ");
    return [render(header), widths.map((width) => "-".repeat(width)).join("  "), ...lines.map(render)].join("\n");
}
