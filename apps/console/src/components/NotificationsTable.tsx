import type { NotificationRow } from "../format/notifications";

/** Notifications as a small table: on which phases, over which channel, to whom. */
export function NotificationsTable({ rows, label }: { rows: readonly NotificationRow[]; label: string }) {
  return (
    <table className="literal-table" aria-label={label} data-testid="notifications">
      <thead>
        <tr>
          <th scope="col">When the execution is</th>
          <th scope="col">Channel</th>
          <th scope="col">To</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{r.phases.length > 0 ? r.phases.join(", ") : <span className="muted">no phase</span>}</td>
            <td>
              {r.channel}
              {r.template && <div className="muted">own message template</div>}
            </td>
            <td className="mono">
              {r.recipients.length > 0 ? r.recipients.join(", ") : <span className="muted">no recipients</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
