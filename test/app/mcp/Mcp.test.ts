/**
 * `Mcp.tools` against a real MCP server built with the official SDK (`@modelcontextprotocol/sdk` 1.x, the
 * protocol's reference implementation; its `CallToolResult` and `Tool` types are the shapes checked here), once
 * over stdio (a child process, started once for the file) and once over Streamable HTTP with sessions and a
 * bearer token. Names every provider takes (OpenAI's and Groq's `FunctionDefinition.name`: `a-z, A-Z, 0-9, _ and
 * -, at most 64`; `@google/genai` `FunctionDeclaration.name`: starting with a letter or `_`; Anthropic's and
 * Bedrock's API references: `^[a-zA-Z0-9_-]{1,128}$`, `{1,64}`), input schemas sent and checked, every content
 * block as a result, the bounds, approvals, and no credential of the transport anywhere.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted, Result, Scope } from "effect"
import { Mcp, Message, Tool } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Path from "node:path"
import * as SdkServer from "../../support/mcp/SdkServer.mjs"
import * as TestPaths from "../../support/TestPaths.js"

const serverScript = Path.join(TestPaths.test, "support", "mcp", "SdkServer.mjs")
const token = "s3cret-token-0123456789"
const scope = Effect.runSync(Scope.make())
let http: { readonly url: string; readonly close: () => Promise<void> }
let stdioTools: ReadonlyArray<Mcp.McpTool>
let httpTools: ReadonlyArray<Mcp.McpTool>

const connect = <A, E>(effect: Effect.Effect<A, E, Scope.Scope | any>) =>
  Effect.runPromise(effect.pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer)) as Effect.Effect<A, E>)

beforeAll(async () => {
  process.env["PARENT_SECRET"] = "sk-parent-secret-value"
  http = await SdkServer.startHttp(token)
  ;[stdioTools, httpTools] = await Promise.all([
    connect(Mcp.tools({
      transport: {
        stdio: {
          command: process.execPath,
          args: [serverScript, "stdio"],
          env: { GIVEN_TOKEN: Redacted.make("given-secret-value") }
        }
      }
    })),
    connect(Mcp.tools({
      transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } },
      maxResultBytes: 64 * 1024
    }))
  ])
})

afterAll(async () => {
  // The worker runs other files after this one (vitest's isolate: false): no secret of this file stays behind.
  delete process.env["PARENT_SECRET"]
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

const named = (tools: ReadonlyArray<Mcp.McpTool>, mcpName: string) => tools.find((tool) => tool.mcpName === mcpName)!

/** Runs a tool as the loop does: its arguments decoded with its parameters, then its handler. */
const run = (tool: Mcp.McpTool, args: unknown, id = "call_1") => {
  const call = new Tool.ToolCall({ id, name: tool.name, arguments: JSON.stringify(args) })
  const decoded = Tool.decodeCall([tool], call)
  if (Result.isFailure(decoded)) return Promise.reject(decoded.failure)
  return Effect.runPromise(Effect.result(tool.handler(decoded.success.input, call)))
}

const output = async (tool: Mcp.McpTool, args: unknown) => {
  const result = await run(tool, args)
  assert.isTrue(Result.isSuccess(result), String(Result.isFailure(result) && result.failure.message))
  return (result as Result.Success<unknown, never>).success
}

const validName = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/

