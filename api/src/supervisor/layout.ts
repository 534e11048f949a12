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
            margin: 1.5rem;
            color: #1b1b1b;
          }
          table {
            border-collapse: collapse;
            margin: 0.5rem 0 1.5rem;
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
          form.inline {
            display: inline;
          }
          fieldset {
            border: 1px solid #ccc;
            margin-bottom: 1rem;
          }
          label {
            margin-right: 0.8rem;
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

export function loginPage(csrf: string, error?: string): Html {
  return layout(
    'Sign in',
    html`<main>
      <h1>Supervisor sign-in</h1>
      ${error ? html`<p class="error" role="alert" data-testid="login-error">${error}</p>` : ''}
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
        <button type="submit" data-testid="login-submit">Sign in</button>
      </form>
    </main>`,
  );
}
