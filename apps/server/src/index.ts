export { startServer, type StartServerOptions, type RunningServer } from "./start-server.js";
export { loadServerConfig, ENV_KEYS, type LoadServerConfigOptions } from "./config/load-server-config.js";
export {
  checkConfigInput,
  DEFAULT_PORT,
  InvalidServerConfigError,
  type ServerConfig,
  type ServerConfigInput,
} from "./config/server-config.js";
export { EngineLauncher } from "./engine-launcher.js";
export { AdminLaunchPlanExecutor } from "./admin-launch-plan-executor.js";
export { reconcileExecutions } from "./reconcile-executions.js";
