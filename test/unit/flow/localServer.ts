import http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the local test server saw it. */
export interface SeenRequest {
    readonly method: string;
    readonly path: string;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, seen: SeenRequest, index: number) => void;

export interface LocalServer {
    readonly origin: string;
    readonly port: number;
    readonly requests: SeenRequest[];
    /** Resolves when the server has received its n-th request (1-based). */
    received(n: number): Promise<void>;
    close(): Promise<void>;
}

/** HTTP server on 127.0.0.1, ephemeral port. Bodies are read (bounded) before the handler runs. */
export async function startLocalServer(handler: Handler): Promise<LocalServer> {
    const requests: SeenRequest[] = [];
    const waiters: { n: number; resolve: () => void }[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= 1024 * 1024) chunks.push(chunk);
        });
        req.on("end", () => {
            const seen: SeenRequest = {
                method: req.method ?? "",
                path: req.url ?? "",
                headers: req.headers,
                body: Buffer.concat(chunks).toString("utf8"),
            };
            requests.push(seen);
            for (const waiter of waiters.filter((w) => w.n <= requests.length)) waiter.resolve();
            handler(req, res, seen, requests.length - 1);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        origin: `http://127.0.0.1:${port}`,
        port,
        requests,
        received(n: number) {
            if (requests.length >= n) return Promise.resolve();
            return new Promise<void>((resolve) => waiters.push({ n, resolve }));
        },
        close() {
            server.closeAllConnections();
            return new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

export function sendJson(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: http.OutgoingHttpHeaders = {},
): void {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
}
