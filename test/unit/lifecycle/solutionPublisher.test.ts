import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SOLUTION_PUBLISHER_PREFIX } from "../../../FlowTriggerControl/composition";

describe("SOLUTION_PUBLISHER_PREFIX", () => {
    it("equals the publisher prefix the solution is packaged with", () => {
        const config = JSON.parse(
            readFileSync(resolve(__dirname, "../../../Solutions/solution.config.json"), "utf8"),
        ) as { publisher: { prefix: string } };
        expect(SOLUTION_PUBLISHER_PREFIX).toBe(config.publisher.prefix);
    });
});
