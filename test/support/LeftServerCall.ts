/**
 * An Anthropic turn whose web search is left for the next response: Claude called the program's tool in the same
 * turn as its own search, so the `server_tool_use` came without its result and the response ended with
 * `stop_reason: "tool_use"`; the search runs when the program sends the tool's result, and its
 * `web_search_tool_result` opens the next response (platform.claude.com, "Server tools": "If Claude calls one of your
 * client tools at the same time, the server_tool_use block appears without its result, and the response ends with
 * stop_reason: "tool_use". The API runs the tool when you return the client tool_result blocks in your next
 * request"; "Handling stop reasons": "A server tool call still missing its result block completes in a later
 * response").
 *
 * Constructed from `anthropic/web-search.sse` (no recording of such a turn was found): the first response is its
 * `message_start` and first block (the `server_tool_use`, its input streamed as recorded), then a `tool_use` of
 * `weather` and `stop_reason: "tool_use"`; the second is the rest of the recording (the search's result first),
 * its blocks numbered from 0 and its message another id.
 */
import * as Fixtures from "../../support/Fixtures.js"

/** The search left without its result in the first response, as recorded. */
export const searchId = "srvtoolu_01NcU4XNwyxWK6a9tcJZ8wGY"

/** Anthropic's web search, declared with every request. */
export const providerTools = [{ type: "web_search_20250305", name: "web_search" }]

const events = (): Array<string> =>
  new TextDecoder().decode(Fixtures.bytes("anthropic", "web-search.sse")).split("\n\n").filter((event) =>
    event.trim() !== ""
  )

const indexOf = (event: string): number | undefined => {
  const match = /"index":(\d+)/.exec(event)
  return match === null ? undefined : Number(match[1])
}

const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify(data)}`

const encode = (list: ReadonlyArray<string>): Uint8Array => new TextEncoder().encode(list.join("\n\n") + "\n\n")

/** The first response: the search's call, then the call of the program's tool, and `stop_reason: "tool_use"`. */
export const first = (): Uint8Array => {
  const recorded = events()
  const start = recorded.filter((event) => event.includes(`"type":"message_start"`))
  const search = recorded.filter((event) => indexOf(event) === 0)
  if (!search[0]!.includes(searchId)) throw new Error("the recording's first block is not the search named here")
  const input = JSON.stringify({ location: "Florence, Italy" })
  return encode([
    ...start,
    ...search,
    event("content_block_start", {
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: "toolu_left_weather", name: "weather", input: {} }
    }),
    event("content_block_delta", {
      type: "content_block_delta",
      index: 1,
      delta: { type: "input_json_delta", partial_json: input }
    }),
    event("content_block_stop", { type: "content_block_stop", index: 1 }),
    event("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { output_tokens: 96, server_tool_use: { web_search_requests: 0 } }
    }),
    event("message_stop", { type: "message_stop" })
  ])
}

/** The second response: the search's result first, then the rest of the recorded answer. */
export const second = (): Uint8Array =>
  encode(
    events().flatMap((event) => {
      if (event.includes(`"type":"message_start"`)) return [event.replace(/"id":"msg_[^"]+"/, `"id":"msg_left_2"`)]
      const index = indexOf(event)
      if (index === 0) return []
      return [index === undefined ? event : event.replace(`"index":${index}`, `"index":${index - 1}`)]
    })
  )
