/**
 * How a stream lies in Redis, and the scripts that change it. A stream is one Redis stream key whose entry ids
 * are `<index>-<generation>`: the start entry `0-G` (field `s`), chunk `i` as `<i+1>-G` (field `c`, its JSON),
 * the end as `<n+1>-G` (field `e`, the reason). The generation `G` is drawn at random when the stream is
 * created, so a reader's cursor (`<i>-G`) names the stream it started on: an id re-used for a new stream has
 * another generation, and every entry a reader gets says which stream it is from. Each write runs as one
 * script (checks and writes together) and pushes the key's expiry `ttl` ahead (an append only now and then).
 */
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import * as Model from "./StreamStoreModel.js"

/** A Lua function: the last entry of a stream's key, as its index, its generation and whether it is the end. */
const head = `
local function head(key)
  local last = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
  if last[1] == nil then return nil end
  local id = last[1][1]
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), string.sub(id, dash + 1), last[1][2][1] == 'e'
end`

/** A Lua function: the value kept under `key` (`false`: none), `{'!'}` in its place when it holds over `most` bytes. */
const kept = `
local function kept(key, most)
  local value = redis.call('GET', key)
  if value and #value > tonumber(most) then return {'!'} end
  return value
end`

/**
 * Opens a stream of generation ARGV[2]: fails (0) if an open one has the key, replaces an ended one (with ARGV[3], only
 * the ended one of that generation, or, "-", none); clears a stop flag left by an earlier stream of the key. With
 * KEYS[3], answers `{1, kept}` once it opened the stream, `kept` the value under KEYS[3] as `value` reads it (ARGV[4]
 * its bound): read after the create, in the same script.
 */
export const create = `${head}${kept}
local index, generation, ended = head(KEYS[1])
if index ~= nil and not ended then return 0 end
if ARGV[3] and ARGV[3] ~= '' and ARGV[3] ~= (generation or '-') then return 0 end
redis.call('DEL', KEYS[1])
redis.call('XADD', KEYS[1], '0-' .. ARGV[2], 's', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
if KEYS[3] == nil then return 1 end
return {1, kept(KEYS[3], ARGV[4])}`

/**
 * Appends to many streams at once: for key `k`, ARGV holds its generation (empty: whichever is stored),
 * whether to push its expiry `ttl` ahead ("1": a writer does it now and then, not on every append), its chunk
 * count and the chunks. Each answers the index of its first chunk, -1 if no stream of that generation is
 * stored, -2 if it has ended.
 */
export const append = `${head}
local at = 2
local results = {}
for k = 1, #KEYS do
  local generation = ARGV[at]
  local expire = ARGV[at + 1] == '1'
  local count = tonumber(ARGV[at + 2])
  at = at + 3
  local index, stored, ended = head(KEYS[k])
  local result = -1
  if index ~= nil and (generation == '' or generation == stored) then
    if ended then
      result = -2
    else
      for i = 1, count do
        redis.call('XADD', KEYS[k], string.format('%d-%s', index + i, stored), 'c', ARGV[at + i - 1])
      end
      if expire then redis.call('PEXPIRE', KEYS[k], ARGV[1]) end
      result = index
    end
  end
  at = at + count
  results[k] = result
end
return results`

/**
 * Ends the stream of generation ARGV[3] (empty: whichever is stored) once, its expiry then `ttl` ahead (unless
 * `expire` set it: see `write`):
 * answers its chunk count, -1 without such a stream, -2 if it had ended already.
 */
export const end = `${head}
local count, stored, ended = head(KEYS[1])
if count == nil or (ARGV[3] ~= '' and ARGV[3] ~= stored) then return -1 end
if ended then return -2 end
redis.call('XADD', KEYS[1], string.format('%d-%s', count + 1, stored), 'e', ARGV[2])
-- An expiry set by expire (in the writers' hash KEYS[2], of this generation) is kept.
if redis.call('HGET', KEYS[2], 'g') ~= stored or not redis.call('HGET', KEYS[2], 'x') then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count`

/**
 * -1: no such stream; 0: it has ended; else the stop flag is set to the stream's generation and the writer
 * told (`<key> <generation>` on the channel ARGV[2]): a stop of an earlier stream under the key, however late it
 * arrives, stops no later one.
 */
