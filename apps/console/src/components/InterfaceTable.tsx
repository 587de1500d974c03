import type { ReactNode } from "react";
import { typeToString } from "@flyte-ts/idl";
import type { ParameterMap, VariableMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralView } from "../format/LiteralView";

/** Typed variables (inputs or outputs); parameters add required/default, fixed inputs their values. */
export function InterfaceTable({
  label,
  variables,
  parameters,
  fixed,
}: {
  label: string;
  variables?: VariableMap | undefined;
  parameters?: ParameterMap | undefined;
  fixed?: LiteralMap | undefined;
}) {
  const rows = new Map<string, { type: string; description: string; value?: ReactNode; note?: string }>();
  for (const [name, v] of Object.entries(variables?.variables ?? {})) {
    rows.set(name, { type: typeToString(v.type), description: v.description });
  }
  for (const [name, p] of Object.entries(parameters?.parameters ?? {})) {
    const b = p.behavior;
    rows.set(name, {
      type: typeToString(p.var?.type),
      description: p.var?.description ?? "",
      ...(b.case === "default" ? { value: <LiteralView literal={b.value} />, note: "default" } : {}),
      ...(b.case === "required" && b.value ? { note: "required" } : {}),
      ...(b.case === undefined ? { note: "optional" } : {}),
    });
  }
  for (const [name, lit] of Object.entries(fixed?.literals ?? {})) {
    const prev = rows.get(name);
    rows.set(name, {
      type: prev?.type ?? "",
      description: prev?.description ?? "",
      value: <LiteralView literal={lit} />,
      note: "fixed",
    });
  }
  if (rows.size === 0) return <p className="muted">None.</p>;
  const withValues = parameters !== undefined || fixed !== undefined;
  return (
    <table className="data" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          {withValues && <th scope="col">Default</th>}
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {[...rows.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, r]) => (
            <tr key={name}>
              <td className="mono">{name}</td>
              <td className="mono">{r.type}</td>
              {withValues && (
                <td>
                  {r.value ?? null} {r.note && <span className="muted">({r.note})</span>}
                </td>
              )}
              <td className="muted">{r.description}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
