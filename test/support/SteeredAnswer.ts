/**
 * A tool loop steered as it runs, for the tests of each protocol that shows a steered message (UI stream, AG-UI).
 */
import { Deferred, Effect, Layer, Schema } from "effect"
import { LanguageModel, Message, Steering, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "./LoopWire.js"

/**
 * A tool loop on the replay server whose tool `act` steers "Use the staging database" (id `s1`) into the answer as it
 * runs (`maxSteps` a bound to end it before it takes it): its steps, and the model and a memory store to provide them
 * with.
 */
export const steeredAnswer = (options?: { readonly maxSteps?: number }) =>
  Effect.gen(function*() {
    const streamId = `steered-${Math.random().toString(36).slice(2)}`
    const act = Tool.handle(
      Tool.make("act", { parameters: Schema.Struct({ q: Schema.String }) }),
      () => Effect.as(Effect.orDie(Steering.steer(streamId, "Use the staging database", { id: "s1" })), "acted")
    )
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(LoopWire.callOnceThenAnswer("act", `{"q":"go"}`))
    const steps = LanguageModel.runTools({
      messages: [Message.user("Deploy it")],
      tools: [act],
      steering: Steering.inbox(streamId),
      maxSteps: options?.maxSteps
    })
    return {
      steps,
      layer: Layer.merge(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer), StreamStore.layerMemory())
    }
  })

/**
 * A tool loop on the replay server whose tool `act` steers "Use the staging database" (id `s1`) into the answer under
 * `streamId` (owner `alice`), then runs until stopped: its steps, the model and a memory store to provide them with,
 * and `steered` (done once the message is in the inbox).
 */
export const stoppableAnswer = (streamId: string) =>
  Effect.gen(function*() {
    const steered = yield* Deferred.make<void>()
    const act = Tool.handle(
      Tool.make("act", { parameters: Schema.Struct({ q: Schema.String }) }),
      () =>
        Steering.steer(streamId, "Use the staging database", { owner: "alice", id: "s1" }).pipe(
          Effect.orDie,
          Effect.andThen(Deferred.succeed(steered, undefined)),
          Effect.andThen(Effect.never),
          Effect.as("acted")
        )
    )
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(LoopWire.callOnceThenAnswer("act", `{"q":"go"}`))
    const steps = LanguageModel.runTools({
      messages: [Message.user("Deploy it")],
      tools: [act],
      steering: Steering.inbox(streamId, { owner: "alice" })
    })
    return {
      steps,
      steered,
      requests: () => server.requests(baseUrl).length,
      layer: Layer.merge(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer), StreamStore.layerMemory())
    }
  })
