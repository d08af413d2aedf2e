/**
 * The administrator's page: staff accounts (create, unlock, deactivate, reactivate) and the audit
 * log's integrity.
 */
import { STAFF_ROLES, type AuditVerification } from '../../src/store/index.js';
import type { Staff } from '../../server/context.js';
import type { StaffView } from '../../server/workflow/staff.js';
import { html } from '../html.js';
import { csrfField, page } from './layout.js';

/** The administration page; `message` reports the last action. */
export function adminPage(
  staff: Staff,
  users: readonly StaffView[],
  audit: AuditVerification,
  message: string | null,
): string {
  const content = html`${message !== null ? html`<div class="ok" role="status">${message}</div>` : html``}
    <h2>Audit log</h2>
    ${
      audit.ok
        ? html`<p class="ok">
            The audit log verifies: ${audit.entries} entries, every link intact. Head: entry
            ${audit.head.seq}, <code>${audit.head.hash}</code>.
          </p>`
        : html`<div class="error" role="alert">
            <p>The audit log does NOT verify:</p>
            <ul>
              ${audit.problems.map((p) => html`<li>entry ${p.seq}: ${p.problem}</li>`)}
            </ul>
          </div>`
    }
    <h2>Staff accounts</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Username</th>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">State</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        ${users.map(
          (u) =>
            html`<tr>
              <td>${u.username}</td>
              <td>${u.displayName}</td>
              <td>${u.role}</td>
              <td>${!u.active ? 'deactivated' : u.locked ? 'locked' : 'active'}</td>
              <td>
                ${u.locked ? html`<form method="post" action="/admin/users/${u.userId}/unlock">${csrfField(staff.csrf)}<button type="submit" class="secondary">Unlock ${u.username}</button></form>` : html``}
                ${
                  u.userId === staff.userId
                    ? html``
                    : u.active
                      ? html`<form method="post" action="/admin/users/${u.userId}/deactivate">
                          ${csrfField(staff.csrf)}<button type="submit" class="secondary">
                            Deactivate ${u.username}
                          </button>
                        </form>`
                      : html`<form method="post" action="/admin/users/${u.userId}/reactivate">
                          ${csrfField(staff.csrf)}<button type="submit" class="secondary">
                            Reactivate ${u.username}
                          </button>
                        </form>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>New account</h2>
    <form method="post" action="/admin/users">
      ${csrfField(staff.csrf)} <label for="new-username">Username</label
      ><input type="text" id="new-username" name="username" required autocomplete="off" />
      <label for="new-name">Name</label
      ><input type="text" id="new-name" name="displayName" required />
      <label for="new-role">Role</label
      ><select id="new-role" name="role">
        ${STAFF_ROLES.map((r) => html`<option value="${r}">${r}</option>`)}
      </select>
      <label for="new-password">Password (at least 12 characters)</label
      ><input
        type="password"
        id="new-password"
        name="password"
        required
        minlength="12"
        autocomplete="new-password"
      />
      <p><button type="submit">Create account</button></p>
    </form>`;
  return page(staff, 'Administration', content);
}
