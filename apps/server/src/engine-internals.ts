/** The task plugins the server wires into its engine. */
export { ContainerPlugin, TsTaskPlugin } from "@flyte-ts/engine";
