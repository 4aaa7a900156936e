/**
 * Reads the value of a structured-output call from the stream's accumulator, fed each event right after the
 * accumulator took it in (`Accumulator.push(chunk, each)`).
 *
 * The answer is the response's text or the arguments of the call to the output tool, whichever the stream carries,
 * fed to an incremental parser (`PartialJson`). Text that does not begin a JSON value (what a
 * model may write before calling the tool) decides nothing: its failure is reported only if no call to the
 * output tool comes. Once text has shown a value, a call to the output tool (or a second one) is a second
 * value: `multiple-values`. At the end, in this order: a refusal (`refusal` text, or a `content_filter`
 * finish), a `length` finish, no answer at all, the parser's verdict, then the Schema's, after `null`s the
 * model wrote for absent optional fields are taken out (`StrictSchema.restoreAbsent`).
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as ErrorReport from "../http/ErrorReport.js"
import * as Output from "../Output.js"
import type * as JsonFailure from "../output/JsonFailure.js"
import * as PartialJson from "../output/PartialJson.js"
import * as PartialValue from "../output/PartialValue.js"
import * as RequestOutput from "../output/RequestOutput.js"
import * as StrictSchema from "../output/StrictSchema.js"
import * as JsonDecoder from "../schema/JsonDecoder.js"
import * as Transducer from "../stream/Transducer.js"
import * as Accumulator from "./Accumulator.js"
import type * as ChunkCommon from "./ChunkCommon.js"
import type * as StreamEvent from "./StreamEvent.js"
import * as ToolCallFragments from "./ToolCallFragments.js"

const excerpt = (text: string) => ErrorReport.cut(text, 500)

/** An `OutputError` whose message says what went wrong and quotes the start of the answer. */
export const outputError = (
  reason: Output.OutputError["reason"],
  text: string,
  detail: string,
  issue?: Output.OutputError["issue"]
): Output.OutputError =>
  new Output.OutputError({
    reason,
    text,
    ...(issue === undefined ? {} : { issue }),
    message: `${detail}${text === "" ? "" : `; the answer: ${JSON.stringify(excerpt(text))}`}`
  })

const jsonError = (failure: JsonFailure.Failure, text: string, where: string): Output.OutputError =>
  failure._tag === "MultipleJsonValues"
    ? outputError("multiple-values", text, `${where} holds more than one JSON value (${failure.message})`)
    : outputError("invalid-json", text, `${where} is not valid JSON (${failure.message})`)

/** Decodes the answer: takes out the `null`s of absent optional fields, then applies the Schema's JSON codec. */
export const decode = <A>(
  output: Output.Output<A>,
  json: unknown,
  text: string
): Result.Result<A, Output.OutputError> => {
  const decoded = JsonDecoder.of(output.schema as Schema.Codec<unknown, unknown>)(
    StrictSchema.restoreAbsent(json, output.jsonSchema)
  )
  return Result.isSuccess(decoded)
    ? Result.succeed(decoded.success as A)
    : Result.fail(
      outputError(
        "schema-mismatch",
        text,
        `the answer does not match the Schema of ${output.name}: ${decoded.failure.message}`,
        decoded.failure.issue
      )
    )
}

/** The structured-output view of one stream. */
export class ObjectFold<A> {
  readonly #text = PartialJson.make()
  /** Why the text is not JSON, held until it is known whether the answer comes through the tool. */
  #textFailure: JsonFailure.Failure | undefined = undefined
  #tool: PartialJson.Parser | undefined = undefined
  /** The position of the output tool's call in the fold's `toolCalls`. */
  #toolPosition = -1
  #source: "text" | "tool" | undefined = undefined
  /** Whether a partial value is due (the parser's pacing). */
  #due = false
  readonly #output: Output.Output<A>
  /** Whether partial values are taken (`partialObjects`); `object` needs only the end. */
  readonly #partials: boolean

  constructor(output: Output.Output<A>, partials: boolean) {
    this.#output = output
    this.#partials = partials
  }

  /** Where the answer is read from, once the stream has said: the text, or the output tool's call. */
  get answerSource(): "text" | "tool" | undefined {
    return this.#source
  }

