/**
 * The errors of a first run print as one readable line, under `Effect.runPromise`, `NodeRuntime.runMain`
 * and `Effect.runFork` + `Fiber.join`, and first of all under the library's `Main.runMain` (the README's):
 * a missing key, a wrong key (401), an unknown model or deployment (404), a refused connection, a host that
 * does not resolve, a wrong Azure endpoint, a missing AWS region or credentials. test/first-run/main.ts (the
 * README's hello world, with the provider and the runner as arguments) and the README's hello world as written
 * are bundled once and run by plain `node` per case and runner, with only the case's variables in its
 * environment, against the replay server (recorded error bodies, see each fixture folder's SOURCES.md) or a
 * closed port.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Dns from "node:dns"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Fixtures from "../../support/Fixtures.js"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root
const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-first-run-"))
const program = Path.join(dir, "main.mjs")
/** The README's hello world, as written. */
const readmeProgram = Path.join(dir, "readme.mjs")
const scope = Effect.runSync(Scope.make())
let server: ReplayServer.ReplayServer
let closedPort: number
/** How this machine's resolver fails for a `.invalid` name: ENOTFOUND, or EAI_AGAIN without a network. */
let lookupFailure: string

beforeAll(async () => {
  const esbuild = await import("esbuild")
  await esbuild.build({
    entryPoints: [Path.join(TestPaths.test, "first-run", "main.ts")],
    outfile: program,
    bundle: true,
    platform: "node",
    format: "esm",
    alias: { "effect-llm-stream": Path.join(root, "src", "index.ts") },
    logLevel: "silent"
  })
  const readme = Fs.readFileSync(Path.join(root, "README.md"), "utf8")
  await esbuild.build({
    stdin: { contents: /```ts\n([\s\S]*?)```/.exec(readme)![1]!, resolveDir: root, loader: "ts" },
    outfile: readmeProgram,
    bundle: true,
    platform: "node",
    format: "esm",
    alias: { "effect-llm-stream": Path.join(root, "src", "index.ts") },
    logLevel: "silent"
  })
  server = await Effect.runPromise(Scope.provide(ReplayServer.make, scope))
  lookupFailure = await Dns.promises.lookup("api.openai.invalid").then(
    () => "resolved",
    (error: NodeJS.ErrnoException) => error.code ?? "unknown"
  )
  // Port 2, where nothing listens: a port freed by a probe can be taken again by another test's server before this
  // one connects (a hang-up then, not a refusal: seen once in CI). Not port 1, which fetch (the client of a program
  // without @effect/platform-node) refuses to ask as a "bad port". The probe's only where port 2 is not refused.
  const refused = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = Net.connect(port, "127.0.0.1")
      socket.once("connect", () => (socket.destroy(), resolve(false)))
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"))
    })
  closedPort = (await refused(2)) ? 2 : await new Promise<number>((resolve) => {
    const probe = Net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as Net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}, 60_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  Fs.rmSync(dir, { recursive: true, force: true })
})

/** An error response served by the replay server; its base URL. */
const errorResponse = (status: number, provider: string, file: string) =>
  server.serve({ status, headers: { "content-type": "application/json" }, body: Fixtures.bytes(provider, file) })

interface Case {
  readonly name: string
  readonly provider: "openai" | "azure" | "bedrock"
  /** The program's whole environment (besides PATH). */
  readonly env: () => Record<string, string>
  /** The line the failure prints. */
  readonly line: () => string
}

