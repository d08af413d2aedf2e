/** The page shown for an error: what happened, in the words of its message, and a way on. */
import type { Staff } from '../../server/context.js';
import { html } from '../html.js';
import { HOME, page } from './layout.js';

/** The title of an error page by HTTP status. */
export const TITLES: Readonly<Record<number, string>> = {
  400: 'Please check what you entered',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Not at this step',
  429: 'Too many requests',
};

/** An error page for `status` with the error's message and code. */
export function errorPage(
  staff: Staff | null,
  status: number,
  code: string,
  message: string,
): string {
  const home = staff !== null ? (HOME[staff.role] ?? '/') : '/login';
  return page(
    staff,
    TITLES[status] ?? 'Something went wrong',
    html`<div class="error" role="alert">
        <p>${message}</p>
        <p class="muted">Code ${code}</p>
      </div>
      <p><a href="${home}">Back to your start page</a></p>`,
  );
}
