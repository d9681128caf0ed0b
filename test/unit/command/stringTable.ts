import type { StringTable } from "../../../FlowTriggerControl/strings/stringTable";
import { loadResx } from "../../support/resx";

/** The table the build embeds: every resx text, per language. */
export function resxStringTable(): StringTable {
    const result: Record<string, Record<string, string>> = {};
    for (const lcid of ["1033", "1031", "1036"] as const) result[lcid] = Object.fromEntries(loadResx(Number(lcid)));
    return result;
}
