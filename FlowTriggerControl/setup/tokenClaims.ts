/**
 * The claims of an access token, for the token row. Only the claims are read (the signature is the
 * trigger's business); the token itself never leaves the caller. Pure.
 */
export interface TokenClaims {
    readonly aud?: string;
    readonly tid?: string;
    readonly scp?: string;
    readonly upn?: string;
    readonly name?: string;
    readonly oid?: string;
    /** Seconds since the epoch. */
    readonly exp?: number;
}

export function decodeClaims(token: string): TokenClaims | undefined {
    const part = token.split(".")[1];
    if (!part) return undefined;
    let json: unknown;
    try {
        const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
        const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
        const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
        json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
        return undefined;
    }
    if (typeof json !== "object" || json === null) return undefined;
    const bag = json as Record<string, unknown>;
    const text = (key: string): string | undefined => (typeof bag[key] === "string" ? bag[key] : undefined);
    return {
        aud: text("aud"),
        tid: text("tid"),
        scp: text("scp"),
        upn: text("upn") ?? text("preferred_username") ?? text("unique_name"),
        name: text("name"),
        oid: text("oid"),
        exp: typeof bag.exp === "number" ? bag.exp : undefined,
    };
}
