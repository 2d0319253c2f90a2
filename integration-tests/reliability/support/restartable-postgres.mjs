// One run of the reliability layer's own PostgreSQL server (support/postgres-server.ts): the cluster in
// PG_DATA_DIR on PG_PORT, kept on stop, so that the next run of this script starts the same server with the same
// data. Prints `POSTGRES_ENV {"DB_HOST":…}` when ready; SIGTERM is a fast shutdown (open sessions are ended).
import { startPostgres, stopOnSignals } from "../../../scripts/lib/postgres.mjs"

const postgres = await startPostgres({
  dataDir: process.env.PG_DATA_DIR,
  port: Number(process.env.PG_PORT),
  persistent: true,
  log: (line) => console.log(`[postgres] ${line}`),
})
stopOnSignals(() => postgres.stop())
console.log(`POSTGRES_ENV ${JSON.stringify(postgres.env)}`)
setInterval(() => {}, 1 << 30)
