/**
 * jsdom lacks the Web APIs msal-browser and our transport need (crypto.subtle, TextEncoder, fetch…).
 * Copy Node's implementations in. Not MessageChannel: React 16's scheduler would use it and keep Jest alive.
 */
const { TestEnvironment } = require("jest-environment-jsdom");
const { webcrypto } = require("node:crypto");
const { TextEncoder, TextDecoder } = require("node:util");
const { BroadcastChannel: NodeBroadcastChannel } = require("node:worker_threads");

class UnrefBroadcastChannel extends NodeBroadcastChannel {
    constructor(name) {
        super(name);
        this.unref();
    }
}

class FlowTriggerJsdomEnvironment extends TestEnvironment {
    async setup() {
        await super.setup();
        const g = this.global;
        g.TextEncoder = TextEncoder;
        g.TextDecoder = TextDecoder;
        g.structuredClone = structuredClone;
        g.fetch = fetch;
        g.Request = Request;
        g.Response = Response;
        g.Headers = Headers;
        g.FormData = FormData;
        g.ReadableStream = ReadableStream;
        g.AbortController = AbortController;
        g.AbortSignal = AbortSignal;
        g.BroadcastChannel = UnrefBroadcastChannel;
        Object.defineProperty(g, "crypto", { value: webcrypto, configurable: true });
    }
}

module.exports = FlowTriggerJsdomEnvironment;
