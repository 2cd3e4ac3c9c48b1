import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');
const CONTRACT = path.join(SRC, 'contract');

/** Module specifiers of every import and re-export in a file. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+'([^']+)'/gm), ...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]);
}

describe('src/contract', () => {
  const files = readdirSync(CONTRACT).filter((f) => f.endsWith('.ts'));

  test('is plain data: it imports nothing from outside src/contract', () => {
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'events.ts', 'env.ts', 'metrics.ts', 'table.ts', 'decisions.ts', 'timeline.ts', 'runbooks.ts', 'defaults.ts']));
    for (const file of files) {
      for (const spec of specifiers(path.join(CONTRACT, file))) {
        expect(`${file}: ${spec}`).toMatch(/: \.\/[a-z-]+$/);
      }
    }
  });

  test.each(['hub/constants.ts', 'agents/kpi-constants.ts', 'comms/constants.ts'])('%s only re-exports the contract', (file) => {
    const code = readFileSync(path.join(SRC, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const statements = code.split(';').map((s) => s.trim()).filter(Boolean);
    for (const statement of statements) expect(statement).toMatch(/^export \{[^}]+\} from '\.\.\/contract\/[a-z-]+'$/);
  });
});
