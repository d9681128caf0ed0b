import type { CloudName } from "../contracts/cloudName";

/** What sign-in needs, already validated by settings/. */
export interface EntraSettings {
    readonly clientId: string;
    readonly tenantId: string;
    readonly cloud: CloudName;
    /** Sign-in authority, e.g. https://login.microsoftonline.com/<tenant> (no trailing slash). */
    readonly authority: string;
    /** True when `authority` came from the maker's override and its host is not a Microsoft sign-in host. */
    readonly authorityIsCustom: boolean;
    readonly scope: string;
    readonly redirectUri: string;
}
