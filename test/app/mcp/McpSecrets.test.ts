/**
 * The transport's credentials never leave through what an MCP server sends back. A server built with the
 * official SDK (`support/mcp/ProbeServer.mjs`) echoes them in every form a careless server could (whole, inside
 * longer text, base64, URL-encoded, JSON-escaped, in `structuredContent`), in a result and in a result with
 * `isError: true`: over Streamable HTTP the bearer token of the `authorization` header and the `api_key` query
 * parameter of the URL, over stdio the environment variable given. Through the loop served to the browser (the
 * `ai` package's own client, two turns), none of them is in the log, in any request the model is sent, in the UI
 * stream or in what the browser sends back; the results still say what they said, the credentials replaced by
 * `<redacted>`.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Scope } from "effect"
import { Mcp, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Path from "node:path"
import * as McpCredentials from "../../../src/app/mcp/McpCredentials.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as ProbeServer from "../../support/mcp/ProbeServer.mjs"
import { NodeChat } from "../../support/NodeChat.js"
import * as TestPaths from "../../support/TestPaths.js"
import * as ToolChat from "../../support/ToolChat.js"

const script = Path.join(TestPaths.test, "support", "mcp", "ProbeServer.mjs")
/** A token with characters that each encoding writes differently (`/`, `+`, `=`). */
const token = "s3cr3t/probe+token=0123456789"
const querySecret = "query-secret-5678abcd"
const scope = Effect.runSync(Scope.make())
let http: { readonly url: string; readonly close: () => Promise<void> }

beforeAll(async () => {
  http = await ProbeServer.startHttp(token)
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

/** Every form of a secret a server echoes, and a run of it cut from the middle. */
const formsOf = (secret: string): ReadonlyArray<string> => [
  secret,
  secret.slice(4, 16),
  Buffer.from(secret).toString("base64"),
  encodeURIComponent(secret),
  [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
]

/** The forms of the secrets found in `text` (none, when nothing leaks). */
const leaks = (text: string, secrets: ReadonlyArray<string> = [token, querySecret]): ReadonlyArray<string> =>
  secrets.flatMap(formsOf).filter((form) => text.includes(form) || text.includes(JSON.stringify(form).slice(1, -1)))

const connect = (transport: Mcp.Transport) =>
  Effect.runPromise(
    (Mcp.tools({ transport, include: ["whoami", "whoami_error"] }) as Effect.Effect<
      ReadonlyArray<Mcp.McpTool>,
      Mcp.McpError,
      any
    >).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer)) as Effect.Effect<
      ReadonlyArray<Mcp.McpTool>,
      Mcp.McpError
    >
  )

/** What the model reads of each tool's answer: the text of a result, or of an error result. */
const answers = async (tools: ReadonlyArray<Mcp.McpTool>) =>
  Promise.all(tools.map(async (tool) => {
    const output = await Effect.runPromise(
      tool.handler({}, new Tool.ToolCall({ id: "c", name: tool.name, arguments: "{}" }))
    )
    return typeof output === "string" ? output : JSON.stringify(output)
  }))

describe("MCP credentials in what the server sends back", () => {
  for (
    const [label, value] of [["Redacted", Redacted.make(token)], [
      "a plain string under a credential's name",
      token
    ]] as const
  ) {
    it(`stdio: the environment variable given (${label}) is scrubbed from every echo`, async () => {
      const tools = await connect({
        stdio: { command: process.execPath, args: [script, "stdio"], env: { PROBE_TOKEN: value } }
      })
      const [result, error] = await answers(tools)
      assert.deepStrictEqual([...leaks(result! + error!, [token])], [])
      // The server did echo it: each echo is there, the credential replaced.
      assert.include(result, "you sent <redacted>")
      assert.include(result, "\"authorization\":\"<redacted>\"")
      assert.include(error, "you sent <redacted>")
    })
  }

  it.live("http: the bearer token and the api_key query parameter, in no log, model request or browser", () =>
    Effect.gen(function*() {
      const tools = yield* Effect.promise(() =>
        connect({
          http: {
            url: `${http.url}?api_key=${querySecret}`,
            headers: { authorization: Redacted.make(`Bearer ${token}`) }
          }
        })
      )
      const replay = yield* ReplayServer.make
      const calls = [{ id: "call_1", name: "whoami", arguments: "{}" }, {
        id: "call_2",
        name: "whoami_error",
        arguments: "{}"
      }]
      const baseUrl = replay.serve([
        LoopWire.scripted("openai", { calls }, "1"),
        LoopWire.scripted("openai", { texts: ["You are you."] }, "2"),
        LoopWire.scripted("openai", { texts: ["Still you."] }, "3")
      ])
      const app = yield* ToolChat.make({ tools, model: LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer) })
      const chat = new NodeChat(app.url)
      yield* Effect.promise(() => chat.sendMessage({ text: "Who am I?" }))
      yield* Effect.promise(() => chat.sendMessage({ text: "Are you sure?" }))
      const requests = replay.requests(baseUrl).map((request) => request.body)
      assert.strictEqual(requests.length, 3)
      // What the model read: every echo, the credentials replaced (Chat Completions: a `tool` message per call).
      const read = LoopWire.sent("openai", requests[1]!).results.map((result) => result.content)
      assert.include(read[0], "you sent <redacted>")
      assert.include(read[0], `query=<redacted>;`)
      assert.include(read[0], "\"nested\":{\"query\":\"<redacted>\"}")
      assert.include(read[1], "you sent <redacted>")
      // The browser: the result shown, the error as a generic text; its detail in the log.
      assert.deepStrictEqual(
        chat.messages[1]!.parts.filter((part) => part.type.startsWith("tool-")).map((
          part: any
        ) => [part.state, part.output ?? part.errorText]),
        [["output-available", read[0]], ["output-error", "The tool whoami_error failed."]]
      )
      const logs = app.logs.join("\n")
      assert.include(logs, "tool whoami_error failed")
      assert.include(logs, "you sent <redacted>")
      assert.deepStrictEqual(
        [...leaks([...requests, logs, JSON.stringify(chat.messages), ...chat.posts].join("\n"))],
        []
      )
    }).pipe(Effect.scoped))
})

describe("McpCredentials", () => {
  it("Redacted values; plain ones under a credential's name; the URL's user info and query; Basic decoded", () => {
    const found = (transport: Mcp.Transport) =>
      ("http" in transport
        ? McpCredentials.of(transport.http.headers ?? {}, transport.http.url)
        : McpCredentials.of(transport.stdio.env ?? {})).map(Redacted.value)
    assert.deepStrictEqual(
      found({
        http: {
          url: "https://probe-user:pa%24%24word-1234@mcp.example.com/mcp?api_key=key-in-query&page=2",
          headers: {
            accept: "application/json",
            "x-company-token": "plain-company-token",
            authorization: Redacted.make(`Basic ${Buffer.from("alice:open-sesame-42").toString("base64")}`)
          }
        }
      }),
      [
        "plain-company-token",
        `Basic ${Buffer.from("alice:open-sesame-42").toString("base64")}`,
        Buffer.from("alice:open-sesame-42").toString("base64"),
        "alice:open-sesame-42",
        "open-sesame-42",
        "probe-user",
        "pa%24%24word-1234",
        "pa$$word-1234",
        "key-in-query"
      ]
    )
    assert.deepStrictEqual(
      found({
        stdio: { command: "server", env: { NODE_ENV: "production", API_KEY: "k-123456789", OTHER: Redacted.make("r") } }
      }),
      ["k-123456789", "r"]
    )
  })
})
