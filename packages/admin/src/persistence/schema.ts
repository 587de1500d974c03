import type { Generated } from "kysely";

/**
 * The database schema as Kysely sees it. One interface per table, snake_case columns.
 *
 * Conventions (the same on SQLite and PostgreSQL, so one set of repositories serves both):
 * - timestamps are epoch milliseconds in BIGINT columns (`*_at`), durations in `duration_ms`;
 * - booleans are INTEGER 0/1;
 * - protobuf messages are stored as bytes (BLOB / BYTEA), phases as their enum names
 *   (`SUCCEEDED`), states as their enum numbers;
 * - scope columns that may be blank (matchable attributes) are '' rather than NULL, so they can be
 *   part of unique keys.
 */
export interface ProjectsTable {
  id: string;
  name: string;
  description: string;
  labels: Uint8Array | null;
  state: number;
  created_at: number;
  updated_at: number;
}

export interface NamedEntitiesTable {
  resource_type: number;
  project: string;
  domain: string;
  name: string;
  description: string;
  state: number;
  created_at: number;
  updated_at: number;
}

/** Columns shared by the three versioned entity tables. */
interface VersionedEntityColumns {
  project: string;
  domain: string;
  name: string;
  version: string;
  digest: string;
  created_at: number;
}

export interface TasksTable extends VersionedEntityColumns {
  task_type: string;
  short_description: string;
  closure: Uint8Array;
}

export interface WorkflowsTable extends VersionedEntityColumns {
  short_description: string;
  closure: Uint8Array;
}

export interface LaunchPlansTable extends VersionedEntityColumns {
  workflow_project: string;
  workflow_domain: string;
  workflow_name: string;
  workflow_version: string;
  spec: Uint8Array;
  closure: Uint8Array;
  state: number;
  schedule_type: string;
  schedule_expression: string;
  kickoff_time_input_arg: string;
  updated_at: number;
}

export interface DescriptionEntitiesTable extends VersionedEntityColumns {
  resource_type: number;
  short_description: string;
  entity: Uint8Array;
}

export interface ExecutionsTable {
  project: string;
  domain: string;
  name: string;
  phase: string;
  launch_plan_project: string;
  launch_plan_domain: string;
  launch_plan_name: string;
  launch_plan_version: string;
  workflow_project: string;
  workflow_domain: string;
  workflow_name: string;
  workflow_version: string;
  task_name: string;
  mode: number;
  principal: string;
  parent_project: string | null;
  parent_domain: string | null;
  parent_name: string | null;
  parent_node_id: string | null;
  reference_project: string | null;
  reference_domain: string | null;
  reference_name: string | null;
  cluster: string;
  started_at: number | null;
  duration_ms: number | null;
  created_at: number;
  updated_at: number;
  state: number;
  spec: Uint8Array;
  closure: Uint8Array;
  error_kind: string;
  error_code: string;
  inputs_uri: string;
  user_inputs_uri: string;
}

export interface ExecutionTagsTable {
  project: string;
  domain: string;
  name: string;
  tag: string;
}

export interface NodeExecutionsTable {
  project: string;
  domain: string;
  name: string;
  node_id: string;
  parent_node_id: string | null;
  spec_node_id: string;
  retry_group: string;
  phase: string;
  is_parent: number;
  is_dynamic: number;
  is_array: number;
  input_uri: string;
  closure: Uint8Array;
  error_kind: string;
  error_code: string;
  started_at: number | null;
  duration_ms: number | null;
  created_at: number;
  updated_at: number;
}

export interface TaskExecutionsTable {
  project: string;
  domain: string;
  name: string;
  node_id: string;
  task_project: string;
  task_domain: string;
  task_name: string;
  task_version: string;
  retry_attempt: number;
  phase: string;
  phase_version: number;
  is_parent: number;
  input_uri: string;
  closure: Uint8Array;
  started_at: number | null;
  duration_ms: number | null;
  created_at: number;
  updated_at: number;
}

export interface EventsTable {
  seq: Generated<number>;
  project: string;
  domain: string;
  name: string;
  kind: string;
  node_id: string | null;
  retry_attempt: number | null;
  phase: string;
  occurred_at: number | null;
  event: Uint8Array;
  created_at: number;
}

export interface MatchableAttributesTable {
  project: string;
  domain: string;
  workflow: string;
  launch_plan: string;
  resource_type: string;
  priority: number;
  attributes: Uint8Array;
  created_at: number;
  updated_at: number;
}

export interface SignalsTable {
  project: string;
  domain: string;
  name: string;
  signal_id: string;
  type: Uint8Array;
  value: Uint8Array | null;
  created_at: number;
  updated_at: number;
}

export interface DatasetsTable {
  project: string;
  name: string;
  domain: string;
  version: string;
  uuid: string;
  metadata: Uint8Array | null;
  partition_keys: string;
  created_at: number;
}

export interface ArtifactsTable {
  dataset_uuid: string;
  artifact_id: string;
  metadata: Uint8Array | null;
  created_at: number;
}

export interface ArtifactDataTable {
  dataset_uuid: string;
  artifact_id: string;
  name: string;
  location: string;
}

export interface CatalogTagsTable {
  dataset_uuid: string;
  tag_name: string;
  artifact_id: string;
  created_at: number;
}

export interface PartitionsTable {
  dataset_uuid: string;
  artifact_id: string;
  key: string;
  value: string;
}

export interface ReservationsTable {
  dataset_project: string;
  dataset_name: string;
  dataset_domain: string;
  dataset_version: string;
  tag_name: string;
  owner_id: string;
  expires_at: number;
  created_at: number;
  updated_at: number;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Schema {
  projects: ProjectsTable;
  named_entities: NamedEntitiesTable;
  tasks: TasksTable;
  workflows: WorkflowsTable;
  launch_plans: LaunchPlansTable;
  description_entities: DescriptionEntitiesTable;
  executions: ExecutionsTable;
  execution_tags: ExecutionTagsTable;
  node_executions: NodeExecutionsTable;
  task_executions: TaskExecutionsTable;
  events: EventsTable;
  matchable_attributes: MatchableAttributesTable;
  signals: SignalsTable;
  datasets: DatasetsTable;
  artifacts: ArtifactsTable;
  artifact_data: ArtifactDataTable;
  catalog_tags: CatalogTagsTable;
  partitions: PartitionsTable;
  reservations: ReservationsTable;
  flyte_migrations: MigrationsTable;
}

export type TableName = keyof Schema;
