/** A dynamic workflow (flytesnacks `dynamics`): the body runs at execution time with real values. */
import { dynamic, t, task, workflow } from "@flyte-ts/sdk";

export const returnIndex = task(
  { inputs: { character: t.string }, outputs: t.int },
  ({ character }) => character.toLowerCase().charCodeAt(0) - "a".charCodeAt(0),
);

export const updateList = task(
  { inputs: { freqList: t.list(t.int), listIndex: t.int }, outputs: t.list(t.int) },
  ({ freqList, listIndex }) => freqList.map((v, i) => (i === listIndex ? v + 1 : v)),
);

export const derivedCount = task(
  { inputs: { freq1: t.list(t.int), freq2: t.list(t.int) }, outputs: t.int },
  ({ freq1, freq2 }) => freq1.reduce((n, v, i) => n + Math.min(v, freq2[i] ?? 0), 0),
);

/** Counts the characters two strings share: one task node per character, decided at run time. */
export const countCharacters = dynamic({ inputs: { s1: t.string, s2: t.string }, outputs: t.int }, ({ s1, s2 }) => {
  const letters = (s: string) => [...s.toLowerCase()].filter((c) => c >= "a" && c <= "z");
  let freq1 = updateList({ freqList: new Array<number>(26).fill(0), listIndex: 0 });
  for (const c of letters(s1)) freq1 = updateList({ freqList: freq1, listIndex: returnIndex({ character: c }) });
  let freq2 = updateList({ freqList: new Array<number>(26).fill(0), listIndex: 0 });
  for (const c of letters(s2)) freq2 = updateList({ freqList: freq2, listIndex: returnIndex({ character: c }) });
  return derivedCount({ freq1, freq2 });
});

export const dynamicWf = workflow({ inputs: { s1: t.string, s2: t.string }, outputs: t.int }, ({ s1, s2 }) =>
  countCharacters({ s1, s2 }),
);
