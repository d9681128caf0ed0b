// RS256 JSON Web Tokens: signing keys published as a JWKS, signing, decoding and verification.
// Shared by the Entra ID emulator (which signs) and the Power Automate emulator (which verifies).
import { createHash, createPrivateKey, createPublicKey, createSign, createVerify } from "node:crypto";
import { generate } from "selfsigned";

export function base64UrlEncode(input) {
    const buffer = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input);
    return buffer.toString("base64url");
}

export function base64UrlDecode(text) {
    return Buffer.from(text, "base64url");
}

function pemToDer(pem) {
    const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
    return Buffer.from(body, "base64");
}

/**
 * A 2048-bit RSA signing key with a self-signed certificate, shaped like an Entra ID key:
 * `kid` equals `x5t` (base64url SHA-1 thumbprint) and the JWK carries `x5c`.
 * @param {{ issuer?: string }} [options] issuer written into the JWK, as Entra's v2 keys carry one
 */
export async function createSigningKey(options = {}) {
    const pems = await generate([{ name: "commonName", value: "accounts.emulator.test" }], {
        keySize: 2048,
        algorithm: "sha256",
        notBeforeDate: new Date(Date.now() - 86_400_000),
        notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    });
    const der = pemToDer(pems.cert);
    const x5t = base64UrlEncode(createHash("sha1").update(der).digest());
    const publicJwk = createPublicKey(pems.cert).export({ format: "jwk" });
    const jwk = {
        kty: "RSA",
        use: "sig",
        kid: x5t,
        x5t,
        n: publicJwk.n,
        e: publicJwk.e,
        x5c: [der.toString("base64")],
        ...(options.issuer ? { issuer: options.issuer } : {}),
    };
    return Object.freeze({ kid: x5t, privateKey: createPrivateKey(pems.private), jwk: Object.freeze(jwk) });
}

/** Compact JWS, RS256, header `{ typ, alg, kid, x5t }` like Entra ID's. */
export function signJwt(payload, signingKey) {
    const header = { typ: "JWT", alg: "RS256", x5t: signingKey.kid, kid: signingKey.kid };
    const signingInput = `${base64UrlEncode(JSON.stringify(header))}.${base64UrlEncode(JSON.stringify(payload))}`;
    const signature = createSign("RSA-SHA256").update(signingInput).sign(signingKey.privateKey);
    return `${signingInput}.${base64UrlEncode(signature)}`;
}

/**
 * Splits and parses a compact JWS without verifying it.
 * @returns {{ header: object, payload: object, signingInput: string, signature: Buffer } | undefined}
 */
export function decodeJwt(token) {
    if (typeof token !== "string") return undefined;
    const parts = token.split(".");
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return undefined;
    try {
        const header = JSON.parse(base64UrlDecode(parts[0]).toString("utf8"));
        const payload = JSON.parse(base64UrlDecode(parts[1]).toString("utf8"));
        if (header === null || typeof header !== "object" || payload === null || typeof payload !== "object") {
            return undefined;
        }
        return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: base64UrlDecode(parts[2]) };
    } catch {
        return undefined;
    }
}

/**
 * Verifies an RS256 signature against a JWKS (`{ keys: [...] }`), choosing the key by `kid`.
 * @returns {{ ok: true, header: object, payload: object } | { ok: false, reason: "malformed" | "algorithm" | "unknown-key" | "signature" }}
 */
export function verifyJwtSignature(token, jwks) {
    const decoded = decodeJwt(token);
    if (!decoded) return { ok: false, reason: "malformed" };
    if (decoded.header.alg !== "RS256") return { ok: false, reason: "algorithm" };
    const jwk = (jwks?.keys ?? []).find((key) => key.kid === decoded.header.kid && key.kty === "RSA");
    if (!jwk) return { ok: false, reason: "unknown-key" };
    let publicKey;
    try {
        publicKey = createPublicKey({ key: { kty: "RSA", n: jwk.n, e: jwk.e }, format: "jwk" });
    } catch {
        return { ok: false, reason: "unknown-key" };
    }
    const valid = createVerify("RSA-SHA256").update(decoded.signingInput).verify(publicKey, decoded.signature);
    return valid ? { ok: true, header: decoded.header, payload: decoded.payload } : { ok: false, reason: "signature" };
}
