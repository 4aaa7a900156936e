/**
 * A longer fuzzing run than `npm test` does: mutated and random bodies for every provider.
 *
 *   npx tsx scripts/fuzz.ts [runs per provider, default 5000] [seed]
 */

import * as FastCheck from "fast-check"
import { mutate, mutation, runnerFor, survives, targets } from "../support/Hostile.js"

const runs = Number(process.argv[2] ?? 5_000)
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000)
console.log(`fuzzing ${runs} mutated and ${runs} random bodies per provider, seed ${seed}`)
for (const target of targets) {
  const runner = runnerFor(target)
  const started = performance.now()
  await FastCheck.assert(
    FastCheck.asyncProperty(
      FastCheck.array(mutation, { minLength: 1, maxLength: 12 }),
      FastCheck.integer({ min: 1, max: 1_000_000 }),
      FastCheck.integer({ min: 1, max: 1_000 }),
      (mutations, cutSeed, maxPiece) => survives(runner, mutate(target.body, mutations), cutSeed, maxPiece)
    ),
    { numRuns: runs, seed }
  )
  await FastCheck.assert(
    FastCheck.asyncProperty(
      FastCheck.uint8Array({ maxLength: 20_000 }),
      FastCheck.integer({ min: 1, max: 1_000_000 }),
      (bytes, cutSeed) => survives(runner, bytes, cutSeed, 512)
    ),
    { numRuns: runs, seed: seed + 1 }
  )
  await runner.dispose()
  console.log(
    `${target.name}: ${2 * runs} bodies, no defect, no hang (${((performance.now() - started) / 1000).toFixed(1)} s)`
  )
}
