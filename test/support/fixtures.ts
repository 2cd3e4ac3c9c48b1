import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

/**
 * The shared, read-only fixtures beside the clone (`../shared/fixtures`). Tests read them in place;
 * they are never copied into the repository.
 */
export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures');

/** Parsed JSON of one fixture, by path relative to FIXTURES_DIR (`events/cloudwatch/x.json`). */
export function loadFixture<T = any>(relative: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, relative), 'utf8')) as T;
}

/** Every `.json` file under a fixtures sub-folder, as paths relative to FIXTURES_DIR, sorted. */
export function listFixtures(relativeDir: string): string[] {
  const root = path.join(FIXTURES_DIR, relativeDir);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) out.push(path.relative(FIXTURES_DIR, full));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}
