/**
 * A task attempt waiting for resources (a quota): a "Waiting" badge in the waiting colour, and the
 * reason as text beside it (the full text also as the title, for a cell too narrow to show it all).
 */
export function WaitingBadge({ reason }: { reason: string }) {
  return (
    <span data-testid="waiting" title={reason ? `waiting for resources: ${reason}` : "waiting for resources"}>
      <span className="phase phase-waiting" data-phase="WAITING_FOR_RESOURCES">
        Waiting
      </span>{" "}
      <span className="waiting-reason" data-testid="waiting-reason">
        {reason || "for resources"}
      </span>
    </span>
  );
}
