// .env.example is the list of settings people copy: it must name every variable lib/config.ts
// reads, nothing else, and the values it sets must be the defaults.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../../lib/config';

/** `NAME=value` lines, and `# NAME=example` lines (a variable with no default, or whose default production refuses). */
function readExample(): { name: string; value: string; set: boolean }[] {
  const text = readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
  return text.split('\n').flatMap((line) => {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) return [];
    const value = match[3]!.replace(/^"(.*)"$/, '$1');
    return [{ name: match[2]!, value, set: match[1] === undefined }];
  });
}

describe('.env.example', () => {
  const entries = readExample();
  const names = entries.map((e) => e.name);

  it('lists every variable lib/config.ts reads', () => {
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(0);
    expect(CONFIG_VARIABLES.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('lists only those variables, each once', () => {
    expect(names.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('sets each variable it sets to its default', () => {
    const set = Object.fromEntries(entries.filter((e) => e.set).map((e) => [e.name, e.value]));
    expect(loadConfig(set)).toEqual(loadConfig({}));
  });
});
