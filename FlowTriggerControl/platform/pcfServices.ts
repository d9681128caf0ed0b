import { SIGNED_IN_USER_SELECT, signedInUserFromRow } from "../auth/accountSelection";
import type { SignedInUser } from "../auth/tokenProvider";
import type { IInputs } from "../generated/ManifestTypes";

/**
 * Narrow services over the PCF context for the pure modules: they receive these, never the context.
 */
export interface PcfServices {
    readonly records: {
        retrieveRecord(entityType: string, id: string, options?: string): Promise<Record<string, unknown>>;
    };
    readonly metadata: { getEntityMetadata(entityName: string, attributes?: string[]): Promise<unknown> };
    readonly queries: Pick<ComponentFramework.WebApi, "retrieveMultipleRecords">;
    /** The user's Dataverse time-zone offset (not the browser's), for date-only columns. */
    readonly userTimeZoneOffsetMinutes: (instant: Date) => number;
    /** The signed-in user's UPN and Entra object id, from the systemuser row (documented columns). */
    readonly lookUpSignedInUser: (userId: string) => Promise<SignedInUser>;
}

export function createPcfServices(context: ComponentFramework.Context<IInputs>): PcfServices {
    const webAPI = context.webAPI;
    return {
        // The host's own objects, typed down to the members above: their methods are called on them as usual.
        records: webAPI,
        metadata: context.utils,
        queries: webAPI,
        userTimeZoneOffsetMinutes: (instant) => context.userSettings.getTimeZoneOffsetMinutes(instant),
        lookUpSignedInUser: async (userId) => {
            if (!userId) return {};
            try {
                const row = await webAPI.retrieveRecord("systemuser", userId, SIGNED_IN_USER_SELECT);
                return signedInUserFromRow(row);
            } catch {
                // Without a hint MSAL still works; the user may just have to pick the account.
                return {};
            }
        },
    };
}
