/**
 * The local stack: single-node Kafka (KRaft) and Elasticsearch as local JVM processes, downloaded
 * from Maven Central, for development and tests on machines without Docker. See docs/stack.md.
 */
export { stackUp, stackDown, stackStatus } from './stack.ts';
export type { ServiceName, ServiceStatus, StackStatus, StackUpResult, StackDownResult } from './stack.ts';
export { resolveStackOptions, defaultCacheDir, DEFAULT_ES_VERSION, DEFAULT_KAFKA_VERSION, DEFAULT_ES_PORT, DEFAULT_KAFKA_PORT } from './options.ts';
export type { StackOptions } from './options.ts';
export { freePorts } from './process.ts';
