// A throw-away PostgreSQL for a browser test run started without one (scripts/test.mjs normally provides it).
// Prints one line `POSTGRES_ENV {"DB_HOST":…}` when ready; SIGTERM stops the server and deletes its data.
import { startPostgres, stopOnSignals } from "../../../scripts/lib/postgres.mjs"

const postgres = await startPostgres({ log: (line) => console.log(`[postgres] ${line}`) })
stopOnSignals(() => postgres.stop())
console.log(`POSTGRES_ENV ${JSON.stringify(postgres.env)}`)
setInterval(() => {}, 1 << 30)
