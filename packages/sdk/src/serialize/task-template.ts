import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ContainerSchema, ResourcesSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import {
  DataLoadingConfig_LiteralMapFormat,
  Resources_ResourceName,
  RuntimeMetadata_RuntimeType,
  TaskTemplateSchema,
  type TaskTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { Secret_MountType } from "@flyte-ts/idl/gen/flyteidl/core/security_pb";
import { toProtoDuration } from "../authoring/duration.js";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import type { ContainerSpec, TaskEntity } from "../entities/task-entity.js";
import type { ResourceSpec, TaskSettings } from "../entities/task-options.js";
import { RAW_CONTAINER_TASK_TYPE, SDK_VERSION, TS_TASK_TYPE, type SerializeConfig } from "./config.js";
import { identifierOf } from "./identifiers.js";
import { typedInterface } from "./interface.js";
import { mapInputTypes, mapOutputTypes } from "../entities/map-types.js";

/** The Flyte task template of a packaged task. */
export function taskTemplate(entity: TaskEntity, config: SerializeConfig): TaskTemplate {
  const v = entity.variant;
  const settings = v.kind === "map" ? v.map.of.settings : entity.settings;
  const base = {
    id: identifierOf(entity),
    metadata: taskMetadata(settings, entity.label),
    ...(settings.secrets?.length ? { securityContext: { secrets: settings.secrets.map(secret) } } : {}),
  };
  switch (v.kind) {
    case "function":
    case "dynamic":
      return create(TaskTemplateSchema, {
        ...base,
        type: TS_TASK_TYPE,
        interface: typedInterface(entity.iface),
        target: { case: "container", value: tsContainer(entity, settings, config, "flyte-execute") },
      });
    case "map":
      return create(TaskTemplateSchema, {
        ...base,
        type: TS_TASK_TYPE,
        taskTypeVersion: 1,
        interface: typedInterface(v.map.of.iface, {
          inputs: mapInputTypes(v.map.of.iface, v.map.boundInputs),
          outputs: mapOutputTypes(v.map.of.iface),
        }),
        target: { case: "container", value: tsContainer(v.map.of, settings, config, "flyte-map-execute") },
      });
    case "container":
      return create(TaskTemplateSchema, {
        ...base,
        type: RAW_CONTAINER_TASK_TYPE,
        interface: typedInterface(entity.iface),
        target: { case: "container", value: rawContainer(v.container, settings) },
      });
    case "reference":
      throw new AuthoringError(
        AuthoringErrorCode.InvalidEntity,
        `${entity.label} is a reference task: it is not packaged`,
      );
  }
}

function taskMetadata(s: TaskSettings, label: string): MessageInitShape<typeof TaskTemplateSchema>["metadata"] {
  const cache = s.cache === true ? { version: "1" } : s.cache === false || s.cache === undefined ? undefined : s.cache;
  return {
    runtime: { type: RuntimeMetadata_RuntimeType.FLYTE_SDK, version: SDK_VERSION, flavor: "typescript" },
    retries: { retries: s.retries ?? 0 },
    ...(s.timeout !== undefined ? { timeout: toProtoDuration(s.timeout, `timeout of ${label}`) } : {}),
    ...(s.interruptible !== undefined
      ? { interruptibleValue: { case: "interruptible" as const, value: s.interruptible } }
      : {}),
    discoverable: cache !== undefined,
    discoveryVersion: cache?.version ?? "",
    cacheSerializable: cache?.serialize ?? false,
    cacheIgnoreInputVars: (cache?.ignoreInputs ?? []).map(String),
    tags: { ...(s.tags ?? {}) },
    deprecatedErrorMessage: s.deprecated ?? "",
  };
}

/** The container of a TS task: Flyte's task-execution contract (ARCHITECTURE §7). */
function tsContainer(
  entity: TaskEntity,
  s: TaskSettings,
  config: SerializeConfig,
  entrypoint: string,
): MessageInitShape<typeof ContainerSchema> {
  const modulePath = entity.naming.modulePath;
  const exportName = entity.naming.exportName;
  if (modulePath === undefined || exportName === undefined) {
    throw new AuthoringError(
      AuthoringErrorCode.UnnamedEntity,
      `${entity.label} is not exported from a packaged module, so the task runtime could not load it: export it`,
    );
  }
  return {
    image: s.image ?? config.image,
    args: [
      entrypoint,
      "--inputs",
      "{{.input}}",
      "--output-prefix",
      "{{.outputPrefix}}",
      "--raw-output-data-prefix",
      "{{.rawOutputDataPrefix}}",
      "--checkpoint-path",
      "{{.checkpointOutputPrefix}}",
      "--prev-checkpoint",
      "{{.prevCheckpointPrefix}}",
      "--resolver",
      "default",
      "--",
      "task-module",
      modulePath,
      "task-name",
      exportName,
    ],
    resources: resources(s.resources),
    env: Object.entries(s.environment ?? {}).map(([key, value]) => ({ key, value })),
  };
}

function rawContainer(c: ContainerSpec, s: TaskSettings): MessageInitShape<typeof ContainerSchema> {
  const format = {
    json: DataLoadingConfig_LiteralMapFormat.JSON,
    yaml: DataLoadingConfig_LiteralMapFormat.YAML,
    proto: DataLoadingConfig_LiteralMapFormat.PROTO,
  }[c.format];
  return {
    image: c.image,
    command: [...c.command],
    args: [...c.args],
    resources: resources(s.resources),
    env: Object.entries(s.environment ?? {}).map(([key, value]) => ({ key, value })),
    dataConfig: { enabled: true, inputPath: c.inputDir, outputPath: c.outputDir, format },
  };
}

/** Flyte resource entries from `{ cpu, gpu, memory, storage }` requests and limits. */
export function resources(
  r: { requests?: ResourceSpec; limits?: ResourceSpec } | undefined,
): MessageInitShape<typeof ResourcesSchema> {
  return { requests: entries(r?.requests), limits: entries(r?.limits) };
}

function entries(spec: ResourceSpec | undefined): { name: Resources_ResourceName; value: string }[] {
  if (!spec) return [];
  const out: { name: Resources_ResourceName; value: string }[] = [];
  const add = (name: Resources_ResourceName, v: string | number | undefined) => {
    if (v !== undefined) out.push({ name, value: String(v) });
  };
  add(Resources_ResourceName.CPU, spec.cpu);
  add(Resources_ResourceName.GPU, spec.gpu);
  add(Resources_ResourceName.MEMORY, spec.memory);
  add(Resources_ResourceName.STORAGE, spec.storage);
  add(Resources_ResourceName.EPHEMERAL_STORAGE, spec.ephemeralStorage);
  return out;
}

function secret(s: NonNullable<TaskSettings["secrets"]>[number]) {
  return {
    group: s.group,
    key: s.key ?? "",
    groupVersion: s.groupVersion ?? "",
    envVar: s.envVar ?? "",
    mountRequirement:
      s.mount === "env" ? Secret_MountType.ENV_VAR : s.mount === "file" ? Secret_MountType.FILE : Secret_MountType.ANY,
  };
}
