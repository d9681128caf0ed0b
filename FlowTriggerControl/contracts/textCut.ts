/**
 * Cutting text without splitting a character: the longest prefix of whole code points that fits in
 * `maxUnits` UTF-16 code units (what string lengths and text column limits count). A surrogate pair is
 * kept whole or left out, never halved.
 */
export function prefixWithinLength(text: string, maxUnits: number): string {
    if (text.length <= maxUnits) return text;
    if (maxUnits <= 0) return "";
    const end = maxUnits;
    // Cutting between a high and a low surrogate would leave half a pair: cut one unit earlier.
    const last = text.charCodeAt(end - 1);
    const next = text.charCodeAt(end);
    const splitsPair = last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    return text.slice(0, splitsPair ? end - 1 : end);
}

/** Text to show, at most `max` UTF-16 units: when longer, its first `max - 1` units and "…". */
export function cutWithEllipsis(text: string, max: number): string {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
