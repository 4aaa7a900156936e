/**
 * The stages a step's chunks go through: the same for every step of a tool loop. Each stage a chunk goes through
 * costs Effect steps on every pull (bench/effect-steps.ts counts them: a count, not a time), so a loop that
 * nested each step inside the one before made a long answer's last step dearer per chunk than its first. Measured
 * as the steps a 200-word answer adds over a one-word one, as the loop's first step and as its third (after two
 * steps of tool calls), over the scripted model in OpenAI's wire format, one event per read. And the approval checks
 * a served loop runs with (`withApprovalChecks`, what `fromSteps` adds): given to `runTools`'s loop as it starts,
 * they add no stage (provided to every pull, they cost a context per chunk), in the UI message stream as in AG-UI's.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { AgUi, LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EffectSteps from "../../../bench/effect-steps.js"
import * as StopHeard from "../../../src/app/ui/StopHeard.js"

const lookup = Tool.handle(
  Tool.make("lookup", { description: "Looks a word up", parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

const words = 200
const long = Array.from({ length: words }, (_, index) => `w${index}`).join(" ")
const calls: ReadonlyArray<TestKit.Turn> = [
  { toolCalls: [{ name: "lookup", arguments: { q: "a" } }] },
  { toolCalls: [{ name: "lookup", arguments: { q: "b" } }] }
]

type Steps = Stream.Stream<LanguageModel.StepEvent, unknown, LanguageModel.LanguageModel>

/** The loop's events as they are, or as `wrap` makes them. */
const asTheyAre = (steps: Steps): Steps => steps

/** The loop served over AG-UI. */
const agUi = (steps: Steps): Steps => AgUi.fromSteps(steps, { threadId: "t", runId: "r" }) as unknown as Steps

/** The run of a stream as it is, or as `around` gives it its context (once, for the whole run). */
type Around = (run: Effect.Effect<void, unknown, LanguageModel.LanguageModel>) => typeof run
const alone: Around = (run) => run

/** The Effect steps of running the loop to its end over `turns`, each event its own read (1 ms apart). */
const stepsOf = (turns: ReadonlyArray<TestKit.Turn>, wrap = asTheyAre, around = alone) =>
  EffectSteps.count(() =>
    Effect.runPromise(
      around(
        Stream.runDrain(wrap(LanguageModel.runTools({ messages: [Message.user("Look words up")], tools: [lookup] })))
      ).pipe(Effect.provide(TestKit.scripted(turns, { delayMs: 1 })))
    )
  ).then(({ steps }) => steps)

/** The steps each word of the long answer costs, as the step after `before`. */
const perWord = async (before: ReadonlyArray<TestKit.Turn>, wrap = asTheyAre, around = alone) => {
  const longAnswer = await stepsOf([...before, { text: long }], wrap, around)
  const shortAnswer = await stepsOf([...before, { text: "w0" }], wrap, around)
  return (longAnswer - shortAnswer) / (words - 1)
}

describe("the stages of a tool loop's steps", () => {
  it("a step's chunks cost the same Effect steps in the loop's third step as in its first", async () => {
    // Warmed once: the first run of each path compiles and builds what later runs share.
    await stepsOf([...calls, { text: "w0" }])
    const first = await perWord([])
    const third = await perWord(calls)
    assert.isAbove(first, 5, `a chunk takes some steps (${first.toFixed(1)})`)
    // Each stage more is a step or more per chunk; the loop that nested its steps added two stages by the third.
    assert.isBelow(Math.abs(third - first), 1.5, `first step ${first.toFixed(1)}, third ${third.toFixed(1)} per word`)
  })

  it("the approval checks of a served loop add no step to its chunks", async () => {
    const checked = (steps: Steps): Steps => UIMessageStream.withApprovalChecks(steps)
    await stepsOf([{ text: "w0" }], checked)
    const bare = await perWord([])
    const served = await perWord([], checked)
    // Provided to every pull, the gate cost two steps or more per chunk (the context set, and set back).
    assert.isBelow(
      Math.abs(served - bare),
      0.5,
      `bare ${bare.toFixed(1)}, with the checks ${served.toFixed(1)} per word`
    )
  })

  it("a served loop whose stop a resumable run lets it take adds no step to its chunks", async () => {
    // As `UIMessageStream.resumable` gives it: to the pull that starts the stream, not to each pull.
    const resumable: Around = (run) => Effect.provideService(run, StopHeard.Within, { take: () => {}, map: () => {} })
    for (const served of [(steps: Steps): Steps => UIMessageStream.fromSteps(steps) as unknown as Steps, agUi]) {
      await stepsOf([{ text: "w0" }], served, resumable)
      const alone = await perWord([], served)
      const stoppable = await perWord([], served, resumable)
      // Taken as a stage of the loop's events (`Stream.interruptWhen`, its step endings provided to every pull), the
      // stop cost some 15 steps a chunk: a fiber and a queue between the loop and its converter.
      assert.isBelow(
        Math.abs(stoppable - alone),
        0.5,
        `alone ${alone.toFixed(1)}, its stop taken ${stoppable.toFixed(1)} per word`
      )
    }
  })

  it("AG-UI's served loop is given its gate as it starts too, its events watched as they are converted", async () => {
    // A stream made of the loop's (one map stage, two steps a chunk) carries no gate: it is provided on every pull.
    const mapped = (steps: Steps): Steps => agUi(Stream.map(steps, (event) => event))
    await stepsOf([{ text: "w0" }], agUi)
    const given = await perWord([], agUi)
    const provided = await perWord([], mapped)
    assert.isAbove(provided - given, 3, `given ${given.toFixed(1)}, provided ${provided.toFixed(1)} per word`)
  })
})
