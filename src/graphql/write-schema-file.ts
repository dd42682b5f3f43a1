import { writeFileSync } from 'node:fs';
import { printTrafficgraphSchema, SCHEMA_FILE } from './print-schema.ts';

writeFileSync(SCHEMA_FILE, printTrafficgraphSchema());
console.log(`wrote ${SCHEMA_FILE}`);
