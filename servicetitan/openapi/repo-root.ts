// Locates files shipped next to the sources (the OpenAPI documents) from both the TypeScript
// sources (ts-jest) and the compiled output in dist/: tsc does not copy JSON that is read at run
// time, so we resolve from the repository root (the nearest folder holding package.json).
import { existsSync } from 'node:fs';
import path from 'node:path';

export function findRepoRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** The folder holding ServiceTitan's OpenAPI documents and the types generated from them. */
export function openapiDir(): string {
  return path.join(findRepoRoot(), 'servicetitan', 'openapi');
}
