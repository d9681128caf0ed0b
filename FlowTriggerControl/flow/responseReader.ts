/**
 * Reads what a flow answered without trusting it: the body is size-capped while streaming, parsed
 * only as JSON or plain text (HTML is just text, never rendered), and the displayed text is
 * length-capped and stripped of control and bidi-override characters.
 */

import { isPlainObject } from "../contracts/plainData";
import { MAX_SHOWN_TEXT_LENGTH } from "../contracts/userMessage";

/** How much of a response is read and shown. */
export const RESPONSE_LIMITS = Object.freeze({
    /** Bytes read from any response body; the rest is cancelled unread. */
    maxBodyBytes: 64 * 1024,
    /** Characters of flow text shown to the user. */
    maxDisplayChars: MAX_SHOWN_TEXT_LENGTH,
});

export interface CappedBody {
    readonly text: string;
    /** True when the body was longer than the cap and the rest was cancelled. */
    readonly truncated: boolean;
}

/** Reads at most `maxBytes` of the body as UTF-8 and cancels the rest. Rejects if the read fails. */
export async function readCappedText(
    response: { readonly body: ReadableStream<Uint8Array> | null },
    maxBytes: number = RESPONSE_LIMITS.maxBodyBytes,
): Promise<CappedBody> {
    const body = response.body;
    if (body === null) return { text: "", truncated: false };
    const reader = body.getReader();
    const decoder = new TextDecoder("utf-8");
    let text = "";
    let received = 0;
    let truncated = false;
    // Bounded: every non-empty chunk moves `received` towards the cap; empty chunks are capped too.
    for (let reads = 0; reads < maxBytes + 1024; reads++) {
        const { done, value } = await reader.read();
        if (done) {
            text += decoder.decode();
            return { text, truncated: false };
        }
        // isView, not instanceof: the stream may come from another realm (jsdom tests, iframes).
        const chunk = ArrayBuffer.isView(value)
            ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
            : new Uint8Array(0);
        const room = maxBytes - received;
        if (chunk.byteLength > room) {
            text += decoder.decode(chunk.subarray(0, room));
            truncated = true;
            break;
        }
        text += decoder.decode(chunk, { stream: true });
        received += chunk.byteLength;
    }
    truncated = true;
    await reader.cancel().catch(() => undefined);
    return { text, truncated };
}

/**
 * What to show from a success body: the JSON `message` when it is a string, a JSON string body,
 * or a short plain-text body. Undefined when there is nothing worth showing.
 */
export function displayTextFromBody(text: string): string | undefined {
    const trimmed = text.trim();
    if (trimmed === "") return undefined;
    const json = tryParseJson(trimmed);
    if (json.ok) {
        if (typeof json.value === "string") return sanitizeDisplayText(json.value);
        const messageValue = isPlainObject(json.value) ? json.value.message : undefined;
        return typeof messageValue === "string" ? sanitizeDisplayText(messageValue) : undefined;
    }
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) return undefined; // broken or capped JSON: not prose
    return sanitizeDisplayText(trimmed);
}

/** Platform error code from `{"error":{"code":"…"}}`, if it looks like a code. */
export function errorCodeFromBody(text: string): string | undefined {
    const json = tryParseJson(text.trim());
    if (!json.ok || !isPlainObject(json.value)) return undefined;
    const error = json.value.error;
    const code = isPlainObject(error) ? error.code : undefined;
    return typeof code === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined;
}

/** A top-level string `message` a flow's own Response action put in an error answer. */
export function flowMessageFromErrorBody(text: string): string | undefined {
    const json = tryParseJson(text.trim());
    if (!json.ok || !isPlainObject(json.value)) return undefined;
    const messageValue = json.value.message;
    return typeof messageValue === "string" ? sanitizeDisplayText(messageValue) : undefined;
}

/** Control and bidi-override characters removed, whitespace collapsed, length capped. */
export function sanitizeDisplayText(
    text: string,
    maxChars: number = RESPONSE_LIMITS.maxDisplayChars,
): string | undefined {
    const cleaned = text
        // C0/C1 controls (tabs and newlines become spaces), bidi controls, zero-width and BOM.
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
        .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, "")
        .replace(/\s+/g, " ")
        .trim();
    if (cleaned === "") return undefined;
    const chars = Array.from(cleaned); // code points: never split a surrogate pair
    return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join("")}…` : cleaned;
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
    if (text === "") return { ok: false };
    try {
        return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
        return { ok: false };
    }
}
