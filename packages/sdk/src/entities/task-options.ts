import type { DurationLike } from "../authoring/duration.js";

/** Resource quantities in Kubernetes notation: `cpu: "500m"`, `memory: "1Gi"`, `gpu: 1`. */
export interface ResourceSpec {
  readonly cpu?: string | number;
  readonly gpu?: string | number;
  readonly memory?: string;
  readonly storage?: string;
  readonly ephemeralStorage?: string;
}

/** Cache settings: a version bumped to invalidate, serialize identical runs, ignore some inputs. */
export interface CacheSpec<K extends PropertyKey = string> {
  readonly version: string;
  readonly serialize?: boolean;
  readonly ignoreInputs?: readonly K[];
}

/** A secret the task needs, mounted as an environment variable or a file. */
export interface SecretSpec {
  readonly group: string;
  readonly key?: string;
  readonly groupVersion?: string;
  readonly mount?: "env" | "file";
  /** The environment variable to expose it as (for `mount: "env"`). */
  readonly envVar?: string;
}

/** Settings every task accepts (flytekit's `@task` arguments). */
export interface TaskSettings<K extends PropertyKey = string> {
  /** The Flyte name; defaults to `<module>.<export>` when packaged. */
  readonly name?: string;
  readonly description?: string;
  /** Container image; defaults to the package's default image. */
  readonly image?: string;
  readonly resources?: { readonly requests?: ResourceSpec; readonly limits?: ResourceSpec };
  readonly retries?: number;
  readonly timeout?: DurationLike;
  readonly interruptible?: boolean;
  /** `true` caches with version "1"; or a version plus options. */
  readonly cache?: boolean | CacheSpec<K>;
  readonly secrets?: readonly SecretSpec[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly deprecated?: string;
}
