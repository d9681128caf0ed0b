// Reading requests and writing responses for the emulators' plain node:http handlers.

export class BodyTooLargeError extends Error {
    constructor(limit) {
        super(`Request body larger than ${limit} bytes`);
        this.limit = limit;
    }
}

/**
 * Reads the whole request body, refusing more than `maxBytes`.
 * @returns {Promise<Buffer>}
 */
export function readBody(request, maxBytes) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        let failed = false;
        request.on("data", (chunk) => {
            if (failed) return;
            size += chunk.length;
            if (size > maxBytes) {
                failed = true;
                // Drain the rest so the socket can carry the error response.
                request.resume();
                reject(new BodyTooLargeError(maxBytes));
                return;
            }
            chunks.push(chunk);
        });
        request.on("end", () => {
            if (!failed) resolve(Buffer.concat(chunks));
        });
        request.on("error", (error) => {
            if (!failed) reject(error);
        });
    });
}

/** Parses an application/x-www-form-urlencoded body into a plain object (last value wins). */
export function parseForm(buffer) {
    return Object.fromEntries(new URLSearchParams(buffer.toString("utf8")));
}

export function sendJson(response, status, body, headers = {}) {
    const text = JSON.stringify(body);
    response.writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
        ...headers,
    });
    response.end(text);
}

export function sendHtml(response, status, html, headers = {}) {
    response.writeHead(status, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": Buffer.byteLength(html),
        "Cache-Control": "no-store",
        ...headers,
    });
    response.end(html);
}

export function sendText(response, status, text, headers = {}) {
    response.writeHead(status, {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
        ...headers,
    });
    response.end(text);
}

export function sendEmpty(response, status, headers = {}) {
    response.writeHead(status, { "Content-Length": 0, ...headers });
    response.end();
}

export function redirect(response, location, headers = {}, status = 302) {
    response.writeHead(status, { Location: location, "Content-Length": 0, "Cache-Control": "no-store", ...headers });
    response.end();
}

/** True for http(s) origins on 127.0.0.1, [::1] or localhost, any port. */
export function isLoopbackOrigin(origin) {
    if (typeof origin !== "string") return false;
    try {
        const url = new URL(origin);
        return (
            (url.protocol === "http:" || url.protocol === "https:") &&
            ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname) &&
            url.origin === origin
        );
    } catch {
        return false;
    }
}

/** Tracks open sockets so close() can end keep-alive and hanging connections at once. */
export function trackConnections(server) {
    const sockets = new Set();
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    return {
        destroyAll() {
            for (const socket of sockets) socket.destroy();
            sockets.clear();
        },
    };
}

/** Starts listening and resolves with the bound port. */
export function listen(server, port, host) {
    return new Promise((resolve, reject) => {
        const onError = (error) => reject(error);
        server.once("error", onError);
        server.listen(port, host, () => {
            server.off("error", onError);
            resolve(server.address().port);
        });
    });
}

/** Closes the server and every open connection; resolves when the listener is gone. */
export function closeServer(server, connections) {
    return new Promise((resolve) => {
        server.close(() => resolve());
        connections.destroyAll();
    });
}
