/** A random UUID v4 for one run; the flow and the user can quote it. */
export function newCorrelationId(): string {
    if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
    // Older hosts: the same format from getRandomValues; y is the RFC 4122 variant (8, 9, a or b).
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (digit) => {
        const random = crypto.getRandomValues(new Uint8Array(1))[0] & 15;
        return (digit === "x" ? random : (random & 3) | 8).toString(16);
    });
}
