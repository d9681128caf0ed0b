// The blocking proxy every browser test points Chromium at: it refuses everything, and a client that resets
// its connection (Chromium does when it closes) must not become an uncaught exception in the test process.
import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { startBlockingProxy } from "../../tools/local-stack/emulators/blocking-proxy.mjs";
import { requestLoopback } from "../../tools/local-stack/emulators/loopback-client.mjs";

/** Sends a CONNECT and resets the connection at once, without waiting for the proxy's answer. */
function connectAndReset(port) {
    return new Promise((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1", () => {
            socket.write("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
            setImmediate(() => {
                socket.resetAndDestroy();
                resolve();
            });
        });
        socket.on("error", reject);
    });
}

test("refuses a CONNECT with 403 and records it", async () => {
    const proxy = await startBlockingProxy();
    try {
        const answer = await new Promise((resolve, reject) => {
            const socket = net.connect(proxy.port, "127.0.0.1", () =>
                socket.write(
                    "CONNECT login.microsoftonline.com:443 HTTP/1.1\r\nHost: login.microsoftonline.com:443\r\n\r\n",
                ),
            );
            let text = "";
            socket.on("data", (chunk) => (text += chunk));
            socket.on("end", () => resolve(text));
            socket.on("error", reject);
        });
        assert.match(answer, /^HTTP\/1\.1 403 /);
        assert.deepEqual(proxy.attempts, ["login.microsoftonline.com:443"]);
    } finally {
        await proxy.close();
    }
});

test("refuses a plain http request with 403", async () => {
    const proxy = await startBlockingProxy();
    try {
        const answer = await requestLoopback(`${proxy.url}/`, { headers: { Host: "example.com" } });
        assert.equal(answer.status, 403);
    } finally {
        await proxy.close();
    }
});

test("a client resetting its CONNECT is not an uncaught exception", async () => {
    const uncaught = [];
    const record = (error) => uncaught.push(error);
    process.on("uncaughtException", record);
    const proxy = await startBlockingProxy();
    try {
        for (let index = 0; index < 20; index += 1) await connectAndReset(proxy.port);
        // The proxy saw every CONNECT: its sockets (and any error on them) have been handled by then.
        const deadline = Date.now() + 10_000;
        while (proxy.attempts.length < 20 && Date.now() < deadline)
            await new Promise((resolve) => setTimeout(resolve, 10));
        assert.equal(proxy.attempts.length, 20);
        await proxy.close();
        assert.deepEqual(
            uncaught.map((error) => error.code ?? error.message),
            [],
        );
    } finally {
        process.off("uncaughtException", record);
        await proxy.close().catch(() => undefined);
    }
});