const cases: ReadonlyArray<Case> = [
  {
    name: "missing key",
    provider: "openai",
    env: () => ({}),
    line: () =>
      "ConfigurationError: openai: OPENAI_API_KEY is not set: set it to your API key, or pass a key with OpenAI.layer({ apiKey: Redacted.make(key) }) (for a server that takes no key, OpenAI.layerConfig({ apiKey: Config.succeed(undefined) }))"
  },
  {
    name: "wrong key (401)",
    provider: "openai",
    env: () => ({
      OPENAI_API_KEY: "invalid-key-12345",
      OPENAI_BASE_URL: errorResponse(401, "openai", "http-401.json")
    }),
    // OpenAI echoes the key's first 8 characters: a run of 8 characters of a secret is scrubbed (SECURITY.md).
    line: () =>
      "AuthenticationError: openai (HTTP 401) [invalid_api_key]: Incorrect API key provided: <redacted>*****2345. You can find your API key at https://platform.openai.com/account/api-keys."
  },
  {
    name: "unknown model (404)",
    provider: "openai",
    env: () => ({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: errorResponse(404, "openai", "http-404.json") }),
    line: () =>
      "InvalidRequestError: openai (HTTP 404) [model_not_found]: The model `this-model-does-not-exist-12345` does not exist or you do not have access to it."
  },
  {
    name: "unreachable host: connection refused",
    provider: "openai",
    env: () => ({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `http://127.0.0.1:${closedPort}/v1` }),
    line: () =>
      `TransportError: openai: could not connect to http://127.0.0.1:${closedPort}/v1/chat/completions: connect ECONNREFUSED 127.0.0.1:${closedPort} (nothing accepts connections there: check the URL, and that the server is running)`
  },
  {
    name: "unreachable host: the name does not resolve",
    provider: "openai",
    // `.invalid` never resolves (RFC 2606); offline, the lookup fails with EAI_AGAIN instead of ENOTFOUND.
    env: () => ({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "https://api.openai.invalid/v1" }),
    line: () =>
      `TransportError: openai: could not connect to https://api.openai.invalid/v1/chat/completions: getaddrinfo ${lookupFailure} api.openai.invalid (the host name does not resolve: check the host in the URL, and the network)`
  },
  {
    name: "Azure endpoint that is not a URL",
    provider: "azure",
    env: () => ({ AZURE_API_KEY: "key", AZURE_ENDPOINT: "my-resource" }),
    line: () =>
      `ConfigurationError: azure: the Azure endpoint is not an http(s) URL: "my-resource": set it to your resource's endpoint (https://<resource>.openai.azure.com, or an Azure AI Foundry endpoint), or pass one with Azure.layer({ endpoint, apiKey })`
  },
  {
    name: "Azure: wrong key or wrong endpoint (401)",
    provider: "azure",
    env: () => ({ AZURE_API_KEY: "key", AZURE_ENDPOINT: errorResponse(401, "azure", "http-401.json") }),
    line: () =>
      "AuthenticationError: azure (HTTP 401) [401]: Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."
  },
  {
    name: "Azure: unknown deployment (404)",
    provider: "azure",
    env: () => ({ AZURE_API_KEY: "key", AZURE_ENDPOINT: errorResponse(404, "azure", "http-404-deployment.json") }),
    line: () =>
      "InvalidRequestError: azure (HTTP 404) [DeploymentNotFound]: The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."
  },
  {
    name: "missing AWS region",
    provider: "bedrock",
    env: () => ({ AWS_BEARER_TOKEN_BEDROCK: "token" }),
    line: () =>
      `ConfigurationError: bedrock: AWS_REGION is not set: set it to the region of your Bedrock models (us-east-1, eu-central-1, ...), or pass one with Bedrock.layerConfig({ region: Config.succeed("us-east-1") })`
  },
  {
    name: "missing AWS credentials",
    provider: "bedrock",
    env: () => ({ AWS_REGION: "us-east-1" }),
    line: () =>
      "ConfigurationError: bedrock: no AWS credentials: set AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials), or pass them with Bedrock.layer({ region, apiKey }) or Bedrock.layer({ region, credentials })"
  }
]

/** Effect's runners, and the library's (the README's, run here with the README's provider). */
const runnersOf = (provider: string) =>
  ["runPromise", "runMain", "runFork", ...(provider === "openai" ? ["Main.runMain"] : [])] as const

const run = (runner: string, provider: string, env: Record<string, string>, file = program) =>
  new Promise<{ readonly status: number | null; readonly output: string }>((resolve) => {
    const child = ChildProcess.spawn(process.execPath, [file, runner, provider], {
      env: { PATH: process.env["PATH"] ?? "", ...env }
    })
    let output = ""
    child.stdout.on("data", (data) => (output += data))
    child.stderr.on("data", (data) => (output += data))
    child.on("close", (status) => resolve({ status, output }))
  })

/** `runMain` logs the failure after a timestamp, fiber and level; the others print it as the thrown error. */
const logPrefix = /^(\[[\d:.]+\] ERROR \(#\d+\): )?/

describe("first-run errors print one readable line", () => {
  for (const testCase of cases) {
    it(`${testCase.provider}: ${testCase.name}`, async () => {
      const env = testCase.env()
      const expected = testCase.line()
      assert.notInclude(expected, "\n")
      const runners = runnersOf(testCase.provider)
      const results = await Promise.all(runners.map((runner) => run(runner, testCase.provider, env)))
      runners.forEach((runner, index) => {
        const { output, status } = results[index]!
        assert.notStrictEqual(status, 0, `${runner}: ${output}`)
        assert.notInclude(output, "[object Object]", runner)
        // The library's runner, the README's: the line is the first thing printed.
        if (runner === "Main.runMain") assert.strictEqual(output.split("\n")[0], expected, output)
        const printed = output.split("\n").find((line) => line.endsWith(expected))
        assert.isDefined(printed, `${runner} did not print\n${expected}\nbut\n${output}`)
        assert.strictEqual(printed!.replace(logPrefix, ""), expected, runner)
      })
    }, 30_000)
  }
})

describe("the README's hello world, run with plain node", () => {
  it("prints the error line first, then where it came from", async () => {
    const { output, status } = await run("", "", {}, readmeProgram)
    assert.strictEqual(status, 1)
    const [first, ...rest] = output.split("\n")
    assert.strictEqual(first, cases[0]!.line())
    // What follows is the stack, frame by frame: no code frame, no dump of the error's fields.
    assert.match(rest[0]!, /^\s+at /)
    assert.notInclude(output, "_tag")
    const notFound = await run("", "", {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: errorResponse(404, "openai", "http-404.json")
    }, readmeProgram)
    assert.strictEqual(notFound.output.split("\n")[0], cases[2]!.line())
  }, 30_000)
})
