import { createRegistry } from "@bufbuild/protobuf";
import type { JsonWriteOptions } from "@bufbuild/protobuf";
import { file_flyteidl_admin_launch_plan } from "./gen/flyteidl/admin/launch_plan_pb.js";
import { file_flyteidl_admin_task } from "./gen/flyteidl/admin/task_pb.js";
import { file_flyteidl_admin_workflow } from "./gen/flyteidl/admin/workflow_pb.js";
import { file_flyteidl_core_compiler } from "./gen/flyteidl/core/compiler_pb.js";

/** A registry of the flyteidl files whose messages appear inside `Any` fields. */
export const flyteRegistry = createRegistry(
  file_flyteidl_core_compiler,
  file_flyteidl_admin_task,
  file_flyteidl_admin_workflow,
  file_flyteidl_admin_launch_plan,
);

/**
 * Protobuf JSON as Flyte's REST gateway writes it: proto (snake_case) field names, enum names,
 * and default values emitted.
 */
export const protoJsonOptions: Partial<JsonWriteOptions> = {
  useProtoFieldName: true,
  alwaysEmitImplicit: true,
  registry: flyteRegistry,
};
