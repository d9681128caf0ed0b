import { createHash } from "node:crypto";

/**
 * Fixed namespace for every id this project derives from a name.
 * Never change it: web resource ids already imported into environments come from it.
 */
export const FLOW_TRIGGER_CONTROL_NAMESPACE = "3afac280-9340-4ccd-ae30-136f315fac2d";

/**
 * RFC 4122 version 5 (SHA-1, name-based) UUID, lower case, without braces.
 * The same name always gives the same id, so packaging is reproducible.
 * @param {string} name
 * @param {string} [namespace]
 * @returns {string}
 */
export function nameBasedUuid(name, namespace = FLOW_TRIGGER_CONTROL_NAMESPACE) {
    const namespaceHex = namespace.replace(/-/g, "");
    if (!/^[0-9a-fA-F]{32}$/.test(namespaceHex)) {
        throw new Error(`Namespace "${namespace}" is not a UUID.`);
    }
    const hash = createHash("sha1").update(Buffer.from(namespaceHex, "hex")).update(Buffer.from(name, "utf8")).digest();
    const bytes = hash.subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
