// The README's configuration table (its deployment reference) names every variable lib/config.ts
// reads and no other, so a variable added to the schema without a row fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../lib/config';

function tableVariables(): string[] {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('| variable | default | meaning |');
  expect(start).toBeGreaterThan(0);
  const table = readme.slice(start, readme.indexOf('\n\n', start));
  // The first cell of each row: one variable or several, each in backticks.
  return [...table.matchAll(/^\| ([^|]+) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));
}

it('lists every variable lib/config.ts reads, once, and nothing else', () => {
  const named = tableVariables();
  expect(CONFIG_VARIABLES.filter((name) => !named.includes(name))).toEqual([]);
  expect(named.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
  expect(named.filter((name, i) => named.indexOf(name) !== i)).toEqual([]);
});
