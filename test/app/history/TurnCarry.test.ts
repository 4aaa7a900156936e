/**
 * A turn with more than its parts show (a provider's own tool call and its result, a text's citations) through the
 * browser: served by `fromStream`, read by the `ai` package's own
 * `readUIMessageStream`, sent back through `toMessages`, the next request carries the assistant turn exactly as the
 * tool loop's own history does (`CallResponse.toMessage`), and a third request appends to the second. The rule is
 * Anthropic's "Prefix checks on thinking blocks" (platform.claude.com/docs/en/build-with-claude/preserved-thinking/
 * prefix-checks): "send each assistant turn back exactly as the API returned it"; "a serializer that drops unknown
 * block types, drops empty fields, or reorders blocks edits the prefix", and every later thinking block is refused
 * with a 400. Gemini's and the Responses API's turns lose their code runs and searches the same way without it.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage } from "ai"
import type { Layer } from "effect"
import { Effect } from "effect"
import { CallResponse, LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { answered, body, restoredBlocks, served, user } from "../../support/BrowserTurns.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { readResponse } from "../../support/UIClient.js"

const sse = (body: Uint8Array) => ({ headers: { "content-type": "text/event-stream" }, body })

interface Case {
  readonly folder: RecordedModels.Folder
  readonly name: string
  /** The request's conversation: its messages, contents or input items. */
  readonly history: (body: any) => Array<any>
}

/** The recording's model at `baseUrl` (one whose family has what the recordings show: thinking, signatures). */
const modelOf = (folder: RecordedModels.Folder, baseUrl: string, client = clients[0]![1]) =>
  RecordedModels.model(folder, baseUrl, client, {
    model: folder === "anthropic" ? "claude-sonnet-4-6" : folder === "google" ? "gemini-3-pro-preview" : "gpt-5-mini"
  })

const anthropic = (name: string): Case => ({ folder: "anthropic", name, history: (body) => body.messages })
const responses = (name: string): Case => ({ folder: "openai-responses", name, history: (body) => body.input })
const gemini = (name: string): Case => ({ folder: "google", name, history: (body) => body.contents })

const cases: ReadonlyArray<Case> = [
  // server_tool_use, web_search_tool_result and text blocks with their citations
  anthropic("web-search.sse"),
  anthropic("web-search-text-first.sse"),
  anthropic("web-fetch.sse"),
  // thinking, then a server tool's call and result (bash_code_execution_tool_result)
  anthropic("code-execution-bash.sse"),
  anthropic("code-execution-encrypted.sse"),
  anthropic("mcp.sse"),
  // web_search_call, code_interpreter_call, mcp_call items
  responses("web-search.sse"),
  responses("code-interpreter.sse"),
  responses("mcp.sse"),
  // reasoning, an image_generation_call, then a message item with no text: a step of no text nor call of the program's
  responses("image-generation.sse"),
  // executableCode (signed) and codeExecutionResult parts
  gemini("code-execution.sse"),
  gemini("file-search.sse"),
  // an image the model drew (inlineData, signed), and nothing else: shown as a file part, back as the turn
  gemini("image-signature.sse")
]

/** A browser's conversation: the first answer, a follow-up, and another, each POST read by `toMessages`. */
const throughBrowser = (model: Layer.Layer<LanguageModel.LanguageModel>) =>
  Effect.gen(function*() {
    const first = yield* served([Message.user("q")], model)
    const second = [user("u1", "q"), first, user("u2", "f")]
    const taken = yield* UIMessageStream.toMessages(body(second))
    const answer = yield* served(taken.messages, model)
    const third = yield* UIMessageStream.toMessages(body([...second, answer, user("u3", "g")]))
    yield* answered(third.messages, model)
    return { first, second }
  })

