export {
  FlyteError,
  UserError,
  SystemError,
  InvalidArgumentError,
  NotFoundError,
  AlreadyExistsError,
  FailedPreconditionError,
  ErrorStatus,
  isFlyteError,
  errorMessage,
  type ErrorKind,
  type FlyteErrorOptions,
} from "./errors.js";
export {
  NodePhase,
  TaskPhase,
  WorkflowPhase,
  isTerminalWorkflowPhase,
  isTerminalNodePhase,
  isTerminalTaskPhase,
  checkWorkflowTransition,
  checkNodeTransition,
  checkTaskTransition,
  type TransitionVerdict,
} from "./phases.js";
export { areTypesCastable } from "./types/are-types-castable.js";
export { typesEqual, typesEqualIgnoringSideInfo } from "./types/types-equal.js";
export {
  literalTypeForLiteral,
  literalTypeForScalar,
  literalTypeForPrimitive,
  MSGPACK_TAG,
} from "./types/literal-type-for-literal.js";
export { isJsonSchemaSuperset, jsonEqual } from "./types/json-schema.js";
export { parseCron, nextCronTime, parseGoDuration, type CronSpec } from "./schedule/cron.js";
