import { describe, expect, it } from 'vitest';
import { classifyMavenFailure, renderPom } from './maven.ts';

const kafka = [{ group: 'org.apache.kafka', artifact: 'kafka_2.13', version: '3.99.0' }, { group: 'org.slf4j', artifact: 'slf4j-reload4j', version: '1.7.36' }];
const es = [{ group: 'org.elasticsearch.distribution.integ-test-zip', artifact: 'elasticsearch', version: '8.99.1', type: 'zip' }];

describe('renderPom', () => {
  it('declares each dependency, with its type when it has one', () => {
    const pom = renderPom([...kafka, ...es]);
    expect(pom).toContain('<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>3.99.0</version></dependency>');
    expect(pom).toContain('<artifactId>elasticsearch</artifactId><version>8.99.1</version><type>zip</type>');
  });
});

describe('classifyMavenFailure', () => {
  it('says a missing version is missing (copy-dependencies output)', () => {
    const out = '[ERROR] Failed to execute goal on project probe: Could not resolve dependencies for project x:probe:jar:1: Could not find artifact org.apache.kafka:kafka_2.13:jar:3.99.0 in central (https://repo.maven.apache.org/maven2) -> [Help 1]';
    const e = classifyMavenFailure(out, 'Kafka 3.99.0', kafka, '/c/k.log');
    expect(e.code).toBe('ERR_STACK_VERSION_NOT_FOUND');
    expect(e.message).toBe('Kafka 3.99.0 is not on Maven Central (org.apache.kafka:kafka_2.13:3.99.0 not found); choose another version (see docs/stack.md). Maven log: /c/k.log');
    expect(e.retriable).toBe(false);
  });

  it('says a missing version is missing (dependency:copy output)', () => {
    const out = '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy (default-cli) on project probe: Unable to find/resolve artifact. org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip:8.99.1 was not found in https://repo.maven.apache.org/maven2';
    expect(classifyMavenFailure(out, 'Elasticsearch 8.99.1', es, '/c/e.log').code).toBe('ERR_STACK_VERSION_NOT_FOUND');
  });

  it('blames the network, retriably, when Maven Central cannot be reached', () => {
    const out = '[ERROR] Failed to execute goal on project p: Could not resolve dependencies: Could not transfer artifact org.apache.kafka:kafka_2.13:pom:3.9.1 from/to central (https://repo.maven.apache.org/maven2): Unknown host repo.maven.apache.org';
    const e = classifyMavenFailure(out, 'Kafka 3.9.1', kafka, '/c/k.log');
    expect(e.code).toBe('ERR_STACK_DOWNLOAD');
    expect(e.retriable).toBe(true);
    expect(e.message).toContain('is Maven Central, or the mirror in ~/.m2/settings.xml, reachable?');
    expect(e.message).toContain('Unknown host repo.maven.apache.org');
  });
});
