import * as fs from 'fs';
import * as path from 'path';
import { buildFullLoopApp } from '../../examples/full-loop';

/** The root of the repository. */
export const ROOT = path.join(__dirname, '..', '..');

/** A synthesised CloudFormation template, as much of it as the comparison reads. */
export interface CfnTemplate {
  readonly Resources: Record<string, { readonly Type: string }>;
  readonly [section: string]: unknown;
}

/** The TypeScript full-loop example's template (examples/full-loop.ts), synthesised in process. */
export function typeScriptTemplate(): CfnTemplate {
  const { app, stack } = buildFullLoopApp();
  return app.synth().getStackByName(stack.stackName).template as CfnTemplate;
}

/**
 * The full-loop template a binding's script wrote into cdk.out/bindings/<language>, or undefined when the script has
 * not run. `npm test` runs the scripts before jest, and CI (CI set) requires the templates.
 */
export function bindingTemplate(language: 'python' | 'java'): CfnTemplate | undefined {
  const file = path.join(ROOT, 'cdk.out', 'bindings', language, 'AiopsFullLoop.template.json');
  if (!fs.existsSync(file)) {
    if (process.env.CI) throw new Error(`${file} is missing: the test task runs scripts/bindings-${language}.sh before jest`);
    return undefined;
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CfnTemplate;
}

/** Resource types with their counts, sorted by type. */
export function resourceTypeCounts(template: CfnTemplate): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { Type } of Object.values(template.Resources)) counts[Type] = (counts[Type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** The logical ids whose resources differ between two templates that hold the same logical ids. */
export function differingResources(a: CfnTemplate, b: CfnTemplate): string[] {
  return Object.keys(a.Resources).filter((id) => JSON.stringify(a.Resources[id]) !== JSON.stringify(b.Resources[id])).sort();
}

/** `describe`, or `describe.skip` with a note when the binding's template was never synthesised here (outside CI). */
export function describeBinding(language: 'python' | 'java', name: string, fn: (template: CfnTemplate) => void): void {
  const template = bindingTemplate(language);
  if (!template) {
    // eslint-disable-next-line no-console
    console.warn(`test/bindings: no cdk.out/bindings/${language}; run \`bash scripts/bindings-${language}.sh\` (npm test does)`);
    describe.skip(name, () => test('needs the synthesised template', () => undefined));
    return;
  }
  describe(name, () => fn(template));
}
