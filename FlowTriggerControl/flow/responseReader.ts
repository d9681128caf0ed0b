/**
 * Reads what a flow answered without trusting it: the body is size-capped while streaming, parsed
 * only as JSON or plain text (HTML is just text, never rendered), and the displayed text is
 * length-capped and stripped of control and bidi-override characters.
 */

import { asBag, isPlainObject } from "../contracts/plainData";
import { prefixWithinLength } from "../contracts/textCut";
import { MAX_SHOWN_TEXT_LENGTH } from "../contracts/userMessage";

/** Bytes read from any response body; the rest is cancelled unread. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A platform error code is short and plain; anything else in its place is not echoed. */
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Reads at most `maxBytes` of the body as UTF-8 and cancels the rest. Rejects if the read fails. */
export async function readCappedText(
    response: { readonly body: ReadableStream<Uint8Array> | null },
    maxBytes: number,
): Promise<string> {
    const body = response.body;
    if (body === null) return "";
    const reader = body.getReader();
    const decoder = new TextDecoder(); // UTF-8, the default
    let text = "";
    let room = maxBytes;
    // Bounded: every non-empty chunk uses up `room`; empty chunks are capped too.
    for (let reads = 0; reads < maxBytes + 1024; reads++) {
        const { done, value } = await reader.read();
        if (done) return text + decoder.decode();
        // isView, not instanceof: the stream may come from another realm (jsdom tests, iframes).
        const chunk = ArrayBuffer.isView(value)
            ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
            : new Uint8Array(0);
        const full = chunk.byteLength > room;
        // The last piece that fits is decoded to the end (a cut character becomes U+FFFD).
        text += decoder.decode(chunk.subarray(0, room), { stream: !full });
        if (full) break;
        room -= chunk.byteLength;
    }
    // Longer than the cap: the rest is not read.
    await reader.cancel().catch(() => undefined);
    return text;
}

/**
 * What to show from a success body: the JSON `message` when it is a string, a JSON string body,
 * or a short plain-text body. Undefined when there is nothing worth showing.
 */
export function displayTextFromBody(text: string): string | undefined {
    const trimmed = text.trim();
    const json = parseJson(trimmed);
    // Not JSON: plain text as it is, but broken or capped JSON is not prose. Empty text shows nothing.
    const shown =
        json === undefined ? (/^[{[]/.test(trimmed) ? undefined : trimmed) : isPlainObject(json) ? json.message : json;
    return typeof shown === "string" ? sanitizeDisplayText(shown, MAX_SHOWN_TEXT_LENGTH) : undefined;
}

/** What an error answer's JSON body tells about the failure. */
export interface ErrorBodyDetails {
    /** Platform code from `{"error":{"code":"…"}}`, if it looks like a code. */
    readonly errorCode?: string;
    /** A top-level string `message` a flow's own Response action put in an error answer, sanitized. */
    readonly flowMessage?: string;
}

export function errorDetailsFromBody(text: string): ErrorBodyDetails {
    const json = parseJson(text.trim());
    if (!isPlainObject(json)) return {};
    const code = asBag(json.error).code;
    return {
        errorCode: typeof code === "string" && ERROR_CODE.test(code) ? code : undefined,
        flowMessage:
            typeof json.message === "string" ? sanitizeDisplayText(json.message, MAX_SHOWN_TEXT_LENGTH) : undefined,
    };
}

/** Control and bidi-override characters removed, whitespace collapsed, length capped. */
export function sanitizeDisplayText(text: string, maxChars: number): string | undefined {
    const cleaned = text
        // Bidi controls, zero-width characters and BOM go; then C0/C1 controls (tabs and newlines among them)
        // and whitespace, in any run, become one space.
        .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, "")
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, " ")
        .trim();
    if (cleaned === "") return undefined;
    // Never splits a surrogate pair; the ellipsis takes the last place.
    return cleaned.length > maxChars ? `${prefixWithinLength(cleaned, maxChars - 1)}…` : cleaned;
}

/** The parsed value, or undefined when the text is not JSON (JSON.parse never returns undefined). */
function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}