// The tests share the servers, and none changes what another reads: they run at once.
describe.concurrent("Mcp.tools: names, schemas and approvals", () => {
  for (const [transport, tools] of [["stdio", () => stdioTools], ["http", () => httpTools]] as const) {
    it(`${transport}: valid names kept, others mapped valid, unique and stable; one bad tool never rejects the others`, () => {
      const list = tools()
      assert.strictEqual(named(list, "secret_retrieval_tool").name, "secret_retrieval_tool")
      assert.strictEqual(named(list, "files/read").name, Mcp.toolName("files/read"))
      assert.match(named(list, "files/read").name, /^files_read_[0-9a-f]{8}$/)
      assert.match(named(list, "get weather").name, /^get_weather_[0-9a-f]{8}$/)
      assert.strictEqual(named(list, "x".repeat(70)).name.length, 64)
      for (const tool of list) assert.match(tool.name, validName)
      assert.strictEqual(new Set(list.map((tool) => tool.name)).size, list.length)
      // A name listed twice is offered once; a schema that cannot be sent self-contained is left out, alone.
      assert.strictEqual(list.filter((tool) => tool.mcpName === "dup").length, 1)
      assert.isUndefined(list.find((tool) => tool.mcpName === "remote_ref"))
      assert.strictEqual(list.length, 16)
      // "auto": approval unless the annotations say readOnlyHint.
      assert.isFalse(named(list, "secret_retrieval_tool").needsApproval)
      assert.isTrue(named(list, "files/read").needsApproval)
      // The input schema as providers take it: $defs for draft-07 definitions, no $schema, the closed object kept.
      assert.deepStrictEqual(named(list, "echo").jsonSchema, {
        type: "object",
        properties: { count: { type: "integer", minimum: 1 }, tag: { $ref: "#/$defs/Tag" } },
        required: ["count", "tag"],
        additionalProperties: false,
        $defs: { Tag: { type: "string", enum: ["a", "b"] } }
      })
    })
  }

  it("toolName: the same name always maps alike; a prefix is part of the name", () => {
    assert.strictEqual(Mcp.toolName("a.b"), Mcp.toolName("a.b"))
    assert.notStrictEqual(Mcp.toolName("a.b"), Mcp.toolName("a/b"))
    assert.strictEqual(Mcp.toolName("read", "files"), "files_read")
    assert.match(Mcp.toolName("9lives"), validName)
  })

  it.effect("prefix, include, exclude and needsApproval as a list of MCP names", () =>
    Effect.gen(function*() {
      const tools = yield* Mcp.tools({
        transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } },
        prefix: "docs",
        include: ["files/read", "secret_retrieval_tool", "echo"],
        exclude: ["echo"],
        needsApproval: ["secret_retrieval_tool"]
      })
      assert.deepStrictEqual(tools.map((tool) => tool.mcpName).sort(), ["files/read", "secret_retrieval_tool"])
      assert.strictEqual(named(tools, "secret_retrieval_tool").name, "docs_secret_retrieval_tool")
      assert.isTrue(named(tools, "secret_retrieval_tool").needsApproval)
      assert.isFalse(named(tools, "files/read").needsApproval)
      const bad = yield* Effect.flip(Mcp.tools({ transport: { http: { url: http.url } }, prefix: "no spaces" }))
      assert.strictEqual(bad.reason, "Configuration")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe.concurrent("Mcp.tools: results", () => {
  for (const [transport, tools] of [["stdio", () => stdioTools], ["http", () => httpTools]] as const) {
    it(`${transport}: text and an image as parts (the image with its note), isError as an error result`, async () => {
      const list = tools()
      const parts = await output(named(list, "secret_retrieval_tool"), { password: "mellon" }) as Array<Message.Part>
      assert.deepStrictEqual(parts.map((part) => part._tag), ["TextPart", "ImagePart"])
      const image = parts[1] as Message.ImagePart
      assert.deepStrictEqual([...(image.source as Uint8Array)], [...SdkServer.png])
      assert.strictEqual(image.mediaType, "image/png")
      assert.include(image.alt, "not shown to the model")
      const failed = await output(named(list, "secret_retrieval_tool"), { password: "radiance" })
      assert.instanceOf(failed, Message.ToolResultMessage)
      assert.isTrue((failed as Message.ToolResultMessage).isError)
      assert.strictEqual((failed as Message.ToolResultMessage).content, "Life before Death is sealed")
    })

    it(`${transport}: structuredContent as JSON, audio as a note, a PDF as a document, links and text as text`, async () => {
      const list = tools()
      assert.strictEqual(
        await output(named(list, "get weather"), { city: "Oslo" }),
        "{\"city\":\"Oslo\",\"celsius\":18}"
      )
      assert.match(await output(named(list, "record"), {}) as string, /^\[audio \(audio\/wav, 12 bytes\).*not shown/)
      const links = await output(named(list, "links"), {}) as ReadonlyArray<Message.Part>
      assert.deepStrictEqual(links.slice(0, 3).map((part) => (part as Message.TextPart).text), [
        "notes.md: file:///notes.md\nThe notes",
        "embedded text",
        "file:///a.pdf:"
      ])
      const pdf = links[3] as Message.FilePart
      assert.strictEqual(pdf.mediaType, "application/pdf")
      assert.deepStrictEqual([...(pdf.source as Uint8Array)], [...Buffer.from("%PDF-")])
      assert.match(pdf.alt!, /^\[a document \(application\/pdf, 5 bytes\) .*not shown to the model/)
    })

    it(`${transport}: arguments checked against the input schema before any request`, async () => {
      const list = tools()
      const before = await output(named(list, "echo_count"), {})
      for (const args of [{ count: 0, tag: "a" }, { count: 1, tag: "c" }, { tag: "a" }, { count: 1.5, tag: "a" }]) {
        const failure = await run(named(list, "echo"), args).then(() => undefined, (error) => error)
        assert.instanceOf(failure, Tool.ToolCallError)
        assert.strictEqual(failure.reason, "invalid-arguments")
      }
      assert.strictEqual(await output(named(list, "echo"), { count: 2, tag: "b" }), "{\"count\":2,\"tag\":\"b\"}")
      assert.strictEqual(Number(await output(named(list, "echo_count"), {})), Number(before) + 1)
    })

    it(`${transport}: results past a bound are error results naming it, and the server stays usable`, async () => {
      const list = tools()
      const many = await output(named(list, "many"), { count: 1_500 }) as Message.ToolResultMessage
      assert.isTrue(many.isError)
      assert.include(many.content, "maxResultParts")
      const deep = await output(named(list, "deep"), { depth: 200 }) as Message.ToolResultMessage
      assert.isTrue(deep.isError)
      assert.include(deep.content, "maxResultDepth")
      if (transport === "http") {
        const big = await output(named(list, "big"), { bytes: 100_000 }) as Message.ToolResultMessage
        assert.isTrue(big.isError)
        assert.include(big.content, "maxResultBytes")
      }
      assert.deepStrictEqual(await output(named(list, "files/read"), { path: "a" }), "contents of a")
    })
  }

  it("stdio: the server gets the env given (a Redacted value unwrapped), never this process's secrets", async () => {
    const env = JSON.parse(await output(named(stdioTools, "env"), {}) as string)
    // The server had the value, and echoed it: the result the model reads has it scrubbed, whole.
    assert.strictEqual(env["GIVEN_TOKEN"], "<redacted>")
    assert.isUndefined(env["PARENT_SECRET"])
    assert.strictEqual(env["PATH"], process.env["PATH"])
  })

  it.effect("http: over undici too (the HttpClient in context)", () =>
    Effect.gen(function*() {
      const tools = yield* Mcp.tools({
        transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } },
        include: ["secret_retrieval_tool"]
      })
      const call = new Tool.ToolCall({ id: "u1", name: "secret_retrieval_tool", arguments: "{}" })
      const parts = yield* tools[0]!.handler({ password: "mellon" }, call)
      assert.deepStrictEqual((parts as Array<Message.Part>).map((part) => part._tag), ["TextPart", "ImagePart"])
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici)))

  it("a tool list that changes does not change the tools already given", async () => {
    const before = httpTools.map((tool) => tool.name)
    assert.strictEqual(await output(named(httpTools, "add_tool"), {}), "added")
    assert.deepStrictEqual(httpTools.map((tool) => tool.name), before)
    const again = await connect(Mcp.tools({
      transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } }
    }))
    assert.isDefined(again.find((tool) => tool.mcpName === "late_tool"))
  })

  it("stdio: a command that cannot start is an McpError, the environment given in no message", async () => {
    const error = await connect(Effect.flip(Mcp.tools({
      transport: { stdio: { command: "/nonexistent/mcp-server", env: { KEY: Redacted.make("env-secret-value") } } }
    })))
    assert.strictEqual(error.reason, "Transport")
    assert.include(error.message, "ENOENT")
    assert.notInclude(JSON.stringify(error) + error.message, "env-secret-value")
  })

  it("http: a refused token is an McpError with the status, the token scrubbed from the server's echo", async () => {
    const error = await connect(Effect.flip(Mcp.tools({
      transport: { http: { url: http.url, headers: { authorization: Redacted.make("Bearer wrong-token-987654321") } } }
    })))
    assert.strictEqual(error._tag, "McpError")
    assert.strictEqual(error.reason, "Http")
    assert.strictEqual(error.status, 401)
    assert.include(error.message, "unauthorized")
    assert.notInclude(JSON.stringify(error) + error.message + String(error), "wrong-token")
  })
})
