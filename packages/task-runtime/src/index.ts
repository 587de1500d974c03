export const TASK_RUNTIME_VERSION = "0.1.0";
