import { readFileSync } from 'fs';
import * as path from 'path';

/**
 * The version of the installed cdk-aiops package: the nearest `package.json` named `cdk-aiops` above this file.
 * Walking up works from the sources (`src/cli`), the compiled library (`lib/cli`) and the bundle (`assets/cli/main`).
 */
export function packageVersion(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'cdk-aiops' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here (or not ours): keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
