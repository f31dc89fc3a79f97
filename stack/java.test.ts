import { describe, expect, it } from 'vitest';
import { findJdk, parseJavaSettings } from './java.ts';

const settings = (home: string, spec: string) => `Property settings:\n    java.home = ${home}\n    java.specification.version = ${spec}\n    java.vendor = Debian\n`;

describe('parseJavaSettings', () => {
  it('reads the home and the feature version', () => {
    expect(parseJavaSettings(settings('/usr/lib/jvm/java-21', '21'), 'java')).toEqual({ home: '/usr/lib/jvm/java-21', java: '/usr/lib/jvm/java-21/bin/java', major: 21 });
  });

  it('refuses Java older than 17, naming the version', () => {
    expect(() => parseJavaSettings(settings('/usr/lib/jvm/java-8', '1.8'), 'java')).toThrow('Java 1.8 at /usr/lib/jvm/java-8 is too old');
    expect(() => parseJavaSettings(settings('/opt/jdk11', '11'), 'java')).toThrow(/too old/);
  });

  it('refuses output it cannot read', () => {
    expect(() => parseJavaSettings('garbage', '/x/java')).toThrow('could not read java.home and the Java version from /x/java');
  });
});

describe('findJdk', () => {
  it('explains a missing Java', () => {
    expect(() => findJdk({ PATH: '/nonexistent' })).toThrow(/no Java found/);
  });
});
