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
  /** The secret's group (e.g. the Kubernetes secret name). */
  readonly group: string;
  /** The key inside the group; the whole group when unset. */
  readonly key?: string;
  readonly groupVersion?: string;
  /** How the secret reaches the task: an environment variable or a file. */
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
  /** CPU, GPU, memory and storage requests and limits. */
  readonly resources?: { readonly requests?: ResourceSpec; readonly limits?: ResourceSpec };
  /** How many times a failed attempt is retried. */
  readonly retries?: number;
  /** The longest one attempt may run: `"10m"`, `"1h"` or a number of seconds. */
  readonly timeout?: DurationLike;
  /** May run on preemptible machines. */
  readonly interruptible?: boolean;
  /** `true` caches with version "1"; or a version plus options. */
  readonly cache?: boolean | CacheSpec<K>;
  /** Secrets to mount into the task's container. */
  readonly secrets?: readonly SecretSpec[];
  /** Environment variables of the task's container. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  /** Marks the task deprecated, with this message shown to users. */
  readonly deprecated?: string;
}
