import fc from "fast-check";
import { classifyStatus, failureMessage } from "../../../FlowTriggerControl/flow/flowErrors";
import {
    displayTextFromBody,
    errorDetailsFromBody,
    readCappedText,
    sanitizeDisplayText,
} from "../../../FlowTriggerControl/flow/responseReader";
import {
    MAX_THROTTLE_RETRIES,
    parseRetryAfter,
    POLL_CAP_MS,
    POLL_DEFAULT_MS,
    POLL_FLOOR_MS,
    pollDelay,
    THROTTLE_CAP_MS,
    THROTTLE_FLOOR_MS,
    throttleRetryDelay,
} from "../../../FlowTriggerControl/flow/retryPolicy";

const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);

/** Unpaired UTF-16 surrogates in a string. */
function loneSurrogates(text: string): number {
    return (text.match(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g) ?? []).length;
}

describe("parseRetryAfter", () => {
    it.each<[string | null | undefined, number | undefined]>([
        ["5", 5_000],
        [" 0 ", 0],
        ["120", 120_000],
        [new Date(NOW + 30_000).toUTCString(), 30_000],
        [new Date(NOW - 30_000).toUTCString(), 0],
        ["Monday, 05-Jan-26 10:00:10 GMT", 10_000],
        ["-1", undefined],
        ["1.5", undefined],
        ["soon", undefined],
        ["2026-01-05T10:00:10Z", undefined],
        ["", undefined],
        [null, undefined],
        [undefined, undefined],
    ])("%p → %p", (value, expected) => {
        expect(parseRetryAfter(value, NOW)).toBe(expected);
    });
});

describe("throttleRetryDelay and pollDelay", () => {
    it("never retries statuses other than 429 and 503", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 100, max: 599 }).filter((s) => s !== 429 && s !== 503),
                fc.option(fc.nat(100_000), { nil: undefined }),
                fc.nat(10),
                (status, retryAfter, retries) => throttleRetryDelay(status, retryAfter, retries) === undefined,
            ),
        );
    });

    it("never exceeds the retry count, never waits more than the cap", () => {
        fc.assert(
            fc.property(
                fc.constantFrom(429, 503),
                fc.option(fc.nat(1_000_000), { nil: undefined }),
                fc.nat(10),
                (status, retryAfter, retries) => {
                    const delay = throttleRetryDelay(status, retryAfter, retries);
                    if (retries >= MAX_THROTTLE_RETRIES) return delay === undefined;
                    return delay === undefined || (delay >= THROTTLE_FLOOR_MS && delay <= THROTTLE_CAP_MS);
                },
            ),
        );
    });

    it("503 without Retry-After is not retried; 429 without it backs off twice", () => {
        expect(throttleRetryDelay(503, undefined, 0)).toBeUndefined();
        expect([0, 1, 2].map((n) => throttleRetryDelay(429, undefined, n))).toEqual([1_000, 3_000, undefined]);
        expect(throttleRetryDelay(429, 0, 0)).toBe(THROTTLE_FLOOR_MS);
        expect(throttleRetryDelay(429, THROTTLE_CAP_MS + 1, 0)).toBeUndefined();
    });

    it("poll delays stay within [floor, cap]", () => {
        fc.assert(
            fc.property(fc.option(fc.nat(10_000_000), { nil: undefined }), (retryAfter) => {
                const delay = pollDelay(retryAfter);
                return delay >= POLL_FLOOR_MS && delay <= POLL_CAP_MS;
            }),
        );
        expect(pollDelay(undefined)).toBe(POLL_DEFAULT_MS);
    });
});

describe("classifyStatus and failureMessage", () => {
    it("classifies every status into exactly the documented classes", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 999 }), (status) => {
                const kind = classifyStatus(status);
                if (status === 202) return kind === "accepted";
                if (status >= 200 && status < 300) return kind === "success";
                if (status >= 300 && status < 400) return kind === "redirect";
                if (status === 401 || status === 403) return kind === "auth";
                if (status === 429) return kind === "throttled";
                if (status === 503) return kind === "unavailable";
                return kind === "failure";
            }),
        );
    });

    it("every failure message has a key, only short string arguments, and never echoes a body's secrets", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 300, max: 599 }),
                fc.option(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), { nil: undefined }),
                fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
                fc.constantFrom("EntraUser" as const, "SharedAccessSignature" as const),
                (status, errorCode, flowMessage, mode) => {
                    const msg = failureMessage({ status, errorCode, flowMessage }, "corr-1", mode);
                    const args = msg.args ?? [];
                    return (
                        /^Error_Flow_[A-Za-z]+$/.test(msg.key) &&
                        args.every((a) => typeof a === "string" && a.length <= 600)
                    );
                },
            ),
        );
    });

    it("5xx and timeouts always carry the correlation id; 5xx keys are never retried ones", () => {
        for (const status of [500, 502, 504, 507]) {
            const msg = failureMessage({ status }, "corr-42", "EntraUser");
            expect(msg.args).toContain("corr-42");
        }
    });
});

