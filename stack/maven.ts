import { spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VigieError } from '../core/errors.ts';
import { tailFile } from './process.ts';

/** Pinned so every Maven version behaves the same (Maven 3.8 defaults to the 2.8 plugin). */
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/** A Maven coordinate `group:artifact:version`, with an optional type (`zip`). */
export interface Coordinate {
  group: string;
  artifact: string;
  version: string;
  type?: string;
}

export function coordinateString(c: Coordinate): string {
  return c.type === undefined ? `${c.group}:${c.artifact}:${c.version}` : `${c.group}:${c.artifact}:${c.version}:${c.type}`;
}

/** A throwaway pom whose only role is to declare `deps`, so that Maven resolves them and their runtime dependencies. */
export function renderPom(deps: Coordinate[]): string {
  const lines = deps.map(
    (d) => `    <dependency><groupId>${d.group}</groupId><artifactId>${d.artifact}</artifactId><version>${d.version}</version>${d.type === undefined ? '' : `<type>${d.type}</type>`}</dependency>`,
  );
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>dev.vigie.stack</groupId><artifactId>stack-download</artifactId><version>1</version>',
    '  <dependencies>',
    ...lines,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/**
 * Runs `mvn` in `dir` (where a pom declaring `deps` is written first), appending its output to `logFile`.
 * `what` names the artifact in errors (e.g. "Kafka 3.9.1").
 */
export async function runMaven(dir: string, deps: Coordinate[], goalArgs: string[], logFile: string, what: string): Promise<void> {
  writeFileSync(join(dir, 'pom.xml'), renderPom(deps));
  // -U: retry artifacts whose absence Maven cached earlier (a network failure must not stick).
  const args = ['-B', '-ntp', '-U', ...goalArgs];
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`$ mvn ${args.join(' ')}\n`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('mvn', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', (e) => {
      const hint = (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'Maven (mvn) is not installed: install it (e.g. apt-get install maven) — the stack downloads Kafka and Elasticsearch from Maven Central with it'
        : `could not run mvn: ${e.message}`;
      reject(new VigieError('ERR_STACK_NO_MAVEN', hint, { cause: e }));
    });
    child.once('close', (c) => resolve(c ?? 1));
  });
  await new Promise<void>((resolve) => log.end(resolve));
  if (code !== 0) throw classifyMavenFailure(tailFile(logFile, 60), what, deps, logFile);
}

/** Turns Maven's output into ERR_STACK_VERSION_NOT_FOUND (the version does not exist) or ERR_STACK_DOWNLOAD. */
export function classifyMavenFailure(output: string, what: string, deps: Coordinate[], logFile: string): VigieError {
  // The first coordinate is the artifact asked for; the others are helpers (logging bindings).
  const coords = deps[0] === undefined ? '' : coordinateString(deps[0]);
  const errors = output.split('\n').filter((l) => l.startsWith('[ERROR]')).slice(0, 3).join(' ').replace(/\s+/g, ' ');
  const network = /Could not transfer|Unknown host|UnknownHostException|Connect(ion)? (timed out|refused)|Network is unreachable|No route to host|PKIX/i.test(output);
  const missing = /Could not find artifact|was not found in|Unable to find(\/resolve)? artifact/i.test(output);
  if (missing && !network) {
    return new VigieError('ERR_STACK_VERSION_NOT_FOUND', `${what} is not on Maven Central (${coords} not found); choose another version (see docs/stack.md). Maven log: ${logFile}`, {
      details: { coordinates: coords, logFile },
    });
  }
  return new VigieError('ERR_STACK_DOWNLOAD', `downloading ${what} (${coords}) with Maven failed${network ? ' (is Maven Central, or the mirror in ~/.m2/settings.xml, reachable?)' : ''}: ${errors || 'see the log'}. Maven log: ${logFile}`, {
    retriable: network,
    details: { coordinates: coords, logFile },
  });
}
