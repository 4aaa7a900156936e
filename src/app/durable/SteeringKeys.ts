/**
 * Messages steered or queued into a durable run (`DurableLoop.steer`, `.queue`), journaled with the run by its
 * engine: each in a slot of its own, a durable deferred `steering/<k>` (k from 1; the first write of a slot holds, so
 * a sender whose write lost takes the next), taken by the run in an activity of a step boundary that marks it
 * (`steering/taken/<k>`, holding the boundary's name: an activity run again after a crash takes the same ones). The
 * run marks itself open to messages as it starts (`steering/open`) and closed as it ends (`steering/closed`), then
 * tells back what it ends without. A run holds at most `maxMessages` messages in all.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as DurableDeferred from "effect/workflow/DurableDeferred"
import type * as Workflow from "effect/workflow/Workflow"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import * as Message from "../../core/Message.js"
import * as Steering from "../loop/Steering.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as StreamIds from "../store/StreamIds.js"

/** The most messages a durable run holds, taken or not. */
export const maxMessages = 64

/** A message in its slot: how it is taken, its id, the sender's nonce (whose write holds), and the message. */
export const Sent = Schema.Struct({
  kind: Schema.Literals(["steer", "queue"]),
  id: Schema.String,
  nonce: Schema.String,
  message: Message.UserMessage
})

const slotOf = (k: number) => DurableDeferred.make(`steering/${k}`, { success: Sent })
const takenOf = (k: number) => DurableDeferred.make(`steering/taken/${k}`, { success: Schema.String })
const opened = DurableDeferred.make("steering/open")
const closed = DurableDeferred.make("steering/closed")

type Engine = WorkflowEngine.WorkflowEngine | WorkflowEngine.WorkflowInstance

/** The value a deferred of the current run holds, if it holds one. */
const valueOf = <A extends Schema.Constraint>(deferred: DurableDeferred.DurableDeferred<A>) =>
  Effect.flatMap(
    WorkflowEngine.WorkflowEngine,
    (engine) =>
      Effect.map(engine.deferredResult(deferred), (result) =>
        Option.isSome(result) && Exit.isSuccess(result.value)
          ? Option.some(result.value.value as A["Type"])
          : Option.none())
  )

/** Settles a deferred of the current run with `value`, from inside it (the first value holds). */
const settleHere = <A extends Schema.Constraint>(deferred: DurableDeferred.DurableDeferred<A>, value: A["Type"]) =>
  Effect.flatMap(
    DurableDeferred.token(deferred),
    (token) => DurableDeferred.done(deferred, { token, exit: Exit.succeed(value) })
  )

/** Marks the run open to messages (once, as it starts). */
export const markOpen: Effect.Effect<void, never, Engine> = Effect.asVoid(
  Effect.flatMap(valueOf(opened), (value) => Option.isSome(value) ? Effect.void : settleHere(opened, undefined))
)

/** Marks the run closed to messages (once, as it ends): a sender is then told `Ended`. */
export const markClosed: Effect.Effect<void, never, Engine> = Effect.asVoid(
  Effect.flatMap(valueOf(closed), (value) => Option.isSome(value) ? Effect.void : settleHere(closed, undefined))
)

/**
 * Takes, in an activity of the boundary `boundary`, the messages of `kinds` no other boundary took, in the order
 * sent, an id sent twice once; marks each taken by this boundary (so a run of the activity again takes the same).
 */
export const take = (
  kinds: ReadonlyArray<Steering.Kind>,
  boundary: string
): Effect.Effect<Array<StepEvents.NotDelivered>, never, Engine> =>
  Effect.gen(function*() {
    const out: Array<StepEvents.NotDelivered> = []
    const ids = new Set<string>()
    for (let k = 1; k <= maxMessages; k++) {
      const slot = yield* valueOf(slotOf(k))
      if (Option.isNone(slot)) break
      const { id, kind, message } = slot.value
      const taken = yield* valueOf(takenOf(k))
      const mine = Option.isSome(taken) && taken.value === boundary
      if ((Option.isSome(taken) && !mine) || !kinds.includes(kind)) {
        ids.add(id)
        continue
      }
      if (!mine) yield* settleHere(takenOf(k), boundary)
      if (!ids.has(id)) out.push({ id, kind, message })
      ids.add(id)
    }
    return out
  })

