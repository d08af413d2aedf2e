/**
 * The frame of the family pages (no staff links; a sign-out button when signed in), the sign-in
 * form for a one-time code, and the family's error page.
 */
import type { Family } from '../../server/context.js';
import { html, type Html } from '../html.js';
import { frame } from './layout.js';
import { TITLES } from './error.js';

/** The header and frame of a family page (no staff links; a sign-out button when signed in). */
export function familyFrame(family: Family | null, title: string, content: Html): string {
  const out =
    family === null
      ? html``
      : html`<form method="post" action="/family/sign-out">
          <input type="hidden" name="_csrf" value="${family.csrf}" />
          <button type="submit" class="secondary">Sign out</button>
        </form>`;
  return frame(
    `${title} · Family access`,
    html`<span class="brand">Child welfare hotline · Family access</span>${out}`,
    title,
    content,
  );
}

/** The sign-in form; `token` is its CSRF token, `error` the last failure, `note` a status. */
export function familySignInPage(
  token: string,
  error: string | null,
  note: string | null = null,
): string {
  const content = html`${error !== null ? html`<div class="error" role="alert">${error}</div>` : html``}
    ${note !== null ? html`<p class="ok" role="status">${note}</p>` : html``}
    <p>
      Someone from the child welfare agency gave you an access code. It looks like
      <code>7KQM-4XTR-9HWC</code>. Type it below to see what our screening tool used about your
      household.
    </p>
    <form method="post" action="/family/sign-in">
      <input type="hidden" name="_csrf" value="${token}" />
      <label for="code">Your access code</label>
      <input
        type="text"
        id="code"
        name="code"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck="false"
        aria-describedby="code-help"
        required
        autofocus
      />
      <p id="code-help" class="muted">
        Small or capital letters, spaces and dashes do not matter. The code works only once.
      </p>
      <p><button type="submit">Open my page</button></p>
    </form>`;
  return familyFrame(null, 'See what the screening tool used', content);
}

/** An error on a family page. */
export function familyErrorPage(
  family: Family | null,
  status: number,
  code: string,
  message: string,
): string {
  return familyFrame(
    family,
    TITLES[status] ?? 'Something went wrong',
    html`<div class="error" role="alert">
        <p>${message}</p>
        <p class="muted">Code ${code}</p>
      </div>
      <p>
        <a href="${family !== null ? '/family' : '/family/sign-in'}"
          >${family !== null ? 'Back to your page' : 'Back to sign-in'}</a
        >
      </p>`,
  );
}
