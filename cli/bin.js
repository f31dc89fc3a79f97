#!/usr/bin/env node
// natural pulls in dotenv, which prints advertising lines on stdout unless told to be quiet;
// stdout of `vigie enrich` and `vigie ingest --output -` must stay pure NDJSON.
process.env.DOTENV_CONFIG_QUIET = 'true';
const { register } = await import('tsx/esm/api');
register();
await import('./main.ts');
