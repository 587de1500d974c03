import type { PhaseGroup } from "./phase";

/** A coloured phase label; `data-phase` carries the phase name for tests and styles. */
export function PhaseBadge({ name, group }: { name: string; group: PhaseGroup }) {
  return (
    <span className={`phase phase-${group}`} data-phase={name} data-testid="phase">
      {name.toLowerCase().replace(/_/g, " ")}
    </span>
  );
}
