/**
 * A file part that names a file a provider holds (`ai` 7.0.173 `FileUIPart.providerReference`: provider names to
 * that provider's file ids, "When present, takes precedence over `url` in model messages"), sent through
 * `ChatEndpoint` by the `ai` package's own client. Before, only its `url` was read: the provider was sent the URL (or
 * the request was refused for it), never the file it holds. Now each API that takes a file by its id is sent the id
 * its provider's name gives (Chat Completions `file.file_id`, the Responses API's `input_file.file_id` and
 * `input_image.file_id`, Anthropic's `source: { type: "file", file_id }`, Gemini's `fileData.fileUri`); a reference
 * that names no file at the provider called, or to an API that takes no file by its id, is a 400 before any model
 * request; a hostile reference (too many names, a name or an id out of bounds) is a 400 of the browser's.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const ids = {
  openai: "file-abc123",
  anthropic: "file_011CNha8iCJcU1wXNR6q4V8w",
  google: "https://generativelanguage.googleapis.com/v1beta/files/abc-123"
}

/** A file part naming `reference`, its URL one the server must not send in its place. */
const filePart = (mediaType: string, reference: Record<string, string>) => ({
  type: "file" as const,
  mediaType,
  filename: "report.pdf",
  url: "https://example.com/never-sent.pdf",
  providerReference: reference
})

/** The bodies that reached the wire of `provider` after one message with `file`, and the error the client got. */
const sent = (provider: TestKit.ScriptedProvider, file: object, id: string, options: ChatEndpoint.Options = {}) =>
  Effect.gen(function*() {
    const bodies: Array<any> = []
    const app = ChatEndpoint.layer(options).pipe(
      Layer.provide(EndpointApp.scriptedOnWire([{ text: "Read it." }], provider, bodies))
    )
    const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), id)
    yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Summarize", files: [file as any] })))
    return { bodies, error: chat.error as any }
  }).pipe(Effect.scoped)

describe("a file part with a provider reference, through ChatEndpoint", () => {
  const cases: ReadonlyArray<readonly [TestKit.ScriptedProvider, string, (body: any) => unknown, unknown]> = [
    ["openai", "application/pdf", (body) => body.messages.at(-1).content, {
      type: "file",
      file: { file_id: ids.openai }
    }],
    [
      "openai-responses",
      "application/pdf",
      (body) => body.input.at(-1).content,
      { type: "input_file", file_id: ids.openai }
    ],
    [
      "openai-responses",
      "image/png",
      (body) => body.input.at(-1).content,
      { type: "input_image", file_id: ids.openai, detail: "auto" }
    ],
    [
      "anthropic",
      "application/pdf",
      (body) => body.messages.at(-1).content,
      { type: "document", source: { type: "file", file_id: ids.anthropic }, title: "report.pdf" }
    ],
    [
      "anthropic",
      "image/png",
      (body) => body.messages.at(-1).content,
      { type: "image", source: { type: "file", file_id: ids.anthropic } }
    ],
    [
      "google",
      "application/pdf",
      (body) => body.contents.at(-1).parts,
      { fileData: { mimeType: "application/pdf", fileUri: ids.google } }
    ]
  ]
  for (const [provider, mediaType, partsOf, expected] of cases) {
    it.live(`${provider}, ${mediaType}: sent as the file id its provider's name gives`, () =>
      Effect.gen(function*() {
        const { bodies, error } = yield* sent(
          provider,
          filePart(mediaType, ids),
          `ref-${provider}-${mediaType.replace(/\W/g, "-")}`
        )
        assert.strictEqual(error, undefined, String(error))
        assert.strictEqual(bodies.length, 1)
        assert.deepInclude(partsOf(bodies[0]) as Array<unknown>, expected)
        assert.notInclude(JSON.stringify(bodies[0]), "never-sent")
      }))
  }

  it.live("a reference naming no file at the provider called: a 400 naming both, no model request", () =>
    Effect.gen(function*() {
      const { bodies, error } = yield* sent("anthropic", filePart("application/pdf", { openai: ids.openai }), "ref-x")
      assert.strictEqual(bodies.length, 0)
      assert.strictEqual(error?.statusCode, 400)
      // The browser is told the request was not sent; the error's own message names both (FileReferences.test.ts).
      assert.strictEqual(error.message, "The request could not be sent to the model.")
    }))

  for (const provider of ["bedrock", "groq"] as const) {
    it.live(`${provider}, which takes no file by its id: a 400, no model request`, () =>
      Effect.gen(function*() {
        const reference = { ...ids, [provider]: "file-1" }
        const { bodies, error } = yield* sent(provider, filePart("application/pdf", reference), `ref-${provider}`)
        assert.strictEqual(bodies.length, 0)
        assert.strictEqual(error?.statusCode, 400)
      }))
  }

  const hostile: ReadonlyArray<readonly [string, Record<string, string>]> = [
    ["an id with a space", { openai: "file abc" }],
    ["an id with a control character", { openai: "file-\u0000" }],
    ["an id over 1024 characters", { openai: "f".repeat(1025) }],
    ["a name with upper case or spaces", { "Open AI": ids.openai }],
    ["no name at all", {}],
    ["17 names", Object.fromEntries(Array.from({ length: 17 }, (_, at) => [`p${at}`, "file-1"]))]
  ]
  for (const [what, reference] of hostile) {
    it.live(`a hostile reference (${what}): the browser's 400, no model request`, () =>
      Effect.gen(function*() {
        const { bodies, error } = yield* sent("openai", filePart("application/pdf", reference), "ref-hostile")
        assert.strictEqual(bodies.length, 0)
        assert.strictEqual(error?.statusCode, 400)
        assert.include(error.message, "providerReference")
      }))
  }

  // Gemini (and Vertex AI) take the id as `fileData.fileUri`: a storage URI would be read as this server.
  for (const reference of [{ google: "gs://secrets/key.pdf" }, { "google-vertex": "GS://payroll/2026.pdf" }]) {
    it.live(`an id that is a storage URI (${Object.values(reference)[0]}): the browser's 400, no model request`, () =>
      Effect.gen(function*() {
        const { bodies, error } = yield* sent("google", filePart("application/pdf", reference), "ref-storage")
        assert.strictEqual(bodies.length, 0)
        assert.strictEqual(error?.statusCode, 400)
        assert.include(error.message, "providerReference")
        assert.include(error.message, "storage URI")
      }))
  }

  // Whose file it is, the app's to say (`fileIds`): an id another user uploaded is not sent.
  it.live("with fileIds, a file id the owner may not send: a 400 naming the part, no model request", () =>
    Effect.gen(function*() {
      const asked: Array<readonly [Record<string, string>, string]> = []
      const fileIds = (named: Readonly<Record<string, string>>, owner: string) =>
        Effect.sync(() => {
          asked.push([{ ...named }, owner])
          return named["openai"] === ids.openai
        })
      const mine = yield* sent("openai", filePart("application/pdf", ids), "ref-mine", { fileIds })
      assert.strictEqual(mine.error, undefined, String(mine.error))
      assert.strictEqual(mine.bodies.length, 1)
      assert.deepStrictEqual(asked[0]![0], ids)
      assert.isString(asked[0]![1])
      const theirs = yield* sent("openai", filePart("application/pdf", { openai: "file-theirs" }), "ref-theirs", {
        fileIds
      })
      assert.strictEqual(theirs.bodies.length, 0)
      assert.strictEqual(theirs.error?.statusCode, 400)
      assert.include(theirs.error.message, "providerReference")
      assert.include(theirs.error.message, "not one of their files")
    }))
})
