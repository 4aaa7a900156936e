/**
 * AG-UI read by the real client: every recorded response of every provider, served by a replay server, streamed
 * through `AgUi.fromStream` (one call) and `AgUi.fromSteps` (the same call as a tool loop's step) by a `node:http`
 * server of the library, and read by `@ag-ui/client`'s `HttpAgent` (its enforcement against `@ag-ui/core`'s schemas,
 * which warns of every member it strips, and `verifyEvents`). What the client assembles (the assistant message's
 * text and tool calls, the reasoning, the results of the provider's own tools) is what `CallStream.accumulate` says
 * of the same recording, the run's usage and cost are the response's, and the client keeps the provider's opaque
 * state of each part of the turn (`REASONING_ENCRYPTED_VALUE`) on the reasoning message, assistant message or tool
 * call it belongs to. A message item with no text (the Responses API's after an image its `image_generation` tool drew)
 * is no part of either stream, so its state has no value to ride on: it goes back in the turn the step's message
 * carries whole (`effect-llm-stream/turns`, a turn with the provider's own tools), which is the response's blocks.
 * A recording that ends in an error ends the run with `RUN_ERROR`. One body in one piece, the other in random ones.
 */
import type { AssistantMessage, Message, RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import type { CallResponse } from "effect-llm-stream"
import { AgUi, CallResponse as Responses, CallStream, LanguageModel, Tool, Usage } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as UITurnCarry from "../../../src/app/history/UITurnCarry.js"
import * as ProviderProfiles from "../../../src/providers/ProviderProfiles.js"
import * as TurnCarry from "../../../src/providers/TurnCarry.js"
import * as TurnState from "../../../src/providers/TurnState.js"
import { clients } from "../../../support/Clients.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import { restoredBlocks } from "../../support/BrowserTurns.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { told } from "../../support/RefusedAnswers.js"

const argumentsValue = (text: string): unknown => {
  try {
    return text.trim() === "" ? {} : JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * The turns the step's message carries whole (`UITurnCarry`), each output of the provider's own calls taken back from
 * the call's tool message.
 */
const carriedOf = (messages: ReadonlyArray<Message>, assistant: AssistantMessage | undefined) => {
  const turns = (assistant?.metadata as Record<string, Record<string, any>> | undefined)?.[UITurnCarry.metadataKey]
  const outputs = messages.flatMap((message: any) =>
    message.role === "tool" && message.metadata?.[AgUi.providerExecutedKey] === true
      ? [{ providerExecuted: true, toolCallId: message.toolCallId, output: JSON.parse(message.content) }]
      : []
  )
  return Object.values(turns ?? {}).map((turn): Parameters<typeof TurnState.partsOf>[0] => ({
    provider: turn.format,
    blocks: restoredBlocks(turn.blocks, { parts: outputs })
  }))
}

/** The state of each message item with no text of a turn: no part of the stream, it rides in the turn alone. */
const textlessStates = (content: Parameters<typeof TurnState.partsOf>[0]) =>
  TurnState.partsOf(content).flatMap((part) =>
    part._tag === "Text" && part.text === "" && part.state !== undefined
      ? [TurnState.toJson({ format: content.provider, state: part.state })]
      : []
  )

/** What the client's messages say, in the terms of a response. */
const summary = (messages: ReadonlyArray<Message>) => {
  const assistant = messages.find((message): message is AssistantMessage => message.role === "assistant")
  const calls = assistant?.toolCalls ?? []
  const carried = carriedOf(messages, assistant)
  const marked = (call: { readonly metadata?: Record<string, unknown> | undefined }) =>
    call.metadata?.[AgUi.providerExecutedKey] === true
  const shown = messages.flatMap((message: any) => [
    message.encryptedValue,
    ...(message.toolCalls ?? []).map((call: any) => call.encryptedValue)
  ]).flatMap((value) => value === undefined ? [] : [JSON.parse(value)].flat()).filter((state) => state !== null)
    .filter(oneStatePerItem).map((state) => JSON.stringify(state))
  return {
    text: assistant?.content ?? "",
    reasoning: messages.flatMap((message) => message.role === "reasoning" ? [message.content] : []).join(""),
    toolCalls: calls.filter((call) => !marked(call)).map((call) => ({
      id: call.id,
      name: call.function.name,
      input: argumentsValue(call.function.arguments)
    })),
    serverResults: calls.filter(marked).map((call) => call.id).filter((id) =>
      messages.some((message) => message.role === "tool" && message.toolCallId === id)
    ).sort(),
    opaque: [
      ...shown,
      // A message item with a refusal and no text is carried whole, and shown (its refusal as text): its state once.
      ...carried.flatMap(textlessStates).map((state) => JSON.stringify(state)).filter((state) => !shown.includes(state))
    ].sort(),
    carried: carried.map((turn) => turn.blocks)
  }
}

/**
 * Whether a state is its item's (kept once): the summary parts of one Responses reasoning item are reasoning parts of
 * their own, each holding the item's id and the last its encrypted reasoning too; written back, they are the one item
 * again (`ResponsesBlocks.join`). The last of an item's states is kept.
 */
const oneStatePerItem = (state: any, index: number, states: ReadonlyArray<any>): boolean =>
  state.itemId === null || !states.some((other, at) => at > index && other.itemId === state.itemId)

/** What the client must assemble of a response. */
const expected = (response: CallResponse.CallResponse) => {
  const calls = response.toolCallRecords.flatMap(({ call, slot }, position) => {
    if (slot.choice !== undefined && slot.choice !== 0) return []
    return [{
      id: call.id === "" ? `call-1-${position}` : call.id,
      name: call.name,
      input: argumentsValue(call.arguments)
    }]
  })
  const results = new Set(response.serverToolResults.map((result) => result.toolUseId))
  const serverResults = response.serverToolCallRecords.flatMap(({ call, slot }) => {
    return call.id === "" || (slot.choice !== undefined && slot.choice !== 0) || !results.has(call.id) ? [] : [call.id]
  })
  // What the provider stopped on its policy without words of its own is told in its row's sentence, after the rest.
  const text = response.content + response.refusal + told(ProviderProfiles.withheldNotice(response), response.content)
  const turn = Responses.toMessage(response)
  const content = turn._tag === "AssistantMessage" ? turn.content : undefined
  return {
    text,
    reasoning: response.reasoning,
    toolCalls: calls,
    serverResults: [...new Set(serverResults)].sort(),
    // Each part's state, as the UI message stream's part carries it (`TurnState.toJson`).
    opaque: (content === undefined ? [] : TurnState.partsOf(content)).flatMap((part) =>
      part.state === undefined
        ? []
        : [JSON.stringify(TurnState.toJson({ format: content!.provider, state: part.state }))]
    ).sort(),
    // A turn its parts would not write again (the provider's own tools) goes whole: the response's blocks.
    carried: [TurnCarry.ofFold(response)?.blocks].filter((blocks) => blocks !== undefined)
  }
}

/** What `RUN_FINISHED` must say of a response. */
const expectedEnd = (response: CallResponse.CallResponse, pending: ReadonlyArray<string>) => {
  const entryOf = (model: string | undefined, usage: Omit<CallResponse.CallResponse["usage"], "byModel">) => {
    const counts = Object.fromEntries(
      Object.entries({
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        totalTokens: usage.totalTokens,
        reasoningTokens: usage.reasoningTokens,
        cachedInputTokens: usage.cachedTokens,
        cacheWriteInputTokens: usage.cacheWriteTokens
      }).filter(([, value]) => value !== undefined)
    )
    return Object.keys(counts).length === 0 ? [] : [{ provider: response.provider, model, ...counts }]
  }
  // The call's own model first, then each other model that spent tokens inside it (an advisor's).
  const usage = [
    ...entryOf(response.model, response.usage),
    ...(response.usage.byModel ?? []).flatMap((entry) => entryOf(entry.model, Usage.make(entry)))
  ]
  return {
    outcome: pending.length === 0 ? { type: "success" } : { type: "success", pendingToolCallIds: pending },
    usage: usage.length === 0 ? undefined : usage,
    // The run's cost is what it is billed for: the spend's, an estimate where it says so.
    cost: Option.getOrUndefined(response.spend.cost)?.toJSON().total
  }
}

const endOf = (event: RunFinishedEvent | undefined) => ({
  outcome: event?.outcome,
  usage: event?.usage,
  cost: event?.metadata?.[AgUi.costKey]
})

/** JSON text with the per-response stem of the ids made for Gemini's calls taken out. */
const withoutStems = (text: string): string => text.replace(/gemini_call_[A-Za-z0-9_-]{12}_(\d+)/g, "gemini_call_$1")

describe("@ag-ui/client's HttpAgent reads every recording", () => {
  for (const [clientIndex, [clientName, client]] of clients.entries()) {
    for (const folder of RecordedModels.folders.filter((_, index) => index % 2 === clientIndex)) {
      it.live(
        `${folder} (${clientName}): fromStream and fromSteps give what accumulate gives, for any split`,
        () =>
          Effect.gen(function*() {
            const replay = yield* ReplayServer.make
            const problems: Array<string> = []
            let seed = 11
            for (const recording of RecordedModels.recordings(folder)) {
              const scenario = (cuts?: ReadonlyArray<number>) => ({
                headers: { "content-type": RecordedModels.contentType(folder) },
                body: recording.body,
                ...(cuts === undefined ? {} : { cuts })
              })
              const baseUrl = replay.serve([
                scenario(),
                scenario(ReplayServer.randomCuts(recording.body.length, seed++, 1024))
              ])
              const model = yield* Layer.build(RecordedModels.model(folder, baseUrl, client))
              const endings: Array<CallStream.Ending> = []
              const url = yield* AgUiClient.serve((body) =>
                AgUi.readRunInput(body).pipe(
                  Effect.flatMap((input) => {
                    const options = { threadId: input.threadId, runId: input.runId, messageId: "m" }
                    if (endings.length === 0) {
                      return LanguageModel.stream({ messages: input.messages }).pipe(
                        CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending))),
                        AgUi.fromStream(options),
                        AgUi.toResponse()
                      )
                    }
                    // The same call as a loop's step, its calls' tools declared without handlers (they end the loop);
                    // one step (a turn the provider paused would be continued by a step after it).
                    const names = [...new Set(endings[0]!.response.toolCalls.map((call) => call.name))]
                    const tools = names.map((name) => Tool.make(name, { jsonSchema: { type: "object" } }))
                    return LanguageModel.runTools({ messages: input.messages, tools, maxSteps: 1 }).pipe(
                      AgUi.fromSteps(options),
                      AgUi.toResponse()
                    )
                  }),
                  Effect.orDie
                )
              ).pipe(Effect.provide(model))
              for (const way of ["fromStream", "fromSteps"] as const) {
                const agent = AgUiClient.agentOf(url)
                agent.addMessage({ id: "u1", role: "user", content: "hi" })
                const run = yield* AgUiClient.run(agent, { runId: `run-${way}` })
                const ending = endings[0]!
                const where = `${recording.name} ${way} (${ending._tag})`
                if (run.warnings.length > 0) problems.push(`${where}: the client warned: ${run.warnings.join("; ")}`)
                const last = run.events.at(-1)
                if (ending._tag !== "Completed") {
                  if (last?.type !== "RUN_ERROR") problems.push(`${where}: ends with ${last?.type}, not RUN_ERROR`)
                  continue
                }
                // The loop's step is a second call of the recording: the ids made for Gemini's calls sent without
                // one have a stem drawn per response, so they are compared without it.
                const same = (value: unknown) => withoutStems(JSON.stringify(value))
                const actual = summary(agent.messages)
                const wanted = expected(ending.response)
                if (same(actual) !== same(wanted)) {
                  problems.push(`${where}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(wanted)}`)
                }
                // A loop's step answers a call whose arguments are not JSON itself, with a failed result the model
                // reads (Mirascope's gpt-5-mini call cut mid-arguments by its output cap): only the stream leaves it to
                // the client.
                const answered = RecordedModels.cutCalls(ending.response)
                const pending = wanted.toolCalls.map((call) => call.id).filter((id) =>
                  way === "fromStream" || !answered.includes(id)
                )
                const end = endOf(last?.type === "RUN_FINISHED" ? last as RunFinishedEvent : undefined)
                const wantedEnd = JSON.parse(JSON.stringify(expectedEnd(ending.response, pending)))
                if (same(end) !== same(wantedEnd)) {
                  problems.push(`${where}: ${JSON.stringify(end)} ≠ ${JSON.stringify(wantedEnd)}`)
                }
                const first = run.events[0]
                if (first?.type !== "RUN_STARTED" || (first as any).runId !== `run-${way}`) {
                  problems.push(`${where}: does not start with its RUN_STARTED`)
                }
              }
            }
            assert.deepStrictEqual(problems, [])
          }),
        120_000
      )
    }
  }
})
