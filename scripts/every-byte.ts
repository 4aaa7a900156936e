/**
 * The exhaustive truncation check that `npm test` samples: every recorded body of every provider, cut
 * at every byte before its end-of-stream marker, each cut streamed through the public API (provider
 * layer, `LanguageModel.stream`, an in-memory HTTP client). Every cut must end in `TruncatedStreamError`
 * after a prefix of the content. Its cost grows with the square of the body length: minutes, not seconds.
 *
 *   npx tsx scripts/every-byte.ts [provider or provider/recording substring]
 */
import { Cause, Exit } from "effect"
import { ProviderError } from "effect-llm-stream"
import { splitAt } from "effect-llm-stream/ReplayServer"
import { contentOf, decodePieces, recordings, runnerFor, targets } from "../support/Hostile.js"

const filter = process.argv[2] ?? ""
let failures = 0
for (const recording of recordings) {
  const label = `${recording.provider}/${recording.name}`
  if (!label.includes(filter)) continue
  const target = targets.find((candidate) => recording.provider.endsWith(candidate.name))
  if (target === undefined) continue
  const runner = runnerFor({ ...target, body: recording.body })
  const whole = decodePieces(recording, [recording.body])
  const fullContent = contentOf(whole.chunks)
  const started = performance.now()
  for (let cut = 0; cut < whole.settledAt; cut++) {
    const exit = await runner.run(splitAt(recording.body.subarray(0, cut), [cut >> 1]))
    const failure = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : undefined
    const { chunks, error } = (failure?._tag === "Some" ? failure.value : { chunks: [], error: undefined }) as {
      readonly chunks: Parameters<typeof contentOf>[0]
      readonly error: unknown
    }
    if (!(error instanceof ProviderError.TruncatedStreamError) || !fullContent.startsWith(contentOf(chunks))) {
      failures++
      console.error(`${label}: a cut at byte ${cut} did not end in a truncated stream with a prefix of the content`)
    }
  }
  await runner.dispose()
  console.log(`${label}: ${whole.settledAt} cuts in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}
if (failures > 0) {
  console.error(`${failures} cuts failed`)
  process.exit(1)
}
