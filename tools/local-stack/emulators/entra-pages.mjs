// The Entra ID emulator's interactive pages: account picker, consent prompt, error and sign-out pages,
// and the auto-posting form for response_mode=form_post. Test fixtures, English only.
import { escapeHtml, renderPage } from "./html-page.mjs";

const CARD_STYLES = `
  body { display: flex; min-height: 100vh; align-items: center; justify-content: center; padding: 24px; }
  main { background: #fff; width: 100%; max-width: 440px; padding: 36px 40px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  .brand { font-weight: 600; color: var(--muted); font-size: 13px; letter-spacing: .02em; text-transform: uppercase; margin-bottom: 16px; }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 8px; }
  p { margin: 0 0 16px; }
  ul.accounts { list-style: none; margin: 0 0 20px; padding: 0; border-top: 1px solid var(--line); }
  ul.accounts li { border-bottom: 1px solid var(--line); }
  ul.accounts button { display: block; width: 100%; text-align: left; background: none; border: 0; padding: 12px 8px; font: inherit; cursor: pointer; color: inherit; }
  ul.accounts button:hover { background: #f5f5f5; }
  .account-name { display: block; font-weight: 600; }
  .account-upn, .account-note { display: block; color: var(--muted); font-size: 13px; }
  label { display: block; font-weight: 600; margin: 8px 0 4px; }
  input[type=email] { width: 100%; padding: 6px 8px; font: inherit; border: 0; border-bottom: 1px solid #666; }
  .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; }
  .button { font: inherit; padding: 6px 20px; min-width: 96px; border: 1px solid #8a8886; background: #fff; cursor: pointer; }
  .button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
  .alert { border-left: 4px solid #c50f1f; background: #fdf3f4; padding: 8px 12px; margin: 0 0 16px; white-space: pre-wrap; word-break: break-word; }
  .scopes { margin: 0 0 16px; padding-left: 20px; }
  .inline-form { display: inline; }
`;

function frame(title, inner) {
    return renderPage({
        title,
        styles: CARD_STYLES,
        body: `<main aria-labelledby="page-title">
<div class="brand" aria-hidden="true">Entra ID emulator</div>
${inner}
</main>`,
    });
}

function hidden(transactionId) {
    return `<input type="hidden" name="transaction" value="${escapeHtml(transactionId)}">`;
}

/**
 * Account picker. Each account is one "Sign in as …" button; "Use another account" takes a typed UPN;
 * "Cancel" answers the app with error=access_denied.
 * @param {{ actionUrl: string, transactionId: string, clientName: string, accounts: Array<{ upn: string, name: string, note?: string }>,
 *           loginHint?: string, alert?: string }} model
 */
export function signInPage(model) {
    const accounts = model.accounts
        .map(
            (account) => `<li><button type="submit" name="account" value="${escapeHtml(account.upn)}">
<span class="account-name">Sign in as ${escapeHtml(account.name)}</span>
<span class="account-upn">${escapeHtml(account.upn)}</span>${
                account.note ? `\n<span class="account-note">${escapeHtml(account.note)}</span>` : ""
            }
</button></li>`,
        )
        .join("\n");
    const alert = model.alert ? `<p class="alert" role="alert">${escapeHtml(model.alert)}</p>` : "";
    return frame(
        "Sign in to your account",
        `<h1 id="page-title">Pick an account</h1>
<p>to continue to <strong>${escapeHtml(model.clientName)}</strong></p>
${alert}
<form method="post" action="${escapeHtml(model.actionUrl)}" aria-label="Accounts">
${hidden(model.transactionId)}
<ul class="accounts">
${accounts}
</ul>
</form>
<form method="post" action="${escapeHtml(model.actionUrl)}" aria-label="Another account">
${hidden(model.transactionId)}
<label for="other-account">Use another account</label>
<input id="other-account" name="otherAccount" type="email" autocomplete="username" value="${escapeHtml(model.loginHint ?? "")}">
<div class="actions"><button class="button primary" type="submit" name="action" value="signInOther">Next</button></div>
</form>
<form method="post" action="${escapeHtml(model.actionUrl)}" class="actions" aria-label="Cancel sign-in">
${hidden(model.transactionId)}
<button class="button" type="submit" name="action" value="cancel">Cancel</button>
</form>`,
    );
}

/**
 * Consent prompt for an app that asks for permissions nobody granted yet.
 * @param {{ actionUrl: string, transactionId: string, clientName: string, userUpn: string, permissions: string[] }} model
 */
export function consentPage(model) {
    const permissions = model.permissions.map((permission) => `<li>${escapeHtml(permission)}</li>`).join("\n");
    return frame(
        "Permissions requested",
        `<h1 id="page-title">Permissions requested</h1>
<p><strong>${escapeHtml(model.clientName)}</strong> wants to act as <strong>${escapeHtml(model.userUpn)}</strong>:</p>
<ul class="scopes">
${permissions}
</ul>
<form method="post" action="${escapeHtml(model.actionUrl)}" class="actions" aria-label="Consent">
${hidden(model.transactionId)}
<button class="button" type="submit" name="action" value="declineConsent">Cancel</button>
<button class="button primary" type="submit" name="action" value="acceptConsent">Accept</button>
</form>`,
    );
}

/**
 * Entra's "Sorry, but we're having trouble signing you in" page: shown instead of a redirect when
 * the redirect URI cannot be trusted or the user must pick someone else.
 * @param {{ description: string, retryUrl?: string, transactionId?: string }} model
 */
export function errorPage(model) {
    const retry =
        model.retryUrl && model.transactionId
            ? `<form method="post" action="${escapeHtml(model.retryUrl)}" class="actions" aria-label="Try again">
${hidden(model.transactionId)}
<button class="button" type="submit" name="action" value="cancel">Cancel</button>
<button class="button primary" type="submit" name="action" value="pickAgain">Sign in with a different account</button>
</form>`
            : "";
    return frame(
        "Sign in",
        `<h1 id="page-title">Sorry, but we're having trouble signing you in.</h1>
<p class="alert" role="alert">${escapeHtml(model.description)}</p>
${retry}`,
    );
}

export function signedOutPage() {
    return frame(
        "Signed out",
        `<h1 id="page-title">You signed out of your account</h1>
<p>It's a good idea to close all browser windows.</p>`,
    );
}

/** response_mode=form_post: a form the browser posts to the redirect URI at once. */
export function formPostPage(redirectUri, parameters) {
    const fields = Object.entries(parameters)
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
        .join("\n");
    return renderPage({
        title: "Working...",
        body: `<form method="post" action="${escapeHtml(redirectUri)}">
${fields}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.forms[0].submit();</script>`,
    });
}
