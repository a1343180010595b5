// Child process for embeddedServer.test.ts: one "app process" hammering the embedded server
// through its own pg Pool. Prints a JSON summary on stdout.
// argv: <url> <name> <transactions>
import pg from 'pg';

const [url, who, count] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 4 });
let crossTalk = 0;

async function ledgerTransaction() {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM ledger');
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3)); // hold the transaction open
    await client.query('INSERT INTO ledger (who, seen) VALUES ($1, $2)', [who, rows[0].n]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function echo(i) {
  // Statement text differs per process and per i, so a statement swapped between connections shows.
  const { rows } = await pool.query(`SELECT $1::int AS i, '${who}' AS who_${i % 5}`, [i]);
  if (rows[0]?.i !== i || rows[0]?.[`who_${i % 5}`] !== who) crossTalk++;
}

const jobs = [];
for (let i = 0; i < Number(count); i++) jobs.push(ledgerTransaction(), echo(i), echo(i + 100_000));
const results = await Promise.allSettled(jobs);
const errors = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason?.message ?? r.reason));
await pool.end();
process.stdout.write(JSON.stringify({ who, crossTalk, errors }));
