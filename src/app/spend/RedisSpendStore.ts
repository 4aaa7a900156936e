/**
 * Spend limits in Redis: one hash per key and window length (its window's `start` and what it holds, in
 * nanodollars), expiring when that window ends, on Redis's clock (`TIME`), so instances whose clocks disagree share
 * each window exactly. A reservation and a settlement are each one Lua script, so concurrent calls of a key on any
 * number of instances never take a window past its limit.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as SpendStore from "../../core/spend/SpendStore.js"
import * as RedisConnection from "../store/RedisConnection.js"

/**
 * KEYS[1]'s entry as `stored` (its `start` and `spent`), refused unless both are whole numbers from 0 to 2^53, as
 * the library writes them, or both absent: what Redis holds is read as hostile (a `nan` or a negative `spent` would
 * lift the limit). `most` is the most an entry holds: a settlement past it (a provider reporting a huge usage) is
 * held there, still over any limit, rather than overflowing Lua's `%d`.
 */
const storedEntry = `
local most = 9007199254740992
local function whole(value)
  local number = tonumber(value)
  return number ~= nil and number >= 0 and number <= most and number == math.floor(number)
end
local stored = redis.call('HMGET', KEYS[1], 'start', 'spent')
if (stored[1] or stored[2]) and not (whole(stored[1]) and whole(stored[2])) then
  return redis.error_reply('ERR a spend limit entry holds what the library did not write')
end
`

/**
 * The window now is in, on Redis's clock (`now % window`: exact for integers below 2^53). Effects replication
 * (the default from Redis 7, asked for before) lets the script write after reading the clock.
 */
const windowNow = `
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[6])
local start = now - (now % window)
${storedEntry}
local spent = 0
if tonumber(stored[1]) == start then spent = tonumber(stored[2]) end
`

/**
 * KEYS[1]: the key's entry for the window length; ARGV: limit, input, cost per output token, most output tokens,
 * fewest output tokens, the window's length (ms). Answers `{1, amount, cap, start, end}` when it reserved, `{0,
 * spent, end}` when there is no room (the same decision as `SpendStore.decide`). Numbers are Lua doubles:
 * integers are exact to 2^53.
 */
const reserveScript = `${windowNow}
local limit, input, per, most = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local least = math.max(1, math.min(tonumber(ARGV[5]), most))
local reset = start + window
local left = limit - spent - input
local cap = most
if per > 0 then cap = math.min(most, math.floor(left / per)) end
while cap >= 1 and math.ceil(cap * per) > left do cap = cap - 1 end
if left < 0 or cap < least then return {0, string.format('%d', spent), string.format('%d', reset)} end
local amount = input + math.ceil(cap * per)
redis.call('HSET', KEYS[1], 'start', string.format('%d', start), 'spent', string.format('%d', spent + amount))
redis.call('PEXPIRE', KEYS[1], string.format('%d', reset - now))
return {1, string.format('%d', amount), string.format('%d', cap), string.format('%d', start),
  string.format('%d', reset)}
`

/**
 * KEYS[1]: the entry; ARGV[1]: the new amount minus the one held, ARGV[2]: the reservation's window start. A window
 * that is over (its entry gone, or holding a later window) stays as it is.
 */
const settleScript = `${storedEntry}
if tonumber(stored[1]) == tonumber(ARGV[2]) then
  local spent = math.min(most, math.max(0, tonumber(stored[2]) + tonumber(ARGV[1])))
  redis.call('HSET', KEYS[1], 'spent', string.format('%d', spent))
end
return 1
`

/** KEYS[1]: the entry; ARGV[6]: the window's length (ms). Answers what the window now is in holds; writes nothing. */
const spentScript = `${windowNow}
return string.format('%d', spent)
`

const whole = (amount: number): string => Math.round(amount).toFixed(0)

/** A store over one connection to `url`, whose entries are named `prefix` + key + `:` + the window's length. */
export const make = (url: RedisConnection.Url, prefix: string) =>
  Effect.gen(function*() {
    const connect = yield* RedisConnection.open(url, "SpendLimit.layerRedis")
    const client = yield* Effect.acquireRelease(connect, (client) => Effect.sync(() => client.destroy()))
    const reserve = yield* RedisConnection.loadScript(client, reserveScript)
    const settle = yield* RedisConnection.loadScript(client, settleScript)
    const spent = yield* RedisConnection.loadScript(client, spentScript)
    const store: SpendStore.Store = {
      reserve: (ask) => {
        const entry = `${prefix}${ask.key}:${ask.windowMillis}`
        return Effect.map(
          RedisConnection.sendScript(client, reserve, [entry], [
            whole(ask.limit),
            whole(ask.input),
            String(ask.perToken),
            whole(ask.maxTokens),
            whole(ask.minTokens),
            whole(ask.windowMillis)
          ]),
          (answer): SpendStore.Reservation | SpendStore.Full => {
            const [reserved, amount, cap, start, end] = (answer as ReadonlyArray<number | string>).map(Number)
            return reserved === 1
              ? { _tag: "Reserved", entry, amount: amount!, maxTokens: cap!, start: start!, resetsAt: end! }
              : { _tag: "Full", spent: amount!, resetsAt: cap! }
          }
        )
      },
      spent: (key, windowMillis) => {
        // The script reads the window's length where the reservation's does (ARGV[6]).
        const args = ["", "", "", "", "", whole(windowMillis)]
        return Effect.map(RedisConnection.sendScript(client, spent, [`${prefix}${key}:${windowMillis}`], args), Number)
      },
      settle: (reservation, amount) => {
        const args = [whole(Math.ceil(amount) - reservation.amount), whole(reservation.start)]
        return Effect.asVoid(RedisConnection.sendScript(client, settle, [reservation.entry], args))
      }
    }
    return store
  })
