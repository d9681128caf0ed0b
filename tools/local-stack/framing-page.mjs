// A page of another site that frames a page of the local stack, the way Teams, Outlook or a portal frame a
// model-driven app. Open it as https://localhost:<port>/?src=<url of a local page>: localhost and 127.0.0.1
// are different sites, so the framed page runs in a cross-site frame (storage partitioned by top-level site
// when the browser partitions it; see launchLocalBrowser's storagePartitioning).
import http from "node:http";
import https from "node:https";
import { isLoopback } from "./browser.mjs";

const escapeAttribute = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function page(src) {
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Embedding site</title>
<style>body{margin:0;font-family:sans-serif}header{padding:8px 12px;background:#464775;color:#fff}iframe{border:0;width:100%;height:calc(100vh - 40px)}</style>
</head>
<body><header>Embedding site (another site than the app)</header><iframe id="app" title="Embedded app" src="${escapeAttribute(src)}"></iframe></body>
</html>
`;
}

/**
 * Starts the framing page on 127.0.0.1 (port 0 unless given).
 * @param {{ tls?: { key: string, cert: string }, port?: number }} [options]
 * @returns {Promise<{ port: number, urlFor(src: string, host?: string): string, close(): Promise<void> }>}
 */
export async function startFramingPage(options = {}) {
    const handler = (req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const src = url.searchParams.get("src") ?? "";
        // Frames local pages only: the stack never points a browser elsewhere.
        if (url.pathname !== "/" || !isLoopback(src)) {
            res.writeHead(404, { "Content-Type": "text/plain" });
            res.end("Not found");
            return;
        }
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
        res.end(page(src));
    };
    const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, "127.0.0.1", resolve);
    });
    const { port } = server.address();
    const scheme = options.tls ? "https" : "http";
    return {
        port,
        /** The framing page for `src`, on `host` (default localhost: another site than 127.0.0.1). */
        urlFor: (src, host = "localhost") => `${scheme}://${host}:${port}/?src=${encodeURIComponent(src)}`,
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections?.();
                server.close(() => resolve());
            }),
    };
}