/** The values of the run `engineId`'s deferreds, read from outside the run. */
const readerOf = (workflow: Workflow.Any, engineId: string) =>
  Effect.map(WorkflowEngine.WorkflowEngine, (engine) => {
    const instance = WorkflowEngine.WorkflowInstance.initial(workflow, engineId)
    return <A extends Schema.Constraint>(deferred: DurableDeferred.DurableDeferred<A>) =>
      Effect.provideService(valueOf(deferred), WorkflowEngine.WorkflowInstance, instance).pipe(
        Effect.provideService(WorkflowEngine.WorkflowEngine, engine)
      )
  })

/** A sender's bounds: how many messages may wait at once, and the most bytes of one (its JSON). */
export interface Bounds {
  readonly maxPending: number
  readonly maxBytes: number
}

const refused = (executionId: string, reason: Steering.SteeringError["reason"], message: string) =>
  new Steering.SteeringError({
    reason,
    streamId: executionId,
    message,
    ...(reason === "Full" ? { retryAfterMillis: 1000 } : {})
  })

/** The run a message goes to: its workflow, its id in the engine and to the sender, and whether it has ended. */
export interface Target {
  readonly workflow: Workflow.Any
  readonly engineId: string
  readonly executionId: string
  /** Whether the engine holds the run's result: it ended, closed to messages or not (a failure it did not see). */
  readonly hasEnded: Effect.Effect<boolean, never, WorkflowEngine.WorkflowEngine>
}

/**
 * Journals `message` with the run `engineId` (`executionId` to the sender) as `kind`, in the first free slot: `{ id }`,
 * or why not (`NotFound`: no run of that id and owner takes messages; `Ended`; `TooLarge`; `Full`).
 */
export const send = (
  { engineId, executionId, hasEnded, workflow }: Target,
  kind: Steering.Kind,
  message: Message.UserMessage,
  id: string,
  bounds: Bounds
): Effect.Effect<{ readonly id: string }, Steering.SteeringError, WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function*() {
    const read = yield* readerOf(workflow, engineId)
    if (Option.isNone(yield* read(opened))) {
      return yield* refused(executionId, "NotFound", `No durable run ${JSON.stringify(executionId)} takes messages`)
    }
    const ended = refused(executionId, "Ended", `The durable run ${JSON.stringify(executionId)} has ended`)
    // Closed by its end, or ended without it (a failure the run did not see coming).
    if (Option.isSome(yield* read(closed)) || (yield* hasEnded)) {
      return yield* ended
    }
    if (
      new TextEncoder().encode(JSON.stringify(Schema.encodeSync(Message.UserMessage)(message))).length > bounds.maxBytes
    ) {
      return yield* refused(
        executionId,
        "TooLarge",
        `The message is larger than the ${bounds.maxBytes} bytes a run takes`
      )
    }
    const nonce = StreamIds.newId()
    let pending = 0
    for (let k = 1; k <= maxMessages; k++) {
      const slot = yield* read(slotOf(k))
      if (Option.isNone(slot)) {
        if (pending >= bounds.maxPending) {
          return yield* refused(executionId, "Full", `${bounds.maxPending} messages already wait for the run`)
        }
        yield* DurableDeferred.done(slotOf(k), {
          token: DurableDeferred.tokenFromExecutionId(slotOf(k), { workflow, executionId: engineId }),
          exit: Exit.succeed({ kind, id, nonce, message })
        })
        const held = yield* read(slotOf(k))
        if (Option.isSome(held) && held.value.nonce === nonce) {
          return Option.isSome(yield* read(closed)) ? yield* ended : { id }
        }
      }
      const value = Option.isSome(slot) ? slot.value : Option.getOrUndefined(yield* read(slotOf(k)))
      if (value?.id === id) return { id }
      if (Option.isNone(yield* read(takenOf(k)))) pending++
    }
    return yield* refused(executionId, "Full", `A durable run takes at most ${maxMessages} messages`)
  })
