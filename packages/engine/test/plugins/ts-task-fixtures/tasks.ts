/** TS tasks the ts-task plugin tests run through the real worker pool. */
import { dynamic, map, RecoverableError, t, task } from "@flyte-ts/sdk";

export const add = task({ inputs: { a: t.int, b: t.int }, outputs: t.int }, ({ a, b }) => {
  console.log(`adding ${a} and ${b}`);
  return a + b;
});

export const fails = task({}, () => {
  throw new TypeError("not today");
});

export const flaky = task({}, () => {
  throw new RecoverableError("later, please");
});

export const exits = task({}, () => process.exit(9));

export const sleeps = task(
  { inputs: { ms: t.int } },
  ({ ms }) => new Promise<undefined>((r) => setTimeout(() => r(undefined), ms)),
);

export const attempt = task({ outputs: t.string }, () => process.env.FLYTE_ATTEMPT_NUMBER ?? "<unset>");

export const bigBuffers = task(
  { resources: { limits: { memory: "160Mi" } } },
  () =>
    new Promise<undefined>(() => {
      const keep: Buffer[] = [];
      const grow = () => {
        keep.push(Buffer.alloc(48 * 1024 * 1024, 1));
        setTimeout(grow, 5);
      };
      grow();
    }),
);

/** A small task under a memory limit below the Node runtime's own RSS (a `128Mi`-style default). */
export const smallUnderTinyLimit = task(
  { inputs: { ms: t.int }, outputs: t.int, resources: { limits: { memory: "64Mi" } } },
  async ({ ms }) => {
    await new Promise((r) => setTimeout(r, ms));
    return new Array<number>(1000).fill(1).reduce((a, b) => a + b, 0);
  },
);

export const twice = dynamic({ inputs: { x: t.int }, outputs: t.int }, ({ x }) => add({ a: x, b: x }));

/** A map task over `add`: the array node runs one sub-task per index with that index's inputs. */
export const addEach = map(add, { bound: ["b"] });

export const arrayIndex = task({ outputs: t.string }, () => process.env.FLYTE_K8S_ARRAY_INDEX ?? "<unset>");
