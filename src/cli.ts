#!/usr/bin/env node
// The mnas-ts command line. Imports only the public API (../index.js).
console.error('mnas-ts: the CLI is not built yet');
process.exit(1);
