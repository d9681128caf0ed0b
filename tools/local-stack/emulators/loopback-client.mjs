// A minimal HTTP(S) client for tests and emulators that only ever talks to this machine.
// Node's global fetch cannot be told to trust one extra CA without undici's Agent (not installed),
// so this uses http(s).request with `ca`. It never follows redirects.
import http from "node:http";
import https from "node:https";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * @param {string | URL} target absolute URL on 127.0.0.1 / localhost / [::1]
 * @param {{ method?: string, headers?: Record<string,string>, body?: string | Buffer, ca?: string, timeoutMs?: number }} [options]
 * @returns {Promise<{ status: number, headers: Record<string, string | string[]>, text: string, json: () => any }>}
 */
export function requestLoopback(target, options = {}) {
    const url = new URL(target);
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
        return Promise.reject(new Error(`Refusing to contact a non-loopback host: ${url.hostname}`));
    }
    const isHttps = url.protocol === "https:";
    const transport = isHttps ? https : http;
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
        const request = transport.request(
            url,
            {
                method: options.method ?? "GET",
                headers: options.headers ?? {},
                ...(isHttps ? { ca: options.ca } : {}),
                // A fresh connection per request: nothing lingers after a test.
                agent: false,
            },
            (response) => {
                const chunks = [];
                response.on("data", (chunk) => chunks.push(chunk));
                response.on("end", () => {
                    clearTimeout(timer);
                    const text = Buffer.concat(chunks).toString("utf8");
                    resolve({
                        status: response.statusCode ?? 0,
                        headers: response.headers,
                        text,
                        json: () => JSON.parse(text),
                    });
                });
                response.on("error", (error) => {
                    clearTimeout(timer);
                    reject(error);
                });
            },
        );
        const timer = setTimeout(
            () => request.destroy(new Error(`Timed out after ${timeoutMs} ms: ${url.origin}${url.pathname}`)),
            timeoutMs,
        );
        request.on("error", (error) => {
            clearTimeout(timer);
            reject(error);
        });
        if (options.body !== undefined) request.write(options.body);
        request.end();
    });
}
