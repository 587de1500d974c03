/**
 * Engine classes `@flyte-ts/engine` does not export from its index yet (the ts-task and container
 * plugins). Reached through the engine's build output until it does; then this file
 * becomes plain re-exports from "@flyte-ts/engine".
 */
export { TsTaskPlugin } from "../../../packages/engine/dist/plugins/ts-task/ts-task-plugin.js";
export { ContainerPlugin } from "../../../packages/engine/dist/plugins/container/container-plugin.js";
