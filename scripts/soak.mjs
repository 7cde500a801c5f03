// `npm run test:soak`: the model-based test of the account object at length, with a
// fresh seed each time (printed; rerun one with MODEL_SEED=<seed>).
//
//   npm run test:soak [-- --runs 20000]
import { spawnSync } from "node:child_process";

const i = process.argv.indexOf("--runs");
const runs = i >= 0 ? process.argv[i + 1] : (process.env.MODEL_RUNS ?? "20000");
const seed = process.env.MODEL_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`[soak] ${runs} sequences, seed ${seed} (rerun with MODEL_SEED=${seed})`);
const result = spawnSync("npx", ["vitest", "run", "test/reliability/model.test.ts", "--testTimeout", "0"], {
  stdio: "inherit",
  env: { ...process.env, MODEL_RUNS: runs, MODEL_SEED: seed },
});
process.exit(result.status ?? 1);
