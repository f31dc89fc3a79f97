import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { VigieError } from '../core/errors.ts';
import { ensureCached } from '../core/cache.ts';
import type { Jdk } from './java.ts';
import { DEPENDENCY_PLUGIN, runMaven, type Coordinate } from './maven.ts';
import type { ResolvedStackOptions } from './options.ts';
import { spawnDetached, tailFile } from './process.ts';

/** Text found in the Kafka server's command line (guards against a recycled pid). */
export const KAFKA_MARKER = 'kafka.Kafka';

/** The Kafka broker artifact, plus a logging binding so Kafka logs to a file instead of slf4j's NOP warning. */
export function kafkaCoordinates(version: string): Coordinate[] {
  return [
    { group: 'org.apache.kafka', artifact: 'kafka_2.13', version },
    { group: 'org.slf4j', artifact: 'slf4j-reload4j', version: '1.7.36' },
    { group: 'ch.qos.reload4j', artifact: 'reload4j', version: '1.2.25' },
  ];
}

/** Files of one Kafka instance inside the stack dir. */
export function kafkaPaths(dir: string) {
  const root = join(dir, 'kafka');
  return {
    root,
    data: join(root, 'data'),
    logs: join(root, 'logs'),
    serverLog: join(root, 'logs', 'server.log'),
    stdout: join(root, 'kafka.out'),
    properties: join(root, 'server.properties'),
    log4j: join(root, 'log4j.properties'),
  };
}

/** Downloads Kafka's jars into the cache (once per version); returns the directory holding them. */
export async function ensureKafka(o: ResolvedStackOptions): Promise<{ libs: string; downloaded: boolean }> {
  const home = join(o.cacheDir, `kafka-${o.kafkaVersion}`);
  const downloaded = await ensureCached(home, async (tmp) => {
    o.logger?.info({ version: o.kafkaVersion, cache: home }, 'downloading Kafka from Maven Central (first run only)');
    await runMaven(
      tmp,
      kafkaCoordinates(o.kafkaVersion),
      [`${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${join(tmp, 'libs')}`],
      join(o.cacheDir, `kafka-${o.kafkaVersion}.download.log`),
      `Kafka ${o.kafkaVersion}`,
    );
  });
  return { libs: join(home, 'libs'), downloaded };
}

/** A single-node KRaft broker+controller bound to 127.0.0.1. */
export function renderServerProperties(p: { port: number; controllerPort: number; dataDir: string }): string {
  return [
    '# Written by `vigie stack up`; rewritten on every start.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${p.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${p.port},CONTROLLER://127.0.0.1:${p.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${p.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${p.dataDir}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // A single local consumer should not wait 3 s for others to join its group.
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');
}

/** reload4j configuration: a rolling file, so a long-lived local broker does not fill the disk. */
export function renderLog4j(serverLog: string): string {
  return [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.RollingFileAppender',
    `log4j.appender.file.File=${serverLog}`,
    'log4j.appender.file.MaxFileSize=10MB',
    'log4j.appender.file.MaxBackupIndex=3',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.state.change.logger=WARN',
    'log4j.logger.kafka.request.logger=WARN',
    '',
  ].join('\n');
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 without padding (what `StorageTool random-uuid` prints).
 * Like Kafka's own Uuid.randomUuid, never one that starts with '-': the storage tool's argument parser
 * reads such an id as an option and fails ("--cluster-id: expected one argument") — one start in 64.
 */
export function newClusterId(bytes: (n: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = bytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Writes the config, formats the storage the first time, starts the broker. Returns its pid. */
export function startKafka(o: ResolvedStackOptions, jdk: Jdk, libs: string): number {
  const p = kafkaPaths(o.dir);
  for (const d of [p.data, p.logs]) mkdirSync(d, { recursive: true });
  writeFileSync(p.properties, renderServerProperties({ port: o.kafkaPort, controllerPort: o.kafkaControllerPort, dataDir: p.data }));
  writeFileSync(p.log4j, renderLog4j(p.serverLog));
  const classpath = join(libs, '*');
  const logOpts = [`-Dlog4j.configuration=file:${p.log4j}`, `-Dkafka.logs.dir=${p.logs}`];
  if (!existsSync(join(p.data, 'meta.properties'))) {
    const r = spawnSync(jdk.java, ['-cp', classpath, ...logOpts, 'kafka.tools.StorageTool', 'format', `--cluster-id=${newClusterId()}`, '-c', p.properties, '--ignore-formatted'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new VigieError('ERR_STACK_START_FAILED', `formatting Kafka storage in ${p.data} failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-5).join(' | ')}`, {
        details: { dir: p.data },
      });
    }
  }
  return spawnDetached(
    jdk.java,
    [`-Xms${Math.min(256, o.kafkaHeapMb)}m`, `-Xmx${o.kafkaHeapMb}m`, '-XX:+UseG1GC', '-Djava.awt.headless=true', ...logOpts, '-cp', classpath, KAFKA_MARKER, p.properties],
    p.stdout,
    { cwd: p.root, env: { ...process.env, JAVA_HOME: jdk.home } },
  );
}

/** Answer of a readiness probe: ok, or why not (kept for the timeout message). */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** Probes whether the broker answers a metadata request (it has joined its own KRaft quorum). */
export async function kafkaAnswers(brokers: string): Promise<ProbeResult> {
  const admin = new Kafka({
    clientId: 'vigie-stack-probe',
    brokers: [brokers],
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return { ok: true };
  } catch (e) {
    // Not ready yet is the expected answer while the broker starts; the caller polls until its deadline.
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The last lines of Kafka's logs, for an error message. */
export function kafkaLogTail(dir: string): string {
  const p = kafkaPaths(dir);
  return [tailFile(p.stdout, 10), tailFile(p.serverLog, 15)].filter((s) => s !== '').join('\n');
}
