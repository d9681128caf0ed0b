// Shared Access Signatures of "Anyone" trigger URLs and of async status URLs: `sp` (permission),
// `sv` (version) and `sig`, an HMAC-SHA256 over the workflow and the permission with a per-flow key.
// The real key derivation is not public; only the shape (43 base64url characters) is reproduced.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SAS_VERSION = "1.0";

export function triggerPermission(triggerName) {
    return `/triggers/${triggerName}/run`;
}

export function statusPermission(runId, operationId) {
    return `/runs/${runId}/operations/${operationId}/read`;
}

export function sasSignature(key, workflowId, permission, version = SAS_VERSION) {
    return createHmac("sha256", key).update(`${workflowId}\n${permission}\n${version}`).digest("base64url");
}

/** The three SAS query parameters, in the order the portal writes them. */
export function sasQuery(key, workflowId, permission) {
    const query = new URLSearchParams({
        sp: permission,
        sv: SAS_VERSION,
        sig: sasSignature(key, workflowId, permission),
    });
    return query.toString();
}

/**
 * @param {URLSearchParams} searchParams
 * @returns {"missing" | "invalid" | "valid"}
 */
export function checkSas(key, workflowId, permission, searchParams) {
    const sig = searchParams.get("sig");
    if (!sig && !searchParams.has("sp") && !searchParams.has("sv")) return "missing";
    if (!sig || searchParams.get("sp") !== permission || searchParams.get("sv") !== SAS_VERSION) return "invalid";
    const expected = Buffer.from(sasSignature(key, workflowId, permission));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given) ? "valid" : "invalid";
}

/** True when the query carries any SAS parameter. */
export function hasSasParameters(searchParams) {
    return searchParams.has("sig") || searchParams.has("sp") || searchParams.has("sv");
}
