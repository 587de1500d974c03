/**
 * A small ML pipeline in plain TypeScript: split → train (linear regression by gradient descent)
 * → evaluate → metrics, with a struct output read field by field downstream.
 */
import { t, task, workflow } from "@flyte-ts/sdk";

const dataset = t.struct({ xs: t.list(t.float), ys: t.list(t.float) });
const model = t.struct({ weight: t.float, bias: t.float });
const metrics = t.struct({ mse: t.float, r2: t.float, n: t.int });

/** Deterministic pseudo-random numbers (a linear congruential generator). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export const makeData = task({ inputs: { n: t.int, seed: t.int }, outputs: dataset }, ({ n, seed }) => {
  const rnd = lcg(seed);
  const xs = Array.from({ length: n }, () => rnd() * 10);
  return { xs, ys: xs.map((x) => 3 * x + 2 + (rnd() - 0.5)) };
});

export const split = task(
  { inputs: { data: dataset, testFraction: t.float }, outputs: { train: dataset, test: dataset } },
  ({ data, testFraction }) => {
    const cut = Math.floor(data.xs.length * (1 - testFraction));
    return {
      train: { xs: data.xs.slice(0, cut), ys: data.ys.slice(0, cut) },
      test: { xs: data.xs.slice(cut), ys: data.ys.slice(cut) },
    };
  },
);

export const train = task(
  {
    inputs: { data: dataset, epochs: t.int, learningRate: t.float },
    outputs: model,
    retries: 2,
    resources: { requests: { cpu: "1", memory: "512Mi" } },
  },
  ({ data, epochs, learningRate }) => {
    let weight = 0;
    let bias = 0;
    const n = data.xs.length || 1;
    for (let e = 0; e < epochs; e++) {
      let gw = 0;
      let gb = 0;
      data.xs.forEach((x, i) => {
        const err = weight * x + bias - (data.ys[i] ?? 0);
        gw += (2 / n) * err * x;
        gb += (2 / n) * err;
      });
      weight -= learningRate * gw;
      bias -= learningRate * gb;
    }
    return { weight, bias };
  },
);

export const evaluate = task({ inputs: { m: model, data: dataset }, outputs: metrics }, ({ m, data }) => {
  const preds = data.xs.map((x) => m.weight * x + m.bias);
  const mean = data.ys.reduce((a, b) => a + b, 0) / (data.ys.length || 1);
  const ssRes = preds.reduce((a, p, i) => a + (p - (data.ys[i] ?? 0)) ** 2, 0);
  const ssTot = data.ys.reduce((a, y) => a + (y - mean) ** 2, 0) || 1;
  return { mse: ssRes / (preds.length || 1), r2: 1 - ssRes / ssTot, n: preds.length };
});

export const report = task(
  { inputs: { mse: t.float, r2: t.float, weight: t.float }, outputs: t.string },
  ({ mse, r2, weight }) => `mse=${mse.toFixed(4)} r2=${r2.toFixed(4)} weight=${weight.toFixed(3)}`,
);

export const mlPipeline = workflow(
  {
    inputs: { n: t.int, seed: t.int, epochs: t.int, learningRate: t.float },
    outputs: { metrics, summary: t.string },
    defaults: { n: 200, seed: 7, epochs: 500, learningRate: 0.01 },
  },
  ({ n, seed, epochs, learningRate }) => {
    const data = makeData({ n, seed });
    const parts = split({ data, testFraction: 0.25 });
    const m = train({ data: parts.train, epochs, learningRate });
    const scores = evaluate({ m, data: parts.test });
    return { metrics: scores, summary: report({ mse: scores.mse, r2: scores.r2, weight: m.weight }) };
  },
);
