/**
 * The index stage's public entry for readers of what it wrote (the weekly report): the client,
 * the index and alias names, and the error mapping. Other stages import index/ through this file
 * only (test/architecture.test.ts checks it).
 */
export { createEsClient } from './elasticsearch/client.ts';
export { statusOf, toIndexError } from './elasticsearch/errors.ts';
export { indexNames } from './elasticsearch/names.ts';
export { readDeskStates, searchAll, type DeskState } from './elasticsearch/read-all.ts';
