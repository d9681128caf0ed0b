// An HTTP proxy on 127.0.0.1 that forwards nothing: point a browser at it (--proxy-server) and every
// request to a host other than loopback (which Chromium never proxies) fails here and is recorded.
// Unlike Playwright's page.route, it does not switch on request interception, which would answer
// CORS preflights itself and hide what a real server says.
import http from "node:http";
import { closeServer, listen, trackConnections } from "./http-messages.mjs";

/**
 * @returns {Promise<{ url: string, port: number, attempts: string[], close: () => Promise<void> }>}
 * `attempts` lists "host:port" (CONNECT, for https) or origins (plain http) that were refused.
 */
export async function startBlockingProxy() {
    const attempts = [];
    const server = http.createServer((request, response) => {
        try {
            attempts.push(new URL(request.url ?? "").origin);
        } catch {
            attempts.push(String(request.url));
        }
        response.writeHead(403, { "Content-Type": "text/plain", Connection: "close" });
        response.end("Blocked: tests never leave this machine");
    });
    server.on("connect", (request, socket) => {
        attempts.push(String(request.url));
        // Node hands a CONNECT socket over without its error listener: a browser resetting it (as Chromium does
        // when it closes) would otherwise be an uncaught ECONNRESET that fails whichever test file is running.
        socket.on("error", () => undefined);
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
    });
    const connections = trackConnections(server);
    const port = await listen(server, 0, "127.0.0.1");
    return Object.freeze({
        url: `http://127.0.0.1:${port}`,
        port,
        attempts,
        close: () => closeServer(server, connections),
    });
}
