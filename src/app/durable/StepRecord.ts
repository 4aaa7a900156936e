/**
 * What a durable loop persists of its steps and tool calls, and how it gets them back: a step's ending as JSON
 * (the response's fields, its content blocks as built, the prices it was priced with, the error of a failed
 * step), so that a run resumed anywhere has the same assistant turn, usage and exact cost without asking the
 * model again; a tool call's answer (its result message, whether it is an error, the handler's output).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as CallEnding from "../../core/call/CallEnding.js"
import * as CallResponse from "../../core/call/CallResponse.js"
import type * as Cost from "../../core/call/Cost.js"
import type * as PriceTableCore from "../../core/call/PriceTableCore.js"
import { UnknownModel } from "../../core/call/PriceTableCore.js"
import type * as CallBasis from "../../core/estimate/CallBasis.js"
import * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as Message from "../../core/Message.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as Tool from "../../core/Tool.js"
import * as TurnFormats from "../../providers/TurnFormats.js"
import * as LoopBudget from "../loop/LoopBudget.js"
import { ApprovalRefused, ToolResultEvent } from "../loop/StepEvents.js"
import * as ToolInput from "../loop/ToolInput.js"
import * as StoredResponse from "./StoredResponse.js"

/**
 * A record nested no deeper than `JsonDepth.maxDepth`: its `Unknown` fields (a block, a tool's result) are given back
 * as they are stored, and one nested past it ran the code that sends or serves them out of stack.
 */
const shallow = <T extends object>() =>
  Schema.makeFilter<T>((record) => !JsonDepth.valueNestsTooDeep(record), {
    expected: `a record not ${JsonDepth.tooDeep}`
  })

/** A step's ending as stored (a failed step with its error). */
export const StepRecord = Schema.Struct({
  /** `NoRoom`: the step was not asked, its input alone did not fit in what was left of the budget. */
  outcome: Schema.Literals(["Completed", "Interrupted", "Failed", "NoRoom"]),
  /** The response's fields as JSON (the fold's bookkeeping included), with `blocks`, its content blocks. */
  response: Schema.Unknown,
  /** The prices the response was priced with, `null` when its model had none. */
  price: Schema.Unknown,
  error: Schema.optionalKey(ProviderError.ProviderError),
  /**
   * Whether an earlier attempt of the step was cut by a crash (and asked again): what it cost is not known, and
   * is estimated at what the retry cost (the same request; it was cut before it could say more).
   */
  cut: Schema.optionalKey(Schema.Boolean),
  /** What capped the step's output below its request's own cap (a budget, a spend limit), if anything did. */
  bound: Schema.optionalKey(Schema.Literals(["budget", "spend-limit"]))
}).check(
  Schema.makeFilter((record) => record.outcome !== "Failed" || record.error !== undefined, {
    expected: "a failed step with its error"
  }),
  shallow()
)

export type StepRecord = typeof StepRecord.Type

/** A step that was not asked: no room in the budget for its input; `price`, its model's prices, if known. */
export const noRoom = (price: PriceTableCore.ModelPrice | undefined): StepRecord => ({
  outcome: "NoRoom",
  response: null,
  price: toJson(price ?? null)
})

/** Whether a stored step was not asked (`noRoom`). */
export const isNoRoom = (record: StepRecord): boolean => record.outcome === "NoRoom"

