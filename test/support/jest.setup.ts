import "@testing-library/jest-dom";
import { setIconOptions } from "@fluentui/react";

// Icon fonts are not loaded in jsdom; Fluent would warn for every icon it renders.
setIconOptions({ disableWarnings: true });

/**
 * React's "not wrapped in act(...)" warning means a test looked at the screen before a state update
 * landed: it fails the test here, so the warning can't return unnoticed and real warnings stand out.
 */
const actWarnings: string[] = [];
/* eslint-disable no-console -- the point is to watch what React writes to console.error */
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]): void => {
    const [first] = args;
    if (typeof first === "string" && first.includes("not wrapped in act(")) {
        actWarnings.push(first.split("\n")[0]);
    }
    consoleError(...args);
};
/* eslint-enable no-console */

afterEach(() => {
    const found = actWarnings.splice(0);
    if (found.length > 0) {
        throw new Error(`React state was updated outside act(): ${found.join(" | ")}`);
    }
});
