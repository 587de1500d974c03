import { TaskEntity, entitiesUsedBy, type Entity } from "@flyte-ts/sdk";
import { CliError, ExitCode } from "../../exit-codes.js";

/**
 * Fails fast, before anything runs, when `entity` uses what a local run cannot execute: raw
 * container tasks (the local runner has no container plugin) and reference entities (registered
 * on a server, with no body here).
 */
export function checkRunnableLocally(entity: Entity): void {
  const used = entitiesUsedBy(entity);
  const containers = used.filter((e) => e instanceof TaskEntity && e.variant.kind === "container");
  const references = used.filter((e) => e.reference !== undefined);
  const problems: string[] = [];
  if (containers.length > 0)
    problems.push(
      `${entity.label} uses raw container task${containers.length > 1 ? "s" : ""} ${containers.map((e) => `'${e.name ?? e.shortName}'`).join(", ")}, which local runs cannot execute yet`,
    );
  if (references.length > 0)
    problems.push(
      `${entity.label} uses reference entit${references.length > 1 ? "ies" : "y"} (${references.map((e) => e.label).join(", ")}), which exist only on a server`,
    );
  if (problems.length > 0) throw new CliError(problems.join("\n"), ExitCode.Usage);
}