/** A value as JSON (`undefined` fields left out), or `null` for what JSON cannot hold. */
export const toJson = (value: unknown): unknown => {
  try {
    const text = JSON.stringify(value)
    return text === undefined ? null : JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * What the run spent when a stored step was not asked (`noRoom`) and none before it was: $0 at its prices (decoded:
 * a `SchemaError` for prices this library did not write).
 */
export const nothingOf = (
  records: ReadonlyArray<StepRecord>
): Effect.Effect<Cost.Cost | undefined, Schema.SchemaError> => {
  const record = records.find(isNoRoom)
  return record === undefined ? Effect.succeed(undefined) : Effect.map(
    decodePrice(record.price),
    (price) => LoopBudget.nothingAt((price ?? undefined) as PriceTableCore.ModelPrice | undefined)
  )
}

/** The estimated cost of the attempts of stored steps that a crash cut (see `StepRecord.cut`). */
export const cutCost = (records: ReadonlyArray<StepRecord>, steps: ReadonlyArray<CallEnding.Ending>) =>
  records.reduce<Cost.Cost | undefined>(
    (sum, record, index) =>
      record.cut === true ? LoopSums.addCost(sum, Option.getOrUndefined(steps[index]!.response.cost)) : sum,
    undefined
  )

/**
 * A step's ending as stored (`cut` when an earlier attempt of it was cut by a crash; `bound`, what capped its
 * output, if anything did).
 */
export const fromEnding = (
  ending: CallEnding.Ending,
  cut = false,
  bound?: CallBasis.Bound | undefined
): StepRecord => {
  const response = ending.response
  const { blockRecords, priceTable, serverToolCallRecords: _server, toolCallRecords: _calls, ...fields } = response
  const price = response.provider === undefined || response.pricingModel === undefined
    ? null
    : Result.getOrNull(priceTable.lookup(response.provider, response.pricingModel))
  return {
    outcome: ending._tag,
    response: toJson({
      ...fields,
      ...storedCalls(response),
      // A block's builder, reader and pairing are code: the blocks are stored as built (one per record), and given
      // back as they were, read by their provider's reader.
      blockRecords: blockRecords.map(({ build: _, pairing: ___, read: __, ...record }) => record),
      blocks: ContentBlocks.build(blockRecords, ContentBlocks.textsOf(response))
    }),
    price: toJson(price),
    ...(ending._tag === "Failed" ? { error: ending.error } : {}),
    ...(cut ? { cut } : {}),
    ...(bound === undefined ? {} : { bound })
  }
}

/** A table that prices with the stored prices only: a resumed step costs what it cost. */
const recordedPrices = (price: PriceTableCore.ModelPrice | null): PriceTableCore.Service => ({
  version: "recorded",
  entries: [],
  lookup: (provider, model) =>
    price === null ? Result.fail(new UnknownModel({ provider, model })) : Result.succeed(price)
})

/**
 * A response's tool calls as stored: the calls, the slot of each and whether each is complete, side by side (the
 * shape 0.4 stored, so that a run stored by either version resumes on the other).
 */
const storedCalls = (response: CallResponse.CallResponse) => ({
  toolCalls: response.toolCalls,
  toolCallSlots: response.toolCallRecords.map((record) => record.slot),
  toolCallComplete: response.toolCallRecords.map((record) => record.complete),
  serverToolCalls: response.serverToolCalls,
  serverToolCallSlots: response.serverToolCallRecords.map((record) => record.slot)
})

const decodeResponse = Schema.decodeUnknownEffect(StoredResponse.Response)
const decodePrice = Schema.decodeUnknownEffect(StoredResponse.Price)

/** A response's tool-call records from their stored form (`storedCalls`). */
const restoredCalls = (stored: StoredResponse.Response): Pick<
  CallResponse.Fields,
  "toolCallRecords" | "serverToolCallRecords"
> => ({
  toolCallRecords: stored.toolCalls.map((call, position) => ({
    call,
    slot: stored.toolCallSlots?.[position] ?? { index: position },
    complete: stored.toolCallComplete?.[position] ?? true
  })),
  serverToolCallRecords: stored.serverToolCalls.map((call, position) => ({
    call,
    slot: stored.serverToolCallSlots?.[position] ?? { index: position }
  }))
})

/** A stored response (`StoredResponse.Response`) priced with its stored prices. */
const restored = (stored: StoredResponse.Response, price: StoredResponse.Price): CallResponse.CallResponse => {
  const {
    blocks,
    inputTransformations: _transformations,
    serverToolCallSlots: _serverSlots,
    serverToolCalls: _serverCalls,
    toolCallComplete: _complete,
    toolCallSlots: _slots,
    toolCalls: _calls,
    ...fields
  } = stored
  return new CallResponse.CallResponse({
    ...fields,
    provider: stored.provider,
    id: stored.id,
    model: stored.model,
    pricingModel: stored.pricingModel,
    ...restoredCalls(stored),
    ...(stored.inputTransformations === undefined ? {} : {
      inputTransformations: stored.inputTransformations.map(({ kind, path, reason }) => ({ kind, path, reason }))
    }),
    blockRecords: stored.blockRecords.map((block, index) => ({
      ...block,
      contentTo: block.contentTo,
      reasoningTo: block.reasoningTo,
      build: () => blocks[index] ?? undefined,
      read: TurnFormats.turnFormats[block.format].read
    })),
    priceTable: recordedPrices(price as PriceTableCore.ModelPrice | null)
  })
}

/**
 * A stored step's ending, as it was: its response and prices decoded (`StoredResponse`), or the `SchemaError` of a
 * record this library did not write.
 */
export const toEnding = (record: StepRecord): Effect.Effect<CallEnding.Ending, Schema.SchemaError> =>
  Effect.zipWith(decodeResponse(record.response), decodePrice(record.price), (stored, price) => {
    const response = restored(stored, price)
    switch (record.outcome) {
      case "Completed":
        return new CallEnding.Completed({ response })
      case "Interrupted":
        return new CallEnding.Interrupted({ response })
      case "Failed":
        return new CallEnding.Failed({ response, error: record.error! })
      case "NoRoom":
        throw new Error("a step that was not asked has no ending")
    }
  })

/** A tool call's answer as stored. */
export const ToolRecord = Schema.Struct({
  message: Message.ToolResultMessage,
  isError: Schema.Boolean,
  /** The handler's output (or what went wrong) as JSON. */
  result: Schema.Unknown,
  /** What the tool asked the user instead of answering (`ToolInput.InputRequired`), if it did. */
  asks: Schema.optionalKey(Schema.Struct({
    message: Schema.String,
    requestedSchema: Schema.Record(Schema.String, Schema.Unknown),
    /** The page a URL question asks the user to open (`ApprovalRequestEvent.elicitation.url`). */
    url: Schema.optional(Schema.Struct({ href: Schema.String, host: Schema.String }))
  })),
  /** The arguments the call ran with, when an approval edited them (`ToolEdit`). */
  edited: Schema.optionalKey(Schema.String)
}).check(shallow())

export type ToolRecord = typeof ToolRecord.Type

/** A call's answer as stored; `call`, the call as the model made it (an edit of it is kept, `edited`). */
export const fromToolResult = (event: ToolResultEvent, call?: Tool.ToolCall): ToolRecord => ({
  message: event.message,
  isError: event.isError,
  result: toJson(event.result instanceof Error ? { message: event.result.message } : event.result),
  ...(event.result instanceof ToolInput.InputRequired ? { asks: event.result.elicitation } : {}),
  ...(call !== undefined && event.call.arguments !== call.arguments ? { edited: event.call.arguments } : {})
})

/** What a request for input stores as its result: the tool's input and what it kept (`ToolInput.InputRequired`). */
const Asked = Schema.Struct({ input: Schema.optionalKey(Schema.Unknown), kept: Schema.optionalKey(Schema.Unknown) })

/**
 * A stored answer to `call` as its event: the call as it ran (edited, when an approval edited it); a `SchemaError` for
 * an answer this library did not write (to another call, a request for input without its input).
 */
export const toToolResult = (
  step: number,
  made: Tool.ToolCall,
  record: ToolRecord
): Effect.Effect<ToolResultEvent, Schema.SchemaError> =>
  Effect.gen(function*() {
    const { asks, isError, message } = record
    yield* Schema.decodeUnknownEffect(Schema.Literal(made.id))(message.toolCallId)
    const call = record.edited === undefined ? made : new Tool.ToolCall({ ...made, arguments: record.edited })
    // A request for input: what the tool kept is in the record (`result.kept`), given back with the answer
    // (`LoopBody`).
    const result = asks === undefined ? record.result : new ToolInput.InputRequired({
      input: undefined,
      ...(yield* Schema.decodeUnknownEffect(Asked)(record.result)),
      elicitation: asks,
      keep: () => Effect.void
    })
    return new ToolResultEvent({ step, call, result, isError, message, ...(call === made ? {} : { asMade: made }) })
  })

/** The gate's verdict on an answer's approval id as a run records it: `null`, admitted; else why it was refused. */
export const AdmissionRecord = Schema.NullOr(Schema.Struct({
  reason: Schema.Literals(["unverified", "expired", "used", "unrecorded", "invalid"]),
  message: Schema.String
}))

/** A gate's verdict as it is recorded. */
export const fromRefusal = (refusal: ApprovalRefused | undefined): typeof AdmissionRecord.Type =>
  refusal === undefined ? null : { reason: refusal.reason, message: refusal.message }

/** A recorded verdict as the gate gave it, for the call `call`. */
export const toRefusal = (
  call: Tool.ToolCall,
  record: typeof AdmissionRecord.Type
): ApprovalRefused | undefined => record === null ? undefined : new ApprovalRefused({ toolCallId: call.id, ...record })
