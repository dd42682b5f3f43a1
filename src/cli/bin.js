#!/usr/bin/env node
// The package runs TypeScript directly through tsx (no build step to forget); this shim registers it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
// serve keeps running until a signal; every other command, and a failed start, ends here.
if (process.argv[2] !== 'serve' || code !== 0) process.exit(code);
