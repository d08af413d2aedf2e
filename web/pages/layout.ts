/**
 * The frame of every page: a skip link, the service name, the signed-in person's links for their
 * role and a sign-out button, then the page's main content. No scripts: every page works with a
 * keyboard and without JavaScript.
 */
import type { Staff } from '../../server/context.js';
import { html, type Html } from '../html.js';

/** The start page of each role. */
export const HOME: Readonly<Record<string, string>> = Object.freeze({
  screener: '/calls',
  supervisor: '/queue',
  investigator: '/cases',
  analyst: '/reports',
  administrator: '/admin',
  reviewer: '/disputes',
});

const LINKS: Readonly<Record<string, readonly [string, string][]>> = {
  screener: [
    ['/calls', 'My calls'],
    ['/calls/new', 'New call'],
  ],
  supervisor: [['/queue', 'Decision queue']],
  investigator: [['/cases', 'Cases']],
  analyst: [['/reports', 'Reports']],
  administrator: [['/admin', 'Administration']],
  reviewer: [['/disputes', 'Disputes']],
};

/** A whole page. */
export function page(staff: Staff | null, title: string, content: Html): string {
  const nav =
    staff === null
      ? html``
      : html`<nav aria-label="Main">
            ${(LINKS[staff.role] ?? []).map(([href, text]) => html`<a href="${href}">${text}</a>`)}
          </nav>
          <div>
            <span class="muted">${staff.displayName} (${staff.role})</span>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value="${staff.csrf}" />
              <button type="submit" class="secondary">Sign out</button>
            </form>
          </div>`;
  return frame(
    `${title} · Sightline`,
    html`<a class="brand" href="/">Sightline decision support</a>${nav}`,
    title,
    content,
  );
}

/** A whole document: the page's `<title>`, the header's content, the one h1 and the content. */
export function frame(docTitle: string, header: Html, h1: string, content: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${docTitle}</title>
        <link rel="stylesheet" href="/static/style.css" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">${header}</header>
        <main id="main" tabindex="-1">
          <h1>${h1}</h1>
          ${content}
        </main>
      </body>
    </html>`.text;
}

/** A hidden CSRF field for a form. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}