export const stop = `${head}
local index, generation, ended = head(KEYS[1])
if index == nil then return -1 end
if ended then return 0 end
redis.call('SET', KEYS[2], generation, 'PX', ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3] .. ' ' .. generation)
return 1`

/**
 * A producer's check (`StreamStoreModel.producerCheck`, the same rules): its state `<epoch>:<seq>` or false, and
 * its write; nil when it is taken, else the refusal as `write` answers it.
 */
const producerCheck = `
local function producerCheck(state, epoch, seq)
  if not state then
    if seq ~= 0 then return {5, 0} end
    return nil
  end
  local colon = string.find(state, ':', 1, true)
  local stateEpoch = tonumber(string.sub(state, 1, colon - 1))
  local stateSeq = tonumber(string.sub(state, colon + 1))
  if epoch < stateEpoch then return {3, stateEpoch} end
  if epoch > stateEpoch then
    if seq ~= 0 then return {4} end
    return nil
  end
  if seq <= stateSeq then return {2, stateSeq} end
  if seq ~= stateSeq + 1 then return {5, stateSeq + 1} end
  return nil
end`

/** Whether string `a` sorts after `b` byte by byte (Lua's own `<` follows the server's locale). */
const after = `
local function after(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end`

/**
 * A checked write (`Service.write`) to the stream KEYS[1], whose writers' state is the hash KEYS[2] (field `g` the
 * generation it is of, `s` the last Stream-Seq, `p:<id>` a producer's `<epoch>:<seq>`, `x` when the stream expires
 * if `expire` set it: a write keeps it; it expires with the stream). ARGV: ttl, seq ('' none), producer id ('' none),
 * epoch, producer seq, '1' to end, the most producers, the chunks. Answers {0, count, ended}: written; {1}: no stream;
 * {2, seq, count, ended}: a duplicate; {3, epoch}: stale; {4}: a new epoch not at 0; {5, expected}: a gap; {6, count}:
 * ended; {7}: seq conflict; {8}: too many producers.
 */
export const write = `${head}${producerCheck}${after}
local index, stored, ended = head(KEYS[1])
if index == nil then return {1} end
local count = index
if ended then count = index - 1 end
local fresh = redis.call('HGET', KEYS[2], 'g') ~= stored
local id = ARGV[3]
local state = false
local check = nil
if id ~= '' then
  if not fresh then state = redis.call('HGET', KEYS[2], 'p:' .. id) end
  check = producerCheck(state, tonumber(ARGV[4]), tonumber(ARGV[5]))
end
if check ~= nil and check[1] == 2 then return {2, check[2], count, ended and 1 or 0} end
local chunks = #ARGV - 7
if ended then
  if chunks == 0 and ARGV[6] == '1' and id == '' then return {0, count, 1} end
  return {6, count}
end
if check ~= nil then return check end
if ARGV[2] ~= '' and not fresh then
  local last = redis.call('HGET', KEYS[2], 's')
  if last and not after(ARGV[2], last) then return {7} end
end
if id ~= '' and not state and not fresh and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[7]) + 2 then return {8} end
if fresh then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[2], 'g', stored)
end
for i = 1, chunks do
  redis.call('XADD', KEYS[1], string.format('%d-%s', count + i, stored), 'c', ARGV[7 + i])
end
count = count + chunks
if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], 's', ARGV[2]) end
if id ~= '' then redis.call('HSET', KEYS[2], 'p:' .. id, ARGV[4] .. ':' .. ARGV[5]) end
if ARGV[6] == '1' then redis.call('XADD', KEYS[1], string.format('%d-%s', count + 1, stored), 'e', 'completed') end
local at = redis.call('HGET', KEYS[2], 'x')
if at then
  redis.call('PEXPIREAT', KEYS[1], at)
  redis.call('PEXPIREAT', KEYS[2], at)
else
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
return {0, count, ARGV[6] == '1' and 1 or 0}`

/**
 * Sets when the stream KEYS[1] expires (ARGV[1], epoch milliseconds), kept in its writers' hash KEYS[2] (field `x`)
 * so that a write keeps it: 1, or 0 if it is not there.
 */
