/**
 * Writes src/data/samples.ts: the small real recordings the package ships, so that `npx effect-llm-stream
 * replay` and `ReplayServer.samples` serve them without a clone. Each is a recording of test/fixtures/ as it
 * is (each folder's SOURCES.md says where it comes from), cut at its event boundaries so that a paced replay
 * sends one event at a time.
 *
 *   npx tsx scripts/samples.ts           # writes src/data/samples.ts
 *   npx tsx scripts/samples.ts --check   # fails when it is not what the recordings give
 *
 * A provider is served under a base URL of its own, whose variable `baseUrlVariable` names (with the path
 * `basePath` after the server's): add one by adding a group and its recordings here.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Fixtures from "../support/Fixtures.js"

const root = Path.join(import.meta.dirname, "..")
const out = Path.join(root, "src", "data", "samples.ts")

interface SampleSpec {
  readonly name: string
  /** Under test/fixtures/. */
  readonly file: string
  /** The prompt the recording answered, as its source recorded it. */
  readonly prompt: string
  readonly contentType: string
  /** The end of the request path it answers. */
  readonly path: string
}

interface GroupSpec {
  readonly name: string
  readonly baseUrlVariable: string
  readonly basePath: string
  /** The other variables `layerConfig` needs: a placeholder key, a region. */
  readonly variables: Readonly<Record<string, string>>
  readonly samples: ReadonlyArray<SampleSpec>
}

const sse = "text/event-stream"
const whatIs = "What is 4200 + 42?"

const groups: ReadonlyArray<GroupSpec> = [
  {
    name: "openai",
    baseUrlVariable: "OPENAI_BASE_URL",
    basePath: "/v1",
    variables: { OPENAI_API_KEY: "replay" },
    samples: [
      { name: "openai", file: "openai/text.sse", prompt: whatIs, contentType: sse, path: "/chat/completions" },
      {
        name: "openai-responses",
        file: "openai-responses/text.sse",
        prompt: whatIs,
        contentType: sse,
        path: "/responses"
      }
    ]
  },
  {
    name: "anthropic",
    baseUrlVariable: "ANTHROPIC_BASE_URL",
    basePath: "",
    variables: { ANTHROPIC_API_KEY: "replay" },
    samples: [{
      name: "anthropic",
      file: "demo/anthropic.sse",
      prompt: "Recommend a book (... Something about the fall of the Roman Empire)",
      contentType: sse,
      path: "/v1/messages"
    }]
  },
  {
    name: "groq",
    baseUrlVariable: "GROQ_BASE_URL",
    basePath: "/openai/v1",
    variables: { GROQ_API_KEY: "replay" },
    samples: [{
      name: "groq",
      // Groq's plain-text recording (groq/text.sse) is 183 KB: this one, reasoning then text, is 15 KB.
      file: "groq/reasoning.sse",
      prompt: "(the turn after a tool's result, in pydantic-ai's test_tool_use_failed_error_streaming)",
      contentType: sse,
      path: "/chat/completions"
    }]
  },
  {
    name: "azure",
    baseUrlVariable: "AZURE_ENDPOINT",
    // An `/openai` path: the deployments API (Azure OpenAI), as on a custom domain.
    basePath: "/openai",
    variables: { AZURE_API_KEY: "replay" },
    samples: [{ name: "azure", file: "azure/text.sse", prompt: whatIs, contentType: sse, path: "/chat/completions" }]
  },
  {
    name: "bedrock",
    baseUrlVariable: "BEDROCK_BASE_URL",
    basePath: "",
    variables: { AWS_REGION: "us-east-1", AWS_BEARER_TOKEN_BEDROCK: "replay" },
    samples: [{
      name: "bedrock",
      file: "bedrock/converse-text.eventstream.b64",
      prompt: "What is the capital of France?",
      contentType: "application/vnd.amazon.eventstream",
      path: "/converse-stream"
    }]
  },
  {
    name: "google",
    baseUrlVariable: "GEMINI_BASE_URL",
    // The Gemini API's base URL includes its version.
    basePath: "/v1beta",
    variables: { GEMINI_API_KEY: "replay" },
    samples: [{
      name: "google",
      file: "google/web-search-grounding.sse",
      prompt: "What is the weather in San Francisco today? (with Google Search)",
      contentType: sse,
      // Any model: `models/{model}:streamGenerateContent`.
      path: ":streamGenerateContent"
    }]
  }
]

/** The offsets after each event: after each blank line of an SSE body, after each frame of an event stream. */
const eventEnds = (body: Uint8Array, binary: boolean): Array<number> => {
  const ends: Array<number> = []
  if (binary) {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
    for (let offset = 0; offset + 4 <= body.length;) {
      offset += view.getUint32(offset)
      ends.push(offset)
    }
  } else {
    // Events end with a blank line, LF or CRLF (Gemini's recordings as Pydantic AI kept them).
    const text = Buffer.from(body).toString("latin1")
    for (const match of text.matchAll(/\r?\n\r?\n/g)) ends.push(match.index + match[0].length)
  }
  return ends.filter((end) => end < body.length)
}

const entries = groups.map((group) => ({
  ...group,
  samples: group.samples.map((sample) => {
    const binary = sample.file.endsWith(".b64")
    const [folder, file] = sample.file.split("/") as [string, string]
    const body = Buffer.from(Fixtures.body(folder, file))
    return {
      name: sample.name,
      source:
        `test/fixtures/${sample.file} in the effect-llm-stream repository (its folder's SOURCES.md says where it was recorded)`,
      prompt: sample.prompt,
      contentType: sample.contentType,
      path: sample.path,
      encoding: binary ? "base64" : "utf8",
      body: binary ? body.toString("base64") : body.toString("utf8"),
      cuts: eventEnds(new Uint8Array(body), binary).join(",")
    }
  })
}))

const header = `/**
 * Small real recordings the package ships, for \`npx effect-llm-stream replay\` and \`ReplayServer.samples\`:
 * each provider's base URL variable, the path after the server's in it, the other variables its \`layerConfig\`
 * needs (placeholders), and its recordings (the end of the request path each answers, its body, utf8 or
 * base64, and the offset after each event but the last). Generated by scripts/samples.ts from test/fixtures/
 * (each recording as it is; its folder's SOURCES.md says where it comes from): do not edit.
 */
`

if (process.argv.includes("--check")) {
  const current = await import(out)
  if (JSON.stringify(current.groups) !== JSON.stringify(entries)) {
    console.error("src/data/samples.ts is not what scripts/samples.ts writes: run npx tsx scripts/samples.ts")
    process.exit(1)
  }
  console.log("src/data/samples.ts is up to date")
} else {
  Fs.writeFileSync(
    out,
    `${header}\nexport const groups = ${JSON.stringify(entries, null, 2)}\n`
  )
  ChildProcess.spawnSync(Path.join(root, "node_modules", ".bin", "dprint"), ["fmt", out], { stdio: "ignore" })
  console.log(`wrote ${Path.relative(root, out)} (${Fs.statSync(out).size} bytes)`)
}