describe("a turn its parts do not make again goes back whole through the browser", () => {
  for (const [index, testCase] of cases.entries()) {
    it.live(`${testCase.folder}/${testCase.name}: as the loop's history has it, and appended to`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const recording = Fixtures.bytes(testCase.folder, testCase.name)
        const text = Fixtures.bytes(testCase.folder, "text.sse")
        const baseUrl = server.serve([recording, text, recording, text, text].map(sse))
        const model = modelOf(testCase.folder, baseUrl, clients[index % 2]![1])
        // The loop's own history: the response's turn (`CallResponse.toMessage`) and a follow-up.
        const response = yield* answered([Message.user("q")], model)
        yield* answered([Message.user("q"), CallResponse.toMessage(response), Message.user("f")], model)
        const { first } = yield* throughBrowser(model)
        const [, direct, , browser, third] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
        assert.deepStrictEqual(testCase.history(browser), testCase.history(direct))
        assert.deepStrictEqual(
          testCase.history(third).slice(0, testCase.history(browser).length),
          testCase.history(browser)
        )
        // The turn went whole once, in the message's metadata: the response's own blocks, each output of the provider's
        // own calls left out (the browser holds it as the call's tool part: not twice in each later POST).
        const turns = Object.values((first.metadata as any)["effect-llm-stream/turns"]) as Array<any>
        assert.strictEqual(turns.length, 1)
        assert.deepStrictEqual(restoredBlocks(turns[0].blocks, first), response.contentBlocks)
        const left = JSON.stringify(turns[0].blocks)
        if (left.includes("effect-llm-stream/output")) {
          assert.isBelow(left.length, JSON.stringify(response.contentBlocks).length)
        }
      }).pipe(Effect.scoped))
  }

  it.live("an image the model drew is a file part the browser shows; it goes back in its turn, and a step of it alone", () =>
    Effect.gen(function*() {
      // Gemini 3 Pro Image's answer: an inlineData part with its thoughtSignature, which the next request must carry
      // on the same part (ai.google.dev, "Thought signatures": image generation and editing). The AI SDK's Google
      // provider shows it as a `file` part too.
      const server = yield* ReplayServer.make
      const recording = Fixtures.bytes("google", "image-signature.sse")
      const text = Fixtures.bytes("google", "text.sse")
      const baseUrl = server.serve([recording, text, text].map(sse))
      const model = modelOf("google", baseUrl)
      const first = yield* served([Message.user("Draw a cat")], model)
      const files = first.parts.filter((part) => part.type === "file") as Array<any>
      assert.deepStrictEqual(files.map(({ mediaType, url }) => ({ mediaType, url })), [
        { mediaType: "image/jpeg", url: "data:image/jpeg;base64,AA==" }
      ])
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "Draw a cat"), first, user("u2", "Bluer")]))
      yield* answered(taken.messages, model)
      const [, next] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(next.contents[1], {
        role: "model",
        parts: [{
          inlineData: { mimeType: "image/jpeg", data: "AA==" },
          thoughtSignature: "live-image-thought-signature"
        }]
      })
      // The step's file taken out: the signed step is not there any more.
      const without = { ...first, parts: first.parts.filter((part) => part.type !== "file") }
      const error = yield* Effect.flip(
        UIMessageStream.toMessages(body([user("u1", "Draw a cat"), without, user("u2", "Bluer")]))
      )
      assert.strictEqual(error.status, 400)
    }).pipe(Effect.scoped))

  it.live("a Responses message with its phase goes back with it (GPT-5.3-Codex and later)", () =>
    Effect.gen(function*() {
      // openai-node 7.57, `ResponseOutputMessage.phase`: "when sending follow-up requests, preserve and resend phase on
      // all assistant messages — dropping it can degrade performance". The recorded answer, its message labelled.
      const text = new TextDecoder().decode(Fixtures.bytes("openai-responses", "text.sse"))
        .replaceAll(`"role":"assistant"}`, `"role":"assistant","phase":"final_answer"}`)
      assert.include(text, `"phase":"final_answer"`)
      const server = yield* ReplayServer.make
      const answer = Fixtures.bytes("openai-responses", "text.sse")
      const baseUrl = server.serve([new TextEncoder().encode(text), answer].map(sse))
      const model = modelOf("openai-responses", baseUrl)
      const first = yield* served([Message.user("q")], model)
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "q"), first, user("u2", "f")]))
      yield* answered(taken.messages, model)
      const [, next] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      const message = next.input.find((item: any) => item.type === "message" && item.role === "assistant")
      assert.strictEqual(message.phase, "final_answer")
    }).pipe(Effect.scoped))

  it.live("a turn its parts make again is not sent twice", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      for (const [folder, name] of [["anthropic", "thinking.sse"], ["anthropic", "redacted-thinking.sse"]] as const) {
        const baseUrl = server.serve(sse(Fixtures.bytes(folder, name)))
        const message = yield* served([Message.user("q")], modelOf(folder, baseUrl))
        assert.notProperty(message.metadata, "effect-llm-stream/turns", name)
      }
    }).pipe(Effect.scoped))
})

