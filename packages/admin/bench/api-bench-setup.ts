/** What the API benchmark's server registers and seeds, shared by the server and the load. */
export const BENCH_PD = { project: "flytesnacks", domain: "development" };
export const BENCH_LP = "bench.api.add_one";
export const BENCH_VERSION = "v1";
/** The seeded rows are `s<i>`, created one second apart from this instant. */
export const SEED_T0 = Date.UTC(2026, 0, 1);
