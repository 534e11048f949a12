import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

// No scripts at all: the page works with plain forms, and the CSP forbids any script, so a
// comment that slipped past escaping still could not run.
export const pageSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The page frame shared by the login and review pages. Everything interpolated is escaped. */
export function layout(title: string, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} - click-to-call</title>
        <style>
          body {
            font-family: system-ui, sans-serif;
            margin: 0;
            color: #1b1b1b;
          }
          header,
          main {
            padding: 0.75rem 1rem;
          }
          header {
            border-bottom: 1px solid #ccc;
          }
          /* A wide table scrolls in its own box (page-parts.ts): the page never does. */
          .table-scroll {
            overflow-x: auto;
            margin: 0.5rem 0 1.5rem;
          }
          .table-scroll:focus-visible {
            outline: 2px solid #0b5cad;
          }
          table {
            border-collapse: collapse;
          }
          caption {
            text-align: left;
            font-weight: 600;
            padding: 0.3rem 0;
          }
          th,
          td {
            border: 1px solid #ccc;
            padding: 0.3rem 0.5rem;
            text-align: left;
            vertical-align: top;
          }
          th {
            background: #f1f3f4;
          }
          td.comment {
            min-width: 12rem;
          }
          time,
          a[href^='tel:'],
          td.actions {
            white-space: nowrap;
          }
          form.inline {
            display: inline;
          }
          /* WCAG 2.2 target size: every button at least 24 px, apart from its neighbour. */
          button {
            min-height: 1.75rem;
            padding: 0.2rem 0.6rem;
          }
          form.inline + form.inline {
            margin-left: 0.4rem;
          }
          /* A fieldset is as wide as its content unless told otherwise: it would push the page. */
          fieldset {
            border: 1px solid #ccc;
            margin: 0 0 1rem;
            min-width: 0;
            display: flex;
            flex-wrap: wrap;
            align-items: flex-end;
            gap: 0.5rem 0.8rem;
          }
          fieldset.stars {
            margin: 0;
          }
          input,
          select {
            max-width: 100%;
          }
          .error {
            color: #b00020;
          }
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}

/** The sign-in page; `sso`: single sign-on is configured, offered first. */
export function loginPage(csrf: string, error?: string, sso = false): Html {
  return layout(
    'Sign in',
    html`<main>
      <h1>Supervisor sign-in</h1>
      ${error ? html`<p class="error" role="alert" data-testid="login-error">${error}</p>` : ''}
      ${
        sso
          ? html`<p>
              <a href="/supervisor/sso/start" data-testid="login-sso"
                >Sign in with your organisation's account</a
              >
            </p>`
          : ''
      }
      <form method="post" action="/supervisor/login">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <p>
          <label
            >User name
            <input name="username" autocomplete="username" required data-testid="login-username"
          /></label>
        </p>
        <p>
          <label
            >Password
            <input
              name="password"
              type="password"
              autocomplete="current-password"
              required
              data-testid="login-password"
          /></label>
        </p>
        <p>
          <label
            >Authenticator code, if you enrolled one
            <input
              name="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxlength="7"
              data-testid="login-code"
          /></label>
        </p>
        <button type="submit" data-testid="login-submit">Sign in</button>
      </form>
    </main>`,
  );
}

/**
 * A page an administrator opens from the review (the audit log, the webhook deliveries): who
 * is signed in and the way back above its content.
 */
export function pageUnderReview(title: string, username: string, content: Html): Html {
  return layout(
    title,
    html`<header>
        Signed in as <strong>${username}</strong> ·
        <a href="/supervisor">Back to the review</a>
      </header>
      <main>${content}</main>`,
  );
}
