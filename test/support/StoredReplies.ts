/**
 * Edits of a durable run's stored replies in its SQLite file (Effect's cluster tables `cluster_messages` and
 * `cluster_replies`), as another program or a hostile disk would change them: the tests of records that do not read.
 */
import { DatabaseSync } from "node:sqlite"

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

/** A change of a reply's text that edits the record it holds. */
export const record = (edit: Edit) => (text: string) => {
  const payload = JSON.parse(text)
  payload.value.exit.value = edit(payload.value.exit.value)
  return JSON.stringify(payload)
}
