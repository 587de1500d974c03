import { KyselyArtifactRepository, type ArtifactRepository } from "./repositories/artifact-repository.js";
import { KyselyDatasetRepository, type DatasetRepository } from "./repositories/dataset-repository.js";
import {
  KyselyDescriptionEntityRepository,
  type DescriptionEntityRepository,
} from "./repositories/description-entity-repository.js";
import { KyselyEventRepository, type EventRepository } from "./repositories/event-repository.js";
import { KyselyExecutionRepository, type ExecutionRepository } from "./repositories/execution-repository.js";
import { KyselyLaunchPlanRepository, type LaunchPlanRepository } from "./repositories/launch-plan-repository.js";
import {
  KyselyMatchableAttributesRepository,
  type MatchableAttributesRepository,
} from "./repositories/matchable-attributes-repository.js";
import { KyselyNamedEntityRepository, type NamedEntityRepository } from "./repositories/named-entity-repository.js";
import {
  KyselyNodeExecutionRepository,
  type NodeExecutionRepository,
} from "./repositories/node-execution-repository.js";
import { KyselyProjectRepository, type ProjectRepository } from "./repositories/project-repository.js";
import { KyselyReservationRepository, type ReservationRepository } from "./repositories/reservation-repository.js";
import { KyselySignalRepository, type SignalRepository } from "./repositories/signal-repository.js";
import { KyselyTagRepository, type TagRepository } from "./repositories/tag-repository.js";
import {
  KyselyTaskExecutionRepository,
  type TaskExecutionRepository,
} from "./repositories/task-execution-repository.js";
import { KyselyTaskRepository, type TaskRepository } from "./repositories/task-repository.js";
import { KyselyWorkflowRepository, type WorkflowRepository } from "./repositories/workflow-repository.js";
import { inTransaction, type Db } from "./transaction.js";

/** Every repository, bound to one database handle or transaction. */
export interface Repositories {
  projects: ProjectRepository;
  namedEntities: NamedEntityRepository;
  tasks: TaskRepository;
  workflows: WorkflowRepository;
  launchPlans: LaunchPlanRepository;
  descriptionEntities: DescriptionEntityRepository;
  executions: ExecutionRepository;
  nodeExecutions: NodeExecutionRepository;
  taskExecutions: TaskExecutionRepository;
  events: EventRepository;
  matchableAttributes: MatchableAttributesRepository;
  signals: SignalRepository;
  datasets: DatasetRepository;
  artifacts: ArtifactRepository;
  tags: TagRepository;
  reservations: ReservationRepository;
}

/** One table, so adding a repository to `Repositories` without wiring it fails to compile. */
const FACTORIES: { [K in keyof Repositories]: (db: Db) => Repositories[K] } = {
  projects: (db) => new KyselyProjectRepository({ db }),
  namedEntities: (db) => new KyselyNamedEntityRepository({ db }),
  tasks: (db) => new KyselyTaskRepository({ db }),
  workflows: (db) => new KyselyWorkflowRepository({ db }),
  launchPlans: (db) => new KyselyLaunchPlanRepository({ db }),
  descriptionEntities: (db) => new KyselyDescriptionEntityRepository({ db }),
  executions: (db) => new KyselyExecutionRepository({ db }),
  nodeExecutions: (db) => new KyselyNodeExecutionRepository({ db }),
  taskExecutions: (db) => new KyselyTaskExecutionRepository({ db }),
  events: (db) => new KyselyEventRepository({ db }),
  matchableAttributes: (db) => new KyselyMatchableAttributesRepository({ db }),
  signals: (db) => new KyselySignalRepository({ db }),
  datasets: (db) => new KyselyDatasetRepository({ db }),
  artifacts: (db) => new KyselyArtifactRepository({ db }),
  tags: (db) => new KyselyTagRepository({ db }),
  reservations: (db) => new KyselyReservationRepository({ db }),
};

export function createRepositories(db: Db): Repositories {
  const out: Partial<Repositories> = {};
  for (const key of Object.keys(FACTORIES) as (keyof Repositories)[]) {
    (out as Record<string, unknown>)[key] = FACTORIES[key](db);
  }
  return out as Repositories;
}

/**
 * Runs `fn` with repositories bound to one transaction: everything it writes commits together,
 * or nothing does when it throws.
 */
export function withTransaction<T>(db: Db, fn: (repos: Repositories) => Promise<T>): Promise<T> {
  return inTransaction(db, (trx) => fn(createRepositories(trx)));
}
