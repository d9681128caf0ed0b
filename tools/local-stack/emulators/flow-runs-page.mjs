// The Power Automate emulator's run history as an HTML page (GET / and /runs.html): one row per run
// with flow, time, caller, correlation id and the pretty-printed payload. Everything is escaped.
import { escapeHtml, renderPage } from "./html-page.mjs";

const STYLES = `
  body { padding: 32px 40px; background: #faf9f8; }
  header { display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; margin-bottom: 20px; }
  h1 { font-size: 22px; font-weight: 600; margin: 0; }
  .subtitle { color: var(--muted); margin: 0; }
  .count { margin-left: auto; color: var(--muted); }
  table { width: 100%; border-collapse: collapse; background: #fff; box-shadow: 0 1.6px 3.6px rgba(0,0,0,.13), 0 .3px .9px rgba(0,0,0,.11); }
  caption { text-align: left; padding: 0 0 8px; color: var(--muted); }
  th, td { text-align: left; vertical-align: top; padding: 10px 12px; border-bottom: 1px solid #edebe9; }
  th { font-size: 13px; font-weight: 600; color: #323130; background: #f3f2f1; white-space: nowrap; }
  td.time, td.id { font-variant-numeric: tabular-nums; white-space: nowrap; }
  .flow-name { font-weight: 600; }
  .muted { color: var(--muted); font-size: 13px; display: block; }
  .mono { font-family: Consolas, "Cascadia Mono", "Courier New", monospace; font-size: 13px; }
  .status { display: inline-block; min-width: 44px; text-align: center; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600; }
  .status.ok { background: #dff6dd; color: #0e700e; }
  .status.accepted { background: #deecf9; color: #004578; }
  .status.failed { background: #fde7e9; color: #a4262c; }
  .status.pending { background: #f3f2f1; color: #605e5c; }
  pre { margin: 0; max-height: 240px; max-width: 520px; overflow: auto; background: #faf9f8; border: 1px solid #edebe9; padding: 8px; white-space: pre-wrap; word-break: break-word; }
  .empty { background: #fff; padding: 24px; box-shadow: 0 1.6px 3.6px rgba(0,0,0,.13); }
`;

function statusBadge(status) {
    if (status === null || status === undefined) return `<span class="status pending">running</span>`;
    const kind = status >= 200 && status < 300 ? (status === 202 ? "accepted" : "ok") : "failed";
    return `<span class="status ${kind}">${escapeHtml(status)}</span>`;
}

function callerCell(caller, authMode) {
    if (!caller)
        return `<span class="muted">${authMode === "All" ? "Anyone (shared access signature)" : "unknown"}</span>`;
    return `${escapeHtml(caller.name ?? "")}
<span class="muted">${escapeHtml(caller.upn ?? "")}</span>
<span class="muted mono">oid ${escapeHtml(caller.oid ?? "")}</span>`;
}

function payloadText(payload) {
    if (payload === undefined) return "";
    return typeof payload === "string" ? payload : JSON.stringify(payload, null, 2);
}

/**
 * @param {readonly object[]} runs run records, oldest first
 * @param {{ title?: string }} [options]
 */
export function renderRunsPage(runs, options = {}) {
    const title = options.title ?? "Power Automate emulator – flow runs";
    const newestFirst = [...runs].reverse();
    const rows = newestFirst
        .map(
            (run) => `<tr>
<td class="flow"><span class="flow-name">${escapeHtml(run.flow)}</span><span class="muted">${escapeHtml(authModeLabel(run.authMode))}</span></td>
<td class="time">${escapeHtml(run.at.replace("T", " ").replace(/\.\d+Z$/, " UTC"))}</td>
<td>${statusBadge(run.status)}</td>
<td>${callerCell(run.caller, run.authMode)}</td>
<td class="id mono">${escapeHtml(run.correlationId ?? "—")}<span class="muted">run ${escapeHtml(run.id)}</span></td>
<td><pre>${escapeHtml(payloadText(run.payload))}</pre></td>
</tr>`,
        )
        .join("\n");
    const table =
        runs.length === 0
            ? `<p class="empty">No runs yet. Runs appear here when a trigger call passes authentication.</p>`
            : `<table>
<caption>Newest first. Authorization headers and tokens are never recorded.</caption>
<thead><tr><th scope="col">Flow</th><th scope="col">Time</th><th scope="col">Status</th><th scope="col">Caller (from the token)</th><th scope="col">Correlation id</th><th scope="col">Payload</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
    return renderPage({
        title,
        styles: STYLES,
        body: `<header><h1>${escapeHtml(title)}</h1><p class="subtitle">When an HTTP request is received</p><p class="count">${runs.length} ${runs.length === 1 ? "run" : "runs"}</p></header>
<main>
${table}
</main>`,
    });
}

function authModeLabel(mode) {
    switch (mode) {
        case "Tenant":
            return "Any user in my tenant";
        case "User":
            return "Specific users in my tenant";
        case "All":
            return "Anyone";
        default:
            return String(mode ?? "");
    }
}
