// A TLS certificate for the local emulators and test pages (127.0.0.1 and localhost only).
// msal-browser refuses an http authority, so the Entra ID emulator must speak HTTPS; the page host
// and the Power Automate emulator can reuse the same key and certificate.
import { generate } from "selfsigned";

const DEFAULT_HOSTS = Object.freeze(["127.0.0.1", "localhost"]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Generates a fresh self-signed certificate valid for the given loopback names.
 * It is its own issuer, so `ca: cert` is what a Node client passes to trust it.
 * @param {{ hosts?: readonly string[], validDays?: number, commonName?: string }} [options]
 * @returns {Promise<{ key: string, cert: string, ca: string, fingerprint: string }>}
 */
export async function createLocalCertificate(options = {}) {
    const hosts = options.hosts ?? DEFAULT_HOSTS;
    const validDays = options.validDays ?? 7;
    const commonName = options.commonName ?? "FlowTriggerControl local emulator";
    // Back-dated an hour so a slightly skewed clock in a browser still accepts it.
    const notBeforeDate = new Date(Date.now() - 3600_000);
    const notAfterDate = new Date(Date.now() + validDays * 86_400_000);
    const altNames = hosts.map((host) => (IPV4.test(host) ? { type: 7, ip: host } : { type: 2, value: host }));
    const pems = await generate([{ name: "commonName", value: commonName }], {
        keySize: 2048,
        algorithm: "sha256",
        notBeforeDate,
        notAfterDate,
        extensions: [
            // cA lets OpenSSL (Node) use the self-signed leaf as its own trust anchor.
            { name: "basicConstraints", cA: true },
            { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
            { name: "extKeyUsage", serverAuth: true },
            { name: "subjectAltName", altNames },
        ],
    });
    return Object.freeze({ key: pems.private, cert: pems.cert, ca: pems.cert, fingerprint: pems.fingerprint });
}

let shared;

/**
 * One certificate per process, generated on first use: every emulator and page server started
 * in the same test process presents the same certificate, so one `ca` trusts them all.
 */
export function sharedLocalCertificate() {
    shared ??= createLocalCertificate();
    return shared;
}