describe("response bodies", () => {
    it.each<[string, string | undefined]>([
        ['{"message":"Done"}', "Done"],
        ['{"message":"  multi\\nline\\ttext "}', "multi line text"],
        ['{"message":42}', undefined],
        ['{"other":"x"}', undefined],
        ['"just a string"', "just a string"],
        ["[1,2]", undefined],
        ["{broken", undefined],
        ["plain words", "plain words"],
        ["<p>html</p>", "<p>html</p>"],
        ["", undefined],
        ["   ", undefined],
    ])("display text of %p is %p", (body, expected) => {
        expect(displayTextFromBody(body)).toBe(expected);
    });

    it("extracts a platform error code only when it looks like one", () => {
        const errorCodeFromBody = (text: string): string | undefined => errorDetailsFromBody(text).errorCode;
        const flowMessageFromErrorBody = (text: string): string | undefined => errorDetailsFromBody(text).flowMessage;
        expect(errorCodeFromBody('{"error":{"code":"MisMatchingOAuthClaims","message":"…"}}')).toBe(
            "MisMatchingOAuthClaims",
        );
        expect(errorCodeFromBody('{"error":{"code":"<script>"}}')).toBeUndefined();
        expect(errorCodeFromBody('{"error":"x"}')).toBeUndefined();
        expect(errorCodeFromBody("nope")).toBeUndefined();
        expect(flowMessageFromErrorBody('{"message":"Record locked"}')).toBe("Record locked");
        expect(flowMessageFromErrorBody('{"error":{"message":"platform"}}')).toBeUndefined();
        expect(errorDetailsFromBody('{"error":{"code":"NoResponse"},"message":"  two\\nlines "}')).toEqual({
            errorCode: "NoResponse",
            flowMessage: "two lines",
        });
    });

    it("sanitized text has no control or bidi characters and respects the cap", () => {
        fc.assert(
            fc.property(
                // Any UTF-16 (lone surrogates included) and whole graphemes (pairs that a cut must not split).
                fc.oneof(
                    fc.string({ maxLength: 2_000, unit: "binary" }),
                    fc.string({ maxLength: 2_000, unit: "grapheme" }),
                ),
                fc.integer({ min: 2, max: 600 }),
                (text, cap) => {
                    const out = sanitizeDisplayText(text, cap);
                    if (out === undefined) return true;
                    return (
                        Array.from(out).length <= cap &&
                        // eslint-disable-next-line no-control-regex -- asserting control characters are gone
                        !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(out) &&
                        out === out.trim() &&
                        // Cutting to the cap never leaves half a surrogate pair behind.
                        loneSurrogates(out) <= loneSurrogates(text)
                    );
                },
            ),
        );
    });

    it("reads at most the cap from a stream and cancels the rest", async () => {
        let pulled = 0;
        let cancelled = false;
        const stream = new ReadableStream<Uint8Array>({
            pull(controller) {
                pulled++;
                controller.enqueue(new TextEncoder().encode("abcdefghij"));
            },
            cancel() {
                cancelled = true;
            },
        });
        const text = await readCappedText({ body: stream }, 25);
        expect(text).toBe("abcdefghijabcdefghijabcde");
        expect(cancelled).toBe(true);
        expect(pulled).toBeLessThan(10);
    });

    it("reads a short stream whole, and a missing body as empty", async () => {
        const stream = new ReadableStream<Uint8Array>({
            start(controller) {
                controller.enqueue(new TextEncoder().encode("héllo "));
                controller.enqueue(new TextEncoder().encode("wörld"));
                controller.close();
            },
        });
        await expect(readCappedText({ body: stream }, 100)).resolves.toBe("héllo wörld");
        await expect(readCappedText({ body: null }, 100)).resolves.toBe("");
    });
});
