import fc from "fast-check";
import {
    classifyStatus,
    failureMessage,
    platformRefusal,
    type RefusalRemedy,
} from "../../../FlowTriggerControl/flow/flowErrors";
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
    it("never exceeds the retry count, never waits more than the cap", () => {
        fc.assert(
            fc.property(fc.option(fc.nat(1_000_000), { nil: undefined }), fc.nat(10), (retryAfter, retries) => {
                const delay = throttleRetryDelay(retryAfter, retries);
                if (retries >= MAX_THROTTLE_RETRIES) return delay === undefined;
                return delay === undefined || (delay >= THROTTLE_FLOOR_MS && delay <= THROTTLE_CAP_MS);
            }),
        );
    });

    it("one retry per click: Retry-After honoured within [floor, cap], else one short back-off", () => {
        expect(MAX_THROTTLE_RETRIES).toBe(1);
        expect([0, 1].map((n) => throttleRetryDelay(undefined, n))).toEqual([1_000, undefined]);
        expect(throttleRetryDelay(0, 0)).toBe(THROTTLE_FLOOR_MS);
        expect(throttleRetryDelay(THROTTLE_CAP_MS + 1, 0)).toBeUndefined();
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
                // 401, 403, 429 and 503 are no class of their own: a flow's Response action may send them.
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

describe("platformRefusal: only the platform's own refusal proves no run exists", () => {
    it.each<[number, string, RefusalRemedy]>([
        [401, "ExpiredAuthenticationToken", "freshToken"],
        [429, "WorkflowRequestsThrottled", "afterRetryAfter"],
        [401, "MisMatchingOAuthClaims", "final"],
        [403, "MisMatchingOAuthClaims", "final"],
        [401, "DirectApiAuthorizationRequired", "final"],
        [401, "OAuthAccessPolicyNotFound", "final"],
        [401, "DirectApiInvalidAuthorizationSignature", "final"],
    ])("%i %s → %s", (status, errorCode, remedy) => {
        expect(platformRefusal({ status, errorCode })).toBe(remedy);
    });

    it.each<[string, number, string | undefined, string | undefined]>([
        ["the flow's 401 with a message", 401, undefined, "Sign in again"],
        ["the flow's 403 with a message", 403, undefined, "You may not approve this order."],
        ["the flow's 429 with a message", 429, undefined, "Too many approvals today"],
        ["the flow's 503 with a message", 503, undefined, "Maintenance"],
        ["a bare 401", 401, undefined, undefined],
        ["a bare 429", 429, undefined, undefined],
        ["a bare 503", 503, undefined, undefined],
        ["a code the platform does not send", 403, "Forbidden", undefined],
        ["a known code on another status", 503, "WorkflowRequestsThrottled", undefined],
        ["the expired-token code on 403", 403, "ExpiredAuthenticationToken", undefined],
    ])("%s is no refusal", (_name, status, errorCode, flowMessage) => {
        expect(platformRefusal({ status, errorCode, flowMessage })).toBeUndefined();
    });

    it("a readable run id header proves a run exists, whatever the body says", () => {
        expect(
            platformRefusal({ status: 401, errorCode: "ExpiredAuthenticationToken", fromRun: true }),
        ).toBeUndefined();
        expect(platformRefusal({ status: 429, errorCode: "WorkflowRequestsThrottled", fromRun: true })).toBeUndefined();
    });

    it.each(["constructor", "__proto__", "toString"])(
        "a code named like an Object.prototype member (%s) is not in the table",
        (errorCode) => {
            for (const status of [400, 401, 403, 404, 429, 502, 503]) {
                expect(platformRefusal({ status, errorCode })).toBeUndefined();
            }
            // Falls through to the status' own message, as any unknown code does.
            expect(failureMessage({ status: 401, errorCode }, "corr-1", "EntraUser")).toEqual({
                key: "Error_Flow_NotAuthorized",
                args: ["401"],
            });
            expect(failureMessage({ status: 400, errorCode }, "corr-1", "EntraUser")).toEqual({
                key: "Error_Flow_BadRequest",
                args: [errorCode, "corr-1"],
            });
        },
    );

    it.each([401, 403, 429, 503])(
        "the flow's own %i message is shown as the flow's error, with its reference",
        (status) => {
            const flowMessage = "You may not approve this order.";
            expect(failureMessage({ status, flowMessage }, "corr-7", "EntraUser")).toEqual({
                key: "Error_Flow_ReportedError",
                args: [flowMessage, String(status), "corr-7"],
            });
        },
    );
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
