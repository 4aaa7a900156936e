/**
 * This library's chat server in one call serving the load benchmark's answers (mode `endpoint`): `ChatEndpoint.layer`
 * (the tool loop with no tools, `fromSteps`, `resumable` on `StreamStore.layerMemory`, the signed history, the
 * redaction) with the app's owner, over OpenAI's client and `FetchHttpClient`, answered by its Node handler
 * (`ChatEndpoint.toNodeHandler`, what `serveNode` answers with). The router's path is `/chat`: the clients'
 * `POST /chat/:id` is its `POST /chat` (the chat's id is in the body). Clients do not drop: the endpoint's resume
 * replays from the start, as `useChat` expects.
 */
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import type { Contestant, Options } from "./contestant.js"

/** Whose requests these are: a real server derives it from its session. */
const owner = "load-user"

export const make = async (options: Options): Promise<Contestant> => {
  const { ChatEndpoint, OpenAI, StreamStore } = await import("../../src/index.js")
  const model = OpenAI.model("gpt-4o-mini").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("load-key"), baseUrl: options.modelUrl })),
    Layer.provide(FetchHttpClient.layer)
  )
  const endpoint = ChatEndpoint.layer({ path: "/chat", owner: () => Effect.succeed(owner), log: false }).pipe(
    Layer.provide(Layer.merge(model, StreamStore.layerMemory({ ttl: "2 minutes" })))
  )
  const { handler } = await ChatEndpoint.toNodeHandler(endpoint)
  return {
    answer: (_id, request, response) =>
      new Promise((resolve) => {
        request.url = "/chat"
        response.once("close", () => resolve())
        handler(request, response)
      })
  }
}
