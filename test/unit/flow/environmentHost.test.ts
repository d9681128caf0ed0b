import {
    environmentKey,
    environmentKeyOfHost,
    isOtherEnvironmentHost,
} from "../../../FlowTriggerControl/flow/environmentHost";

// Environment ids as the admin center and OrganizationDetail.EnvironmentId write them, and the hosts they give.
const PRODUCTION = "308d8cf6-baa8-eba2-8a15-8afc891fddf9";
const PRODUCTION_HOST = "308d8cf6baa8eba28a158afc891fdd.f9.environment.api.powerplatform.com";
const DEFAULT = "Default-65b52940-f4b6-41bd-833d-3033ecbcf6e1";
const DEFAULT_HOST = "default65b52940f4b641bd833d3033ecbcf6.e1.environment.api.powerplatform.com";
/** Clouds other than the public one split the id 31 + 1 (GCC, observed in a real trigger URL). */
const GCC_DEFAULT_HOST = "default65b52940f4b641bd833d3033ecbcf6e.1.environment.api.gov.powerplatform.microsoft.us";
const GCC_HIGH_HOST = "308d8cf6baa8eba28a158afc891fddf.9.environment.api.high.powerplatform.microsoft.us";

describe("environmentKeyOfHost", () => {
    it.each([
        [PRODUCTION_HOST, "308d8cf6baa8eba28a158afc891fddf9"],
        [DEFAULT_HOST, "default65b52940f4b641bd833d3033ecbcf6e1"],
        [GCC_DEFAULT_HOST, "default65b52940f4b641bd833d3033ecbcf6e1"],
        [GCC_HIGH_HOST, "308d8cf6baa8eba28a158afc891fddf9"],
        [PRODUCTION_HOST.toUpperCase(), "308d8cf6baa8eba28a158afc891fddf9"],
        [
            "Default65B52940F4B641BD833D3033ECBCF6.E1.environment.api.powerplatform.com",
            "default65b52940f4b641bd833d3033ecbcf6e1",
        ],
    ])("%s names environment %s (both splits, any case, default environments)", (host, key) => {
        expect(environmentKeyOfHost(host)).toBe(key);
    });

    it.each([
        ["a legacy host", "prod-27.westeurope.logic.azure.com"],
        ["a custom domain", "flows.contoso.example"],
        ["loopback", "127.0.0.1"],
        ["31 + 2 hex", "308d8cf6baa8eba28a158afc891fddf.f9.environment.api.powerplatform.com"],
        ["29 + 2 hex", "308d8cf6baa8eba28a158afc891fd.f9.environment.api.powerplatform.com"],
        ["30 + 1 hex", "308d8cf6baa8eba28a158afc891fdd.f.environment.api.powerplatform.com"],
        ["a letter that isn't hex", "308d8cf6baa8eba28a158afc891fdg.f9.environment.api.powerplatform.com"],
        ["no .environment. label", "308d8cf6baa8eba28a158afc891fdd.f9.api.powerplatform.com"],
        ["the labels further in", `x.${PRODUCTION_HOST}`],
        ["an empty host", ""],
    ])("names no environment for %s", (_name, host) => {
        expect(environmentKeyOfHost(host)).toBeUndefined();
    });
});

describe("environmentKey", () => {
    it.each([
        [PRODUCTION, "308d8cf6baa8eba28a158afc891fddf9"],
        [PRODUCTION.toUpperCase(), "308d8cf6baa8eba28a158afc891fddf9"],
        [DEFAULT, "default65b52940f4b641bd833d3033ecbcf6e1"],
        [` ${DEFAULT.toLowerCase()} `, "default65b52940f4b641bd833d3033ecbcf6e1"],
    ])("%s → %s", (id, key) => {
        expect(environmentKey(id)).toBe(key);
    });

    it.each([
        "",
        "contoso",
        "Default",
        `${PRODUCTION}0`,
        `Sandbox-${PRODUCTION}`,
        "{308d8cf6-baa8-eba2-8a15-8afc891fddf9}",
    ])("%p is not an environment id", (id) => {
        expect(environmentKey(id)).toBeUndefined();
    });
});

describe("isOtherEnvironmentHost", () => {
    it("is false for the environment's own host, whatever the case of either side", () => {
        expect(isOtherEnvironmentHost(PRODUCTION_HOST, PRODUCTION)).toBe(false);
        expect(isOtherEnvironmentHost(PRODUCTION_HOST.toUpperCase(), PRODUCTION)).toBe(false);
        expect(isOtherEnvironmentHost(DEFAULT_HOST, DEFAULT.toUpperCase())).toBe(false);
        expect(isOtherEnvironmentHost(GCC_DEFAULT_HOST, DEFAULT)).toBe(false);
    });

    it("is true for another environment's host: the development URL imported into production", () => {
        expect(isOtherEnvironmentHost(DEFAULT_HOST, PRODUCTION)).toBe(true);
        expect(isOtherEnvironmentHost(PRODUCTION_HOST, DEFAULT)).toBe(true);
        expect(isOtherEnvironmentHost(GCC_HIGH_HOST, DEFAULT)).toBe(true);
    });

    it("a default environment and a plain environment with the same hex digits are different environments", () => {
        const plain = "65b52940-f4b6-41bd-833d-3033ecbcf6e1";
        expect(isOtherEnvironmentHost(DEFAULT_HOST, plain)).toBe(true);
    });

    it("says nothing when either side is unknown: a host without an environment, or an id it can't read", () => {
        expect(isOtherEnvironmentHost("prod-27.westeurope.logic.azure.com", PRODUCTION)).toBe(false);
        expect(isOtherEnvironmentHost(PRODUCTION_HOST, "")).toBe(false);
        expect(isOtherEnvironmentHost(PRODUCTION_HOST, "not-an-id")).toBe(false);
    });
});
