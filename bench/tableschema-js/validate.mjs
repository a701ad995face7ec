// Validates a CSV file against a Table Schema with tableschema-js (npm package `tableschema`),
// the way its README shows: Table.load(source, { schema }) then reading every row with
// forceCast: true, so that failing rows come back as TableSchemaError objects instead of
// stopping the read. We iterate (table.iter) rather than table.read() so the rows are not all kept
// in memory: same casting and checks, streaming like Socle.
//
// usage: node validate.mjs --modules DIR FILE.csv SCHEMA.json
//   DIR: a folder holding node_modules/tableschema (bench/run installs it into a mktemp -d folder)
// prints one JSON line: {"engine","rows","invalidRows","errors","byKind","seconds","maxRssMB"}
// exit code: 0 valid, 1 invalid, 2 unusable input (same convention as `socle validate`)
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import path from 'node:path'

const args = process.argv.slice(2)
let modules = process.env.TABLESCHEMA_DIR
const positional = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--modules') modules = args[++i]
  else positional.push(args[i])
}
if (!modules || positional.length !== 2) {
  console.error('usage: node validate.mjs --modules DIR FILE.csv SCHEMA.json')
  process.exit(2)
}
const [file, schemaPath] = positional
const require = createRequire(path.join(path.resolve(modules), 'node_modules', 'noop.js'))
const { Table } = require('tableschema')

// Classifies one tableschema-js error message into a frictionless-like kind.
function kindOf(error) {
  const m = String(error.message)
  if (m.includes('is not type')) return 'type-error'
  const c = /to the "(\w+)" constraint/.exec(m)
  if (c) return `constraint-error:${c[1]}`
  if (m.includes('unique constraint')) return 'unique-error'
  if (m.includes('does not match the')) return 'row-length'
  return 'other'
}

const started = process.hrtime.bigint()
let rows = 0
let invalidRows = 0
let errors = 0
const byKind = {}
try {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'))
  // delimiter given: skips tableschema-js's sniffing of the first chunk (the file is plain RFC 4180).
  const table = await Table.load(file, { schema, delimiter: ',' })
  if (!table.schema || !table.schema.valid) {
    console.error('schema is not valid:', (table.schema?.errors ?? []).map((e) => e.message).join('; '))
    process.exit(2)
  }
  const iterator = await table.iter({ forceCast: true })
  for await (const row of iterator) {
    rows++
    if (row instanceof Error) {
      invalidRows++
      const nested = row.errors && row.errors.length ? row.errors : [row]
      for (const e of nested) {
        errors++
        const k = kindOf(e)
        byKind[k] = (byKind[k] || 0) + 1
      }
    }
  }
} catch (error) {
  console.error('tableschema-js failed:', error && error.message ? error.message : error)
  process.exit(2)
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9
console.log(
  JSON.stringify({
    engine: 'tableschema-js',
    rows,
    invalidRows,
    errors,
    byKind,
    seconds: Number(seconds.toFixed(4)),
    maxRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
  })
)
process.exit(invalidRows > 0 ? 1 : 0)