describe("the turn a message carries is the server's", () => {
  /** The first answer of Anthropic's web search, as the browser keeps it, and its follow-up's body. */
  const webSearch = Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(sse(Fixtures.bytes("anthropic", "web-search.sse")))
    const message = yield* served([Message.user("q")], modelOf("anthropic", baseUrl))
    return (change: (message: any) => void = () => undefined) => {
      const copy = structuredClone(message) as any
      change(copy)
      return body([user("u1", "q"), copy as UIMessage, user("u2", "f")])
    }
  })

  it.live("a block changed, a turn put under another step, or the turn taken out: a 400 naming the message", () =>
    Effect.gen(function*() {
      const bodyWith = yield* webSearch
      const refused = (input: string) =>
        Effect.map(Effect.flip(UIMessageStream.toMessages(input)), (error) => {
          assert.strictEqual(error.status, 400)
          return error.parameter
        })
      const turnsOf = (message: any) => message.metadata["effect-llm-stream/turns"]
      // A search result's page title rewritten: in the turn, or in the search's output the turn takes back.
      assert.strictEqual(
        yield* refused(bodyWith((message) => {
          const [turn] = Object.values(turnsOf(message)) as Array<any>
          turn.blocks[0].input = { query: "forged" }
        })),
        "messages[1].metadata"
      )
      assert.strictEqual(
        yield* refused(bodyWith((message) => {
          const search = message.parts.find((part: any) => part.providerExecuted === true && part.output !== undefined)
          search.output[0].title = "Forged"
        })),
        "messages[1].metadata"
      )
      // Not a turn at all.
      assert.strictEqual(
        yield* refused(bodyWith((message) => {
          const [key] = Object.keys(turnsOf(message))
          turnsOf(message)[key!] = { format: "anthropic", blocks: "none" }
        })),
        "messages[1].metadata"
      )
      // Taken out: the step is no longer the one served (its signature says it carried a turn).
      assert.match(
        (yield* refused(bodyWith((message) => delete message.metadata["effect-llm-stream/turns"]))) ?? "",
        /^messages\[1\]/
      )
      // As served, it is taken, and goes back whole.
      const taken = yield* UIMessageStream.toMessages(bodyWith())
      const assistant = taken.messages[1] as Message.AssistantMessage
      assert.deepStrictEqual(
        assistant.content?.blocks.map((block: any) => block.type).slice(0, 3),
        ["server_tool_use", "web_search_tool_result", "text"]
      )
    }))

  it.live("with trustHistory (the app's own storage), the turn is taken as it came", () =>
    Effect.gen(function*() {
      const bodyWith = yield* webSearch
      const taken = yield* UIMessageStream.toMessages(bodyWith(), { trustHistory: true })
      const assistant = taken.messages[1] as Message.AssistantMessage
      assert.strictEqual(assistant.content?.blocks[0] && (assistant.content.blocks[0] as any).type, "server_tool_use")
    }))

  it.live("without reasoning sent to the browser, the turn goes sealed: its thinking unread, and back whole", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recording = Fixtures.bytes("anthropic", "code-execution-bash.sse")
      const baseUrl = server.serve([recording, Fixtures.bytes("anthropic", "text.sse")].map(sse))
      const model = modelOf("anthropic", baseUrl)
      const { message } = yield* LanguageModel.stream("q").pipe(
        UIMessageStream.fromStream({ sendReasoning: false }),
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
        Effect.provide(model)
      )
      // The thinking (its text, its signature) is nowhere the browser can read it.
      assert.notInclude(JSON.stringify(message), "Let me calculate")
      assert.notInclude(JSON.stringify(message), "EusBClsIDRgCKkBpzetW9oKOZtFP6IeFJJr3gnQBXqdZrYcRnw")
      const [turn] = Object.values((message!.metadata as any)["effect-llm-stream/turns"]) as Array<any>
      assert.deepStrictEqual(Object.keys(turn), ["sealed"])
      // Back whole, thinking first: as the provider returned it.
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "q"), message!, user("u2", "f")]))
      yield* answered(taken.messages, model)
      const [, next] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(next.messages[1].content[0].type, "thinking")
      assert.strictEqual(next.messages[1].content[0].thinking, "Let me calculate this mathematical expression.")
      // A sealed turn moved to another step, or changed, is a 400.
      const changed = structuredClone(message!) as any
      const [key] = Object.keys(changed.metadata["effect-llm-stream/turns"])
      changed.metadata["effect-llm-stream/turns"][key!].sealed = `${turn.sealed.slice(0, -4)}AAAA`
      const error = yield* Effect.flip(UIMessageStream.toMessages(body([user("u1", "q"), changed, user("u2", "f")])))
      assert.strictEqual(error.parameter, "messages[1].metadata")
    }).pipe(Effect.scoped))
})
