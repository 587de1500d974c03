/** Stable error codes of the container plugin (Flyte's where it has one). */
export const ContainerErrorCode = {
  /** The task exited non-zero (Flyte reports the container's terminated reason, `Error`). */
  ContainerFailed: "Error",
  /** The container was killed for using too much memory. */
  OOMKilled: "OOMKilled",
  /** The task wrote `<outputDir>/_ERROR`. */
  UserError: "USER:ContainerError",
  /** An output was missing, unreadable, or could not be uploaded (copilot's code). */
  OutputUploadFailed: "OutputUploadFailed",
  /** Neither podman nor docker works and local processes are not allowed. */
  NoContainerRuntime: "NoContainerRuntime",
  /** The task template has no container, or asks for outputs copilot cannot read. */
  BadTaskSpec: "BadTaskSpecification",
  /** A `{{.inputs.x}}` placeholder names a missing input or one with no text form. */
  TemplateError: "TemplateRenderFailed",
  /** The image is not available locally and may not be pulled. */
  ImageNotFound: "ImageNotFound",
  /** Preparing inputs, or the container runtime itself, failed. */
  RuntimeFailure: "ContainerRuntimeFailure",
} as const;
export type ContainerErrorCode = (typeof ContainerErrorCode)[keyof typeof ContainerErrorCode];
