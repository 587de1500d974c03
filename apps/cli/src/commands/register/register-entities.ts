import type { Client } from "@connectrpc/connect";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { PackageEntry } from "../../package/read-package.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { RemoteConfig } from "../../remote/cli-config.js";
import { asCliError, Code, rpcCode } from "./raw-admin.js";
import { entryId } from "./hydrate-ids.js";

/** What happened to one entity: new, already there identically, there with other content, or refused. */
export type RegistrationStatus = "created" | "exists" | "conflict" | "failed" | "dry-run";

export interface RegistrationRow {
  readonly kind: "task" | "workflow" | "launch plan";
  readonly name: string;
  readonly version: string;
  readonly status: RegistrationStatus;
  /** The server's message for a conflict (the fields that differ) or a failure. */
  readonly message?: string;
  readonly file: string;
}

const kindNames = { task: "task", workflow: "workflow", launchPlan: "launch plan" } as const;

export interface RegisterEntitiesOptions {
  readonly admin: Client<typeof AdminService>;
  readonly config: RemoteConfig;
  readonly dryRun: boolean;
  /** Called after each entity (progress). */
  readonly onRow?: (row: RegistrationRow, index: number, total: number) => void;
}

/**
 * Registers entries in the given order through CreateTask / CreateWorkflow / CreateLaunchPlan.
 * An entity that is not registered yet is "created"; one the server accepts again (identical
 * content is a no-op) is "exists"; ALREADY_EXISTS (different content) is "conflict" with the
 * server's field diff; other refusals (compile errors, missing references) are "failed". An
 * unreachable server stops everything (it throws).
 */
export async function registerEntities(
  entries: readonly PackageEntry[],
  o: RegisterEntitiesOptions,
): Promise<RegistrationRow[]> {
  const rows: RegistrationRow[] = [];
  for (const [i, e] of entries.entries()) {
    const id = entryId(e);
    if (!id) throw new CliError(`${e.file} has no identifier: it is not a valid package entry`, ExitCode.Failed);
    const base = { kind: kindNames[e.kind], name: id.name, version: id.version, file: e.file };
    let row: RegistrationRow;
    if (o.dryRun) row = { ...base, status: "dry-run" };
    else row = { ...base, ...(await registerOne(e, id, o)) };
    rows.push(row);
    o.onRow?.(row, i, entries.length);
  }
  return rows;
}

async function registerOne(
  e: PackageEntry,
  id: Identifier,
  o: RegisterEntitiesOptions,
): Promise<{ status: RegistrationStatus; message?: string }> {
  const existed = await exists(e, id, o);
  try {
    switch (e.kind) {
      case "task":
        await o.admin.createTask({ id, spec: e.spec });
        break;
      case "workflow":
        await o.admin.createWorkflow({ id, spec: e.spec });
        break;
      case "launchPlan":
        await o.admin.createLaunchPlan({ id, ...(e.spec.spec ? { spec: e.spec.spec } : {}) });
        break;
      default: {
        const unknown: never = e;
        return unknown;
      }
    }
  } catch (err) {
    const code = rpcCode(err);
    if (code === Code.AlreadyExists) return { status: "conflict", message: messageOf(err) };
    // Refused by the server's rules (does not compile, a reference is missing, bad project/domain).
    if (code === Code.InvalidArgument || code === Code.NotFound || code === Code.FailedPrecondition)
      return { status: "failed", message: messageOf(err) };
    throw asCliError(
      err,
      o.config,
      `Create${e.kind === "launchPlan" ? "LaunchPlan" : e.kind === "task" ? "Task" : "Workflow"}`,
    );
  }
  return { status: existed ? "exists" : "created" };
}

async function exists(e: PackageEntry, id: Identifier, o: RegisterEntitiesOptions): Promise<boolean> {
  try {
    if (e.kind === "task") await o.admin.getTask({ id });
    else if (e.kind === "workflow") await o.admin.getWorkflow({ id });
    else await o.admin.getLaunchPlan({ id });
    return true;
  } catch (err) {
    if (rpcCode(err) === Code.NotFound) return false;
    throw asCliError(err, o.config, "Get");
  }
}

const messageOf = (e: unknown): string =>
  e instanceof Error && "rawMessage" in e ? String((e as { rawMessage: unknown }).rawMessage) : String(e);