  /** Reads one event just folded in; fails with the answer's error (JSON no more text repairs, a second answer). */
  event(event: StreamEvent.StreamEvent, accumulator: Accumulator.Accumulator): Output.OutputError | undefined {
    if (event._tag === "TextDelta") {
      if (this.#source === "tool" || this.#textFailure !== undefined) return undefined
      const pushed = this.#text.push(event.text)
      if (Result.isFailure(pushed)) {
        // Text that never began a value may be what the model wrote before calling the output tool.
        if (this.#source === undefined) this.#textFailure = pushed.failure
        else return jsonError(pushed.failure, accumulator.content, "the answer")
        return undefined
      }
      if (pushed.success.changed) this.#source = "text"
      if (pushed.success.due) this.#due = true
      return undefined
    }
    if (event._tag !== "ToolCallDelta" || !ToolCallFragments.isFirstChoice(event)) return undefined
    const position = accumulator.positionOf(event)
    const call = accumulator.toolCallRecords[position]?.call
    if (call === undefined || call.name !== this.#output.name) return undefined
    let piece = event.arguments
    if (position !== this.#toolPosition) {
      if (this.#source !== undefined) {
        const what = this.#source === "text" ? "the text and a call to the output tool" : "two calls to the output tool"
        return outputError("multiple-values", call.arguments, `the response holds two answers: ${what}`)
      }
      this.#source = "tool"
      this.#toolPosition = position
      this.#tool = PartialJson.make()
      // Fragments may have come before the call was named.
      piece = call.arguments
    }
    const pushed = this.#tool!.push(piece)
    if (Result.isFailure(pushed)) return jsonError(pushed.failure, call.arguments, `the arguments of ${call.name}`)
    if (pushed.success.due) this.#due = true
    return undefined
  }

  /**
   * The value so far, when the parser said one is due since the last one (taken once per batch of chunks:
   * the partials of one batch reach the consumer together, so only the last is worth its copy), unless it
   * is the whole value: that one comes decoded, at the end.
   */
  partial(): unknown {
    if (!this.#due) return undefined
    this.#due = false
    const parser = this.#source === "tool" ? this.#tool! : this.#text
    return this.#partials && !parser.isComplete() ? parser.snapshot() : undefined
  }

  /** The value, once the stream has ended cleanly (and the accumulator with it). */
  end(accumulator: Accumulator.Accumulator): Result.Result<A, Output.OutputError> {
    const common = accumulator.commonFinishReasons
    const answer = this.#source === "tool"
      ? accumulator.toolCallRecords[this.#toolPosition]!.call.arguments
      : accumulator.content
    if (accumulator.refusal !== "" || common.includes("content_filter")) {
      const said = accumulator.refusal !== "" ? accumulator.refusal : answer
      return Result.fail(outputError("refusal", said, `the model refused to answer (finish ${finishOf(accumulator)})`))
    }
    if (common.includes("length")) {
      return Result.fail(
        outputError("length", answer, `the answer was cut by the token limit (finish ${finishOf(accumulator)})`)
      )
    }
    if (this.#source === "tool") {
      const ended = this.#tool!.end()
      return Result.isFailure(ended)
        ? Result.fail(jsonError(ended.failure, answer, `the arguments of ${this.#output.name}`))
        : decode(this.#output, ended.success, answer)
    }
    if (answer.trim() === "") {
      const called = accumulator.toolCallRecords.map(({ call }) => call.name).filter((name) => name !== "")
      return Result.fail(outputError(
        "no-output",
        "",
        `the response has no answer: no text and no call to the output tool ${this.#output.name}${
          called.length === 0 ? "" : ` (the model called ${called.join(", ")})`
        }`
      ))
    }
    const ended = this.#textFailure === undefined ? this.#text.end() : Result.fail(this.#textFailure)
    return Result.isFailure(ended)
      ? Result.fail(jsonError(ended.failure, answer, "the answer"))
      : decode(this.#output, ended.success, answer)
  }
}

const finishOf = (accumulator: Accumulator.Accumulator): string =>
  accumulator.finishReasons.length === 0 ? "none" : accumulator.finishReasons.join(", ")

/**
 * The output a view reads: the one the stream's request asked for (its first chunk's `requestedOutput`), decoded with
 * the Schema the view was given if any (the request's name, strategy and JSON Schema are what the model was told); the
 * view's own for a stream that does not say; an `OutputError` for a stream whose request asked for none, or that does
 * not say and the view was given none.
 */
export const resolve = (
  first: ChunkCommon.Common | undefined,
  given: Output.Input | undefined
): Result.Result<Output.Output, Output.OutputError> => {
  const carried = first?.requestedOutput
  if (carried === RequestOutput.none || (carried === undefined && given === undefined)) {
    return Result.fail(outputError(
      "no-output",
      "",
      carried === RequestOutput.none
        ? "the request asked for no output: give the request an `output` to read a value from its stream"
        : "the stream does not carry its request's output: give it to `CallStream.object` or `partialObjects`"
    ))
  }
  if (carried === undefined) return Result.succeed(Output.fromInput(given!))
  const requested = Output.fromInput(carried)
  const schema = given === undefined ? requested.schema : Output.isOutput(given) ? given.schema : given
  return Result.succeed(schema === requested.schema ? requested : { ...requested, schema })
}

/**
 * The stage behind `CallStream.partialObjects` (with `partials`) and `object` (without): the partial values as they
 * grow, then the decoded value, or the `OutputError` after them. No value equals the one before it (a final value
 * equal to the last partial is left out). The output is the request's (see `resolve`), read from the first chunk.
 */
export const stream = <C extends ChunkCommon.Common, E, R>(
  self: Stream.Stream<C, E, R>,
  given: Output.Input | undefined,
  partials: boolean
): Stream.Stream<unknown, E | Output.OutputError, R> =>
  Transducer.transduce<C, unknown, Output.OutputError>(() => {
    const accumulator = new Accumulator.Accumulator()
    let fold: ObjectFold<unknown> | undefined
    let emitted = false
    let last: unknown = undefined
    const isNew = (value: unknown): boolean => !emitted || !PartialValue.equals(last, value)
    return {
      push: (chunks) => {
        if (fold === undefined) {
          const output = resolve(chunks[0], given)
          if (Result.isFailure(output)) return { out: [], next: "fail", error: output.failure }
          fold = new ObjectFold(output.success, partials)
        }
        const view = fold
        let error: Output.OutputError | undefined
        for (const chunk of chunks) {
          accumulator.push(chunk, (event) => {
            error ??= view.event(event, accumulator)
          })
          if (error !== undefined) break
        }
        const partial = view.partial()
        const out = partial === undefined || !isNew(partial) ? [] : [partial]
        if (out.length > 0) {
          emitted = true
          last = partial
        }
        return error === undefined ? { out, next: "continue" } : { out, next: "fail", error }
      },
      end: () => {
        if (fold === undefined) {
          // No chunk: the view's own output, to say there is no answer.
          const output = resolve(undefined, given)
          if (Result.isFailure(output)) return { out: [], next: "fail", error: output.failure }
          fold = new ObjectFold(output.success, partials)
        }
        const value = fold.end(accumulator.end())
        return Result.isSuccess(value)
          ? { out: isNew(value.success) ? [value.success] : [], next: "done" }
          : { out: [], next: "fail", error: value.failure }
      }
    }
  })(self)
