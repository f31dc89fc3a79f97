import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VigieError } from '../core/errors.ts';

/** The JDK the stack runs on. */
export interface Jdk {
  /** The JDK home (what ES_JAVA_HOME and JAVA_HOME expect). */
  home: string;
  /** Path of the java executable. */
  java: string;
  /** Feature version, e.g. 17. */
  major: number;
}

/** Kafka 3.9 and Elasticsearch 8 both need Java 17 or newer. */
export const MIN_JAVA = 17;

/**
 * Finds the JDK: `JAVA_HOME` when set, else `java` on PATH. The home comes from the JVM itself
 * (`java.home`), so symlinks such as /usr/bin/java → /etc/alternatives/… resolve correctly.
 */
export function findJdk(env: NodeJS.ProcessEnv = process.env): Jdk {
  const candidate = env.JAVA_HOME && existsSync(join(env.JAVA_HOME, 'bin', 'java')) ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  // -XshowSettings writes to stderr.
  const r = spawnSync(candidate, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', env });
  if (r.error !== undefined) {
    const hint = (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no Java found' : `could not run ${candidate}`;
    throw new VigieError('ERR_STACK_NO_JAVA', `${hint} (${candidate}): install a JDK ${MIN_JAVA} or newer (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME`, { cause: r.error });
  }
  const out = `${r.stdout}\n${r.stderr}`;
  return parseJavaSettings(out, candidate);
}

/** Parses the output of `java -XshowSettings:properties -version`. Exported for tests. */
export function parseJavaSettings(out: string, candidate: string): Jdk {
  const home = /^\s*java\.home = (.+)$/m.exec(out)?.[1]?.trim();
  const spec = /^\s*java\.specification\.version = (.+)$/m.exec(out)?.[1]?.trim();
  if (home === undefined || spec === undefined) {
    throw new VigieError('ERR_STACK_NO_JAVA', `could not read java.home and the Java version from ${candidate}`);
  }
  // Java 8 reports "1.8"; every later release reports its feature number.
  const major = spec.startsWith('1.') ? Number(spec.split('.')[1]) : Number.parseInt(spec, 10);
  if (!(major >= MIN_JAVA)) {
    throw new VigieError('ERR_STACK_NO_JAVA', `Java ${spec} at ${home} is too old: the stack needs Java ${MIN_JAVA} or newer; install one or set JAVA_HOME`, {
      details: { home, version: spec },
    });
  }
  return { home, java: join(home, 'bin', 'java'), major };
}
