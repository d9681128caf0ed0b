// HTML documents for the emulators' pages: escaping and the common page frame.
// No external fonts, scripts or images: the pages must render with the network blocked.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value) {
    return String(value ?? "").replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

const BASE_STYLES = `
  :root { color-scheme: light; --accent: #0f6cbd; --text: #1b1b1b; --muted: #616161; --line: #d1d1d1; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", Arial, sans-serif;
         font-size: 15px; color: var(--text); background: #f3f2f1; line-height: 1.4; }
  a { color: var(--accent); }
  :focus-visible { outline: 2px solid #000; outline-offset: 2px; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/**
 * A complete HTML document.
 * @param {{ title: string, body: string, styles?: string, lang?: string }} page body is trusted HTML
 */
export function renderPage({ title, body, styles = "", lang = "en" }) {
    return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLES}${styles}</style>
</head>
<body>
${body}
</body>
</html>`;
}
