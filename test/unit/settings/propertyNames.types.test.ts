import type { IInputs } from "../../../FlowTriggerControl/generated/ManifestTypes";
import { PropertyNames, type PropertyName } from "../../../FlowTriggerControl/settings/settings.types";

/**
 * Compile-time check: ts-jest type-checks this file, so it fails to compile when the manifest gains or
 * loses an input property that PropertyNames does not list (IInputs is generated from the manifest by
 * the build). The runtime assertions only make the result visible in the test report.
 */
type ManifestProperty = Exclude<keyof IInputs, "boundField">;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const listMatchesManifest: Same<PropertyName, ManifestProperty> = true;

describe("PropertyNames", () => {
    it("names exactly the manifest's input properties (generated IInputs, minus the bound field)", () => {
        expect(listMatchesManifest).toBe(true);
        expect(new Set(PropertyNames).size).toBe(PropertyNames.length);
    });
});
