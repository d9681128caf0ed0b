const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Root XML files inside the zip are written like msbuild writes them: UTF-8 with BOM, CRLF line ends.
 * @param {readonly string[] | string} lines
 * @returns {Buffer}
 */
export function encodeZipXml(lines) {
    const text = typeof lines === "string" ? lines : lines.join("\r\n");
    return Buffer.concat([BOM, Buffer.from(text, "utf8")]);
}

/**
 * Files committed under Solutions/src: UTF-8 without BOM, LF, final newline (diff-friendly).
 * @param {readonly string[]} lines
 * @returns {string}
 */
export function encodeSourceXml(lines) {
    return `${lines.join("\n")}\n`;
}
