import { Resources_ResourceName, type Resources } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";

/** What the runtime enforces: `--cpus` and `--memory`. */
export interface ResourceLimits {
  readonly cpus?: number;
  readonly memoryBytes?: number;
}

const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity (`500m`, `2`, `1.5Gi`, `1e3`) as a number; undefined when malformed. */
export function parseQuantity(text: string): number | undefined {
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$/.exec(text.trim());
  if (!m) return undefined;
  const factor = SUFFIX[m[2] ?? ""];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/**
 * The CPU and memory limits of a container (limits, else requests, as the pod plugin defaults
 * them). Throws `Error` naming the bad entry for a malformed quantity.
 */
export function resourceLimits(resources: Resources | undefined): ResourceLimits {
  const pick = (name: Resources_ResourceName): string | undefined =>
    (resources?.limits.find((e) => e.name === name) ?? resources?.requests.find((e) => e.name === name))?.value;
  const parse = (what: string, text: string | undefined): number | undefined => {
    if (text === undefined || text === "") return undefined;
    const n = parseQuantity(text);
    if (n === undefined || n <= 0) throw new Error(`the ${what} limit ${JSON.stringify(text)} is not a valid quantity`);
    return n;
  };
  const cpus = parse("cpu", pick(Resources_ResourceName.CPU));
  const memory = parse("memory", pick(Resources_ResourceName.MEMORY));
  return {
    ...(cpus === undefined ? {} : { cpus }),
    ...(memory === undefined ? {} : { memoryBytes: Math.ceil(memory) }),
  };
}
