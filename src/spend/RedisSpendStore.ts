/**
 * Spend limits in Redis, shared by every instance: one integer per key and window (nanodollars), expiring when
 * its window ends. A reservation and a settlement are each one Lua script, so concurrent calls of a key on any
 * number of instances never take a window past its limit: the check, the cap and the increment happen at once.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as RedisConnection from "../store/RedisConnection.js"
import * as SpendStore from "./SpendStore.js"

/**
 * KEYS[1]: the window's entry; ARGV: limit, input, cost per output token, most output tokens, the window's end
 * (ms). Answers `{1, amount, cap}` when it reserved, `{0, spent}` when there is no room (the same decision as
 * `SpendStore.decide`). Numbers are Lua doubles: integers are exact to 2^53.
 */
const reserveScript = `
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit, input, per, most = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local left = limit - spent - input
local cap = most
if per > 0 then cap = math.min(most, math.floor(left / per)) end
while cap >= 1 and math.ceil(cap * per) > left do cap = cap - 1 end
if left < 0 or cap < 1 then return {0, string.format('%d', spent)} end
local amount = input + math.ceil(cap * per)
redis.call('INCRBY', KEYS[1], string.format('%d', amount))
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return {1, string.format('%d', amount), string.format('%d', cap)}
`

/** KEYS[1]: the entry; ARGV[1]: settled minus reserved. A window that is over (its entry gone) stays gone. */
const settleScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('INCRBY', KEYS[1], ARGV[1]) < 0 then redis.call('SET', KEYS[1], '0', 'KEEPTTL') end
end
return 1
`

const whole = (amount: number): string => Math.round(amount).toFixed(0)

/** A store over one connection to `url`, whose entries are named `prefix` + key + `:` + the window's start. */
export const make = (url: string, prefix: string) =>
  Effect.gen(function*() {
    const connect = yield* RedisConnection.open(url)
    const client = yield* Effect.acquireRelease(connect, (client) => Effect.sync(() => client.destroy()))
    const store: SpendStore.Store = {
      reserve: (ask) => {
        const window = SpendStore.windowOf(ask.now, ask.windowMillis)
        const entry = `${prefix}${ask.key}:${window.start}`
        return Effect.map(
          RedisConnection.send(client, [
            "EVAL",
            reserveScript,
            "1",
            entry,
            whole(ask.limit),
            whole(ask.input),
            String(ask.perToken),
            whole(ask.maxTokens),
            whole(window.end)
          ]),
          (answer): SpendStore.Reservation | SpendStore.Full => {
            const [reserved, amount, cap] = answer as ReadonlyArray<number | string>
            return Number(reserved) === 1
              ? { _tag: "Reserved", entry, amount: Number(amount), maxTokens: Number(cap) }
              : { _tag: "Full", spent: Number(amount), resetsAt: window.end }
          }
        )
      },
      settle: (reservation, amount) =>
        Effect.asVoid(
          RedisConnection.send(client, [
            "EVAL",
            settleScript,
            "1",
            reservation.entry,
            whole(Math.ceil(amount) - reservation.amount)
          ])
        )
    }
    return store
  })
