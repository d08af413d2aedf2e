/** The sign-in page (with the demo accounts listed in demo mode). */
import { html } from '../html.js';
import { page } from './layout.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/demo-users.js';

/** The sign-in form; `token` is the login form's CSRF token, `error` the last failure. */
export function loginPage(token: string, error: string | null, demo: boolean): string {
  const content = html`${error !== null ? html`<div class="error" role="alert">${error}</div>` : html``}
    <form method="post" action="/login">
      <input type="hidden" name="_csrf" value="${token}" /> <label for="username">Username</label
      ><input
        type="text"
        id="username"
        name="username"
        autocomplete="username"
        required
        autofocus
      />
      <label for="password">Password</label
      ><input
        type="password"
        id="password"
        name="password"
        autocomplete="current-password"
        required
      />
      <p><button type="submit">Sign in</button></p>
    </form>
    <p>Were you given a family access code? <a href="/family/sign-in">Use it here</a>.</p>
    ${
      demo
        ? html`<section class="notice" aria-labelledby="demo-h">
            <h2 id="demo-h">Demo accounts</h2>
            <p>
              This is the demo service on a synthetic county. Every demo account’s password is
              <code>${DEMO_PASSWORD}</code>.
            </p>
            <ul>
              ${DEMO_USERS.map((u) => html`<li><code>${u.username}</code> — ${u.role}</li>`)}
            </ul>
          </section>`
        : html``
    }`;
  return page(null, 'Sign in', content);
}
