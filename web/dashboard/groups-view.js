// An execution group (tasks submitted with `group: { atomic: true }`): its status, the member whose
// failure failed it, and each member with its compensation. Reached from a member task's page.
import { api, describeError } from '../shared/api.js';
import { html, useEffect, useState } from '../shared/html.js';

export function GroupView({ id }) {
  const [group, setGroup] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const load = () => api(`/v1/task-groups/${encodeURIComponent(id)}`).then((r) => setGroup(r.body), (err) => setError(describeError(err)));
    load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [id]);
  if (error) return html`<section><h1>Execution group</h1><p class="error" role="alert">${error}</p></section>`;
  if (!group) return html`<p>Loading…</p>`;
  return html`<section aria-labelledby="group-title">
    <h1 id="group-title">Execution group <code>${group.id}</code></h1>
    <p>
      Status <span class=${`status status-${group.status}`} data-testid="group-status">${group.status}</span>
      ${group.failedTaskId && html`; failed by <a href=${`#/tasks/${group.failedTaskId}`}>${group.failedTaskId}</a>`}
    </p>
    <table>
      <caption class="sr-only">Members of the group</caption>
      <thead><tr><th scope="col">Task</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Compensation</th></tr></thead>
      <tbody>
        ${group.members.map(
          (m) => html`<tr>
            <td><a href=${`#/tasks/${m.id}`}>${m.id}</a></td>
            <td>${m.type}</td>
            <td><span class=${`status status-${m.status}`}>${m.status}</span></td>
            <td>
              ${m.compensation ? html`<a href=${`#/tasks/${m.compensation.id}`}>${m.compensation.status}</a>` : '—'}${m.compensated ? ' (undone)' : ''}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