export const expire = `${head}
local index, stored = head(KEYS[1])
if index == nil then return 0 end
if redis.call('HGET', KEYS[2], 'g') ~= stored then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[2], 'g', stored)
end
redis.call('HSET', KEYS[2], 'x', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[2], ARGV[1])
return 1`

/** Deletes the stream KEYS[1] with its writers' state and stop flag (KEYS[2], KEYS[3]): 1, or 0 if it is not there. */
export const remove = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 1`

/** The id of each key's last entry, `false` (a null reply) for a key that is gone. */
export const lastIds = `
local out = {}
for i = 1, #KEYS do
  local last = redis.call('XREVRANGE', KEYS[i], '+', '-', 'COUNT', 1)
  if last[1] == nil then out[i] = false else out[i] = last[1][1] end
end
return out`

/** The first line of a script that writes nothing: it runs while Redis pauses writes (Redis 7 "Script flags"). */
const readsOnly = "#!lua flags=no-writes"

/**
 * The last entry of the stream KEYS[1] without its chunk: its id and first field (`false` for a key that is gone), so
 * that a read's start never takes in an entry whatever its size.
 */
export const last = `${readsOnly}
local entries = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if entries[1] == nil then return false end
return {entries[1][1], entries[1][2][1]}`

/**
 * A page of the stream KEYS[1] after the entry id ARGV[1]: at most ARGV[2] entries and ARGV[3] bytes of their fields
 * (one entry at least). An entry whose fields hold more than ARGV[3] bytes ends the page as `{id, {'!'}}`, its fields
 * left in Redis: no writer of this library writes one (`oversized`), so a reader learns it is another program's.
 */
export const page = `${readsOnly}
local entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
local most = tonumber(ARGV[3])
local out = {}
local bytes = 0
for i, entry in ipairs(entries) do
  local size = 0
  for _, field in ipairs(entry[2]) do size = size + #field end
  if size > most then
    out[i] = {entry[1], {'!'}}
    return out
  end
  if i > 1 and bytes + size > most then return out end
  bytes = bytes + size
  out[i] = entry
