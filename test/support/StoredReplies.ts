/**
 * Edits of a durable run's stored replies in its SQLite file or PostgreSQL database (Effect's cluster tables
 * `cluster_messages` and `cluster_replies`), as another program or a hostile disk would change them: the tests of
 * records that do not read.
 */
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import { postgresBin } from "./PostgresServer.js"

type Edit = (value: any) => unknown

/**
 * Edits, in the file, the stored reply of the message whose id ends with `suffix` (`/activity/step/1/1`): its text
 * (`change`), by default the record it holds (`edit`).
 */
export const editRow = (filename: string, suffix: string, change: (text: string) => string) => {
  const db = new DatabaseSync(filename)
  const select = db.prepare(
    "select r.id, r.payload from cluster_replies r join cluster_messages m on m.request_id = r.request_id " +
      "where m.message_id like ?"
  )
  select.setReadBigInts(true)
  const row = select.get(`%${suffix}`) as { id: bigint; payload: string }
  db.prepare("update cluster_replies set payload = ? where id = ?").run(change(row.payload), row.id)
  db.close()
}

/** `editRow` in the PostgreSQL database at `url`, through `psql`. */
export const editPostgresRow = (url: string, suffix: string, change: (text: string) => string) => {
  const psql = (sql: string) =>
    ChildProcess.execFileSync(Path.join(postgresBin!, "psql"), [
      url,
      "-X",
      "-A",
      "-t",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      sql
    ])
      .toString()
  const select = "select r.id || ' ' || r.payload from cluster_replies r join cluster_messages m " +
    `on m.request_id = r.request_id where m.message_id like '%${suffix}'`
  const row = psql(select).trim()
  const space = row.indexOf(" ")
  const text = change(row.slice(space + 1))
  if (text.includes("$edit$")) throw new Error("the edited text holds the quote")
  psql(`update cluster_replies set payload = $edit$${text}$edit$ where id = ${row.slice(0, space)}`)
}

/** A change of a reply's text that edits the record it holds. */
export const record = (edit: Edit) => (text: string) => {
  const payload = JSON.parse(text)
  payload.value.exit.value = edit(payload.value.exit.value)
  return JSON.stringify(payload)
}
