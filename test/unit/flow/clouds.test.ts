import { CLOUD_NAMES, CLOUDS, cloudOfTriggerHost, isMicrosoftLoginHost } from "../../../FlowTriggerControl/flow/clouds";
import type { CloudName } from "../../../FlowTriggerControl/contracts/cloudName";

const ENV_PUBLIC = "0123456789abcdef0123456789abcd.ef"; // 30 + 2 hex
const ENV_SOVEREIGN = "0123456789abcdef0123456789abcde.f"; // 31 + 1 hex

describe("CLOUDS", () => {
    it.each<[CloudName, string, string, string]>([
        [
            "Public",
            "login.microsoftonline.com",
            "https://service.flow.microsoft.com/",
            "https://service.flow.microsoft.com//.default",
        ],
        [
            "UsGov",
            "login.microsoftonline.com",
            "https://gov.service.flow.microsoft.us/",
            "https://gov.service.flow.microsoft.us//.default",
        ],
        [
            "UsGovHigh",
            "login.microsoftonline.us",
            "https://high.service.flow.microsoft.us/",
            "https://high.service.flow.microsoft.us//.default",
        ],
        [
            "UsGovDoD",
            "login.microsoftonline.us",
            "https://service.flow.appsplatform.us/",
            "https://service.flow.appsplatform.us//.default",
        ],
        [
            "China",
            "login.partner.microsoftonline.cn",
            "https://service.powerautomate.cn/",
            "https://service.powerautomate.cn//.default",
        ],
    ])("%s: login host, exact audience with trailing slash, double-slash scope", (name, login, audience, scope) => {
        const cloud = CLOUDS[name];
        expect(cloud.loginHost).toBe(login);
        expect(cloud.flowAudience).toBe(audience);
        expect(cloud.flowAudience.endsWith("/")).toBe(true);
        expect(cloud.flowScope).toBe(scope);
    });

    it("lists every cloud name once and is frozen", () => {
        expect([...CLOUD_NAMES].sort()).toEqual(["China", "Public", "UsGov", "UsGovDoD", "UsGovHigh"]);
        expect(Object.isFrozen(CLOUDS)).toBe(true);
        expect(Object.isFrozen(CLOUDS.Public)).toBe(true);
    });

    it.each<[CloudName, string]>([
        ["Public", "prod-27.westus.logic.azure.com"],
        ["Public", "prod-00.westus.logic.azure.com"],
        ["Public", "prod-178.westus.logic.azure.com"],
        ["Public", "prod2-07.canadacentral.logic.azure.com"],
        ["Public", `${ENV_PUBLIC}.environment.api.powerplatform.com`],
        ["Public", `default${ENV_PUBLIC}.environment.api.powerplatform.com`],
        ["Public", `${ENV_SOVEREIGN}.environment.api.powerplatform.com`],
        ["UsGov", "prod-58.usgovtexas.logic.azure.us"],
        ["UsGov", `default${ENV_SOVEREIGN}.environment.api.gov.powerplatform.microsoft.us`],
        ["UsGov", "default66cf50745afe48d1a691a12b2121f44.b.environment.api.gov.powerplatform.microsoft.us"],
        ["UsGovHigh", "prod-08.usgovvirginia.logic.azure.us"],
        ["UsGovHigh", `${ENV_SOVEREIGN}.environment.api.high.powerplatform.microsoft.us`],
        ["UsGovDoD", "prod-01.usdodeast.logic.azure.us"],
        ["UsGovDoD", `${ENV_SOVEREIGN}.environment.api.appsplatform.us`],
        ["China", "prod-05.chinaeast2.logic.azure.cn"],
        ["China", `${ENV_SOVEREIGN}.environment.api.powerplatform.partner.microsoftonline.cn`],
    ])("%s accepts trigger host %s", (name, host) => {
        expect(CLOUDS[name].isTriggerHost(host)).toBe(true);
    });

    it.each<[CloudName, string]>([
        ["Public", "prod-01.westus.logic.azure.com.evil.com"],
        ["Public", "prod-01.westus.logic.azure.com."],
        ["Public", "evil.prod-01.westus.logic.azure.com"],
        ["Public", "prod-01.westus.logic-azure.com"],
        ["Public", "logic.azure.com"],
        ["Public", "prod-01.logic.azure.com"],
        ["Public", "prod-1234.westus.logic.azure.com"],
        ["Public", "prodx-01.westus.logic.azure.com"],
        ["Public", "PROD-01.WESTUS.LOGIC.AZURE.COM"], // callers pass URL.hostname, which is lower-case
        ["Public", "prod-01.westus.logic.azure.us"],
        ["Public", `${ENV_PUBLIC}.environment.api.powerplatform.com.evil.com`],
        ["Public", "0123456789abcdef0123456789abc.ef.environment.api.powerplatform.com"], // 29 + 2
        ["Public", "0123456789abcdef0123456789abcdef.ab.environment.api.powerplatform.com"], // 32 + 2
        ["Public", "0123456789abcdef0123456789abcz.ef.environment.api.powerplatform.com"],
        ["Public", "api.powerplatform.com"],
        ["Public", "environment.api.powerplatform.com"],
        ["Public", `x${ENV_PUBLIC}.environment.api.powerplatform.com`],
        ["Public", `${ENV_PUBLIC}.environment.api.gov.powerplatform.microsoft.us`],
        ["UsGov", "prod-01.westus.logic.azure.com"],
        ["UsGov", `${ENV_SOVEREIGN}.environment.api.powerplatform.com`],
        ["China", "prod-01.chinaeast2.logic.azure.com"],
        ["UsGovDoD", `${ENV_SOVEREIGN}.environment.api.high.powerplatform.microsoft.us`],
    ])("%s refuses %s", (name, host) => {
        expect(CLOUDS[name].isTriggerHost(host)).toBe(false);
    });

    it("names the cloud a trigger host belongs to", () => {
        expect(cloudOfTriggerHost("prod-27.westus.logic.azure.com")).toBe("Public");
        expect(cloudOfTriggerHost(`${ENV_SOVEREIGN}.environment.api.appsplatform.us`)).toBe("UsGovDoD");
        expect(cloudOfTriggerHost("prod-05.chinaeast2.logic.azure.cn")).toBe("China");
        expect(cloudOfTriggerHost("example.com")).toBeUndefined();
    });
});

describe("isMicrosoftLoginHost", () => {
    it.each([
        "login.microsoftonline.com",
        "LOGIN.MICROSOFTONLINE.COM",
        "login.microsoft.com",
        "login.windows.net",
        "login.microsoftonline.us",
        "login.usgovcloudapi.net",
        "login.chinacloudapi.cn",
        "login.partner.microsoftonline.cn",
    ])("accepts %s", (host) => {
        expect(isMicrosoftLoginHost(host)).toBe(true);
    });

    it.each([
        "login.microsoftonline.com.evil.com",
        "evil-login.microsoftonline.com",
        "login.microsoftonline.com.",
        "microsoftonline.com",
        "login.microsoftonline.de",
        "sts.windows.net",
        "",
    ])("refuses %s", (host) => {
        expect(isMicrosoftLoginHost(host)).toBe(false);
    });

    it("covers every cloud's own login host", () => {
        for (const name of CLOUD_NAMES) expect(isMicrosoftLoginHost(CLOUDS[name].loginHost)).toBe(true);
    });
});