end
return out`

/** The value kept under KEYS[1] (`false`: none), `{'!'}` in its place when it holds over ARGV[1] bytes (left there). */
export const value = `${readsOnly}${kept}
return kept(KEYS[1], ARGV[1])`

/**
 * Keeps ARGV[3] under KEYS[1] for ARGV[4] milliseconds (1) if what it holds is still ARGV[2] (ARGV[1] "1"), or nothing
 * (ARGV[1] "0"); else does nothing (0). The compare and the set in one script: no other write comes between.
 */
export const swap = `
local kept = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if kept ~= ARGV[2] then return 0 end
elseif kept then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
return 1`

/** The scripts a store loads into Redis when it is built. */
export const sources = { create, append, end, stop, lastIds, write, remove, expire, last, page, value, swap }

/**
 * The most bytes of UTF-8 a chunk's JSON (or a kept value's) may hold in Redis: 16 MiB, past the largest a write of
 * `DurableStreams` takes by default (an 8 MiB body, base64 in its chunk). A write of a larger one is refused
 * (`tooLarge`); an entry or value over it is another program's, and no read takes in more than it of a page (`page`),
 * an entry or a value (`value`).
 */
export const maxChunkBytes = 16 * 1024 * 1024

/**
 * Whether `json` is over `maxChunkBytes` of UTF-8 (a pair of surrogates 4 bytes, any other code unit past U+07FF 3):
 * counted only for a text long enough to be (a code unit is at most 3 bytes).
 */
export const oversized = (json: string): boolean => {
  if (json.length > maxChunkBytes) return true
  if (json.length * 3 <= maxChunkBytes) return false
  let bytes = 0
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code < 0xdc00 && (json.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes > maxChunkBytes
}

/**
 * The failure of a write holding a chunk, or a kept value, over `maxChunkBytes` (`Full`, with no time to wait: it
 * never fits).
 */
export const tooLarge = (streamId: string, what: "chunk" | "value" = "chunk"): Model.StreamStoreError =>
  new Model.StreamStoreError({
    reason: "Full",
    streamId,
    message: `A ${what} of over ${maxChunkBytes} bytes of JSON is more than a stored ${what} may hold`
  })

/** A stream entry as Redis answers it. */
export type Entry = readonly [id: string, fields: ReadonlyArray<string>]

/** The index and generation of an entry id `<index>-<generation>`. */
export const positionOf = (id: string): { readonly index: number; readonly generation: string } => {
  const dash = id.indexOf("-")
  return { index: Number(id.slice(0, dash)), generation: id.slice(dash + 1) }
}

/** The entry id a reader at chunk `cursor` of generation `generation` reads after. */
export const cursorId = (cursor: number, generation: string): string => `${cursor}-${generation}`

/** What a stream's last entry says (`last`'s reply: its id and field, as `head` in Lua); `undefined` without one. */
export const headOf = (
  reply: unknown
): { readonly generation: string; readonly count: number; readonly ended: boolean } | undefined => {
  if (!Array.isArray(reply) || typeof reply[0] !== "string") return undefined
  const { generation, index } = positionOf(reply[0])
  const ended = reply[1] === "e"
  return { generation, count: ended ? index - 1 : index, ended }
}

/**
 * The entries of an `XREAD` reply, by key: RESP3 (the client's default with Redis 7 and later) answers a map
 * `{ key: [[id, [field, value]], ...] }`, RESP2 `[[key, [...]], ...]`; no entries, `null`.
 */
export const entriesByKey = (reply: unknown): ReadonlyArray<readonly [string, ReadonlyArray<Entry>]> => {
  if (reply === null || reply === undefined) return []
  if (Array.isArray(reply)) {
    return reply.filter((item): item is [string, Array<Entry>] => Array.isArray(item) && Array.isArray(item[1]))
  }
  if (reply instanceof Map) return [...reply.entries()] as Array<[string, Array<Entry>]>
  if (typeof reply === "object") return Object.entries(reply as Record<string, Array<Entry>>)
  return []
}

/** What a run of entries of one stream holds for a reader of generation `generation`. */
export interface Read {
  readonly chunks: Array<Model.StoredChunk>
  /** The index of the first chunk. */
  readonly index: number
  /** Whether the stream ended after the chunks. */
  readonly ended: boolean
  /** Whether an entry of another generation came: the stream was replaced. */
  readonly replaced: boolean
  /** Whether an entry this library does not write came (a gap, another field, a chunk not JSON or too large). */
  readonly foreign: boolean
}

/**
 * The chunk a `c` entry's JSON holds (any JSON value: a client's JSON stream keeps its values as they came),
 * `undefined` for text that is not JSON, is over `maxChunkBytes`, or nests deeper than `JsonDepth.maxDepth` (another
 * program's entry: served, it would be sent to every reader, or run the serving code out of stack).
 */
const chunkOf = (json: string | undefined): Model.StoredChunk | undefined => {
  try {
    return typeof json !== "string" || oversized(json) || JsonDepth.nestsTooDeep(json)
      ? undefined
      : JSON.parse(json) as Model.StoredChunk
  } catch {
    return undefined
  }
}

/**
 * The chunks of `entries` for a reader of `generation`, up to the end or an entry of another generation; each entry
 * the one after the one before (from index `from + 1`, when given): a gap, or an entry this library does not write
 * (another field, more fields than one, a chunk not JSON or over `maxChunkBytes`), stops the run, `foreign`.
 */
export const readEntries = (entries: ReadonlyArray<Entry>, generation: string, from?: number): Read => {
  const chunks: Array<Model.StoredChunk> = []
  const first = entries.length === 0 ? from ?? 0 : positionOf(entries[0]![0]).index - 1
  const start = from ?? first
  const result = (ended: boolean, replaced: boolean, foreign: boolean): Read => ({
    chunks,
    index: first,
    ended,
    replaced,
    foreign
  })
  for (const [id, fields] of entries) {
    const position = positionOf(id)
    if (position.generation !== generation) return result(false, true, false)
    if (position.index !== start + chunks.length + 1) return result(false, false, true)
    if (fields.length !== 2) return result(false, false, true)
    if (fields[0] === "e") return result(true, false, false)
    const chunk = fields[0] === "c" ? chunkOf(fields[1]) : undefined
    if (chunk === undefined) return result(false, false, true)
    chunks.push(chunk)
  }
  return result(false, false, false)
}
