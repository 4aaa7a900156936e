/**
 * What a durable run's live view asks: its `tool-approval-request` chunks, read through `UIMessageStream.resume` as
 * a browser resuming the run would (waiting for the view to open, then for the requests to come), and an answer to
 * the budget's question it asks.
 */
import { assert } from "@effect/vitest"
import { Effect, Schedule, Stream } from "effect"
import type { DurableLoop, Message } from "effect-llm-stream"
import { Tool, UIMessageStream } from "effect-llm-stream"

type Request = Extract<UIMessageStream.Chunk, { type: "tool-approval-request" }>

/** The first `count` approval requests of the run `executionId`, read as `owner`. */
export const approvalRequests = (executionId: string, count: number, owner?: string) =>
  Effect.gen(function*() {
    const options = owner === undefined ? {} : { owner }
    const view = yield* UIMessageStream.resume(executionId, options).pipe(
      Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
    )
    let seen = 0
    const chunks = yield* view.pipe(
      Stream.takeUntil((chunk) => chunk.type === "tool-approval-request" && ++seen === count),
      Stream.runCollect
    )
    const requests = chunks.filter((chunk): chunk is Request => chunk.type === "tool-approval-request")
    assert.strictEqual(requests.length, count)
    return requests
  })

/**
 * The budget's question of the durable run of `input` answered `continue` with its signed id (`question`, the view's
 * request), then the run read to its end (its `DoneEvent`).
 */
export const questionContinued = <Tools extends ReadonlyArray<Tool.Tool>, R>(
  loop: DurableLoop.DurableLoop<Tools, R>,
  input: { readonly executionId: string; readonly messages: ReadonlyArray<Message.Message> },
  question: Request
) =>
  Effect.andThen(
    loop.approve(input.executionId, Tool.budgetQuestion, {
      approved: true,
      approvalId: question.approvalId,
      interrupt: "budget"
    }),
    loop.run(input)
  )
