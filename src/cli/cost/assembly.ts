import { promises as fs } from 'fs';
import * as path from 'path';
import type { CfnResource, CfnTemplate, StackTemplate } from '../../runtime/cost';
import { UsageError } from '../usage';

/** Where a stack's template came from, for the reader. */
export interface AssemblyStack extends StackTemplate {
  /** The template file, relative to the assembly directory. */
  readonly file: string;
}

const STACK = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY = 'cdk:cloud-assembly';
/** Where the CDK records a nested stack's template, on its AWS::CloudFormation::Stack resource. */
const ASSET_PATH = 'aws:asset:path';

interface Manifest {
  readonly artifacts?: Record<string, { readonly type?: string; readonly displayName?: string; readonly properties?: Record<string, any> }>;
}

/**
 * Every stack template of a synthesised cloud assembly (`cdk.out`): the stacks its manifest.json lists, those of nested
 * assemblies (stages) and nested stacks, each named by its stack name (`Parent/NestedLogicalId` for nested stacks).
 * Without a manifest, every `*.template.json` of the directory. A path that is not an assembly is a usage error.
 */
export async function readCloudAssembly(dir: string): Promise<AssemblyStack[]> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat) throw new UsageError(`CDK_OUT_DIR ${dir}: no such directory`);
  if (!stat.isDirectory()) throw new UsageError(`CDK_OUT_DIR ${dir} is not a directory`);
  const stacks = await readAssembly(dir, dir, await assetTemplates(dir));
  if (stacks.length === 0) throw new UsageError(`${dir} holds no stack template: is it a cloud assembly? ('npx cdk synth' writes one to cdk.out)`);
  return stacks;
}

/**
 * Template files of the assembly's file assets, by asset hash: how a nested stack's TemplateURL names its template
 * when the synthesis did not add asset metadata (`cdk synth` adds it, a bare `app.synth()` does not).
 */
async function assetTemplates(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.assets.json'));
  for (const name of names) {
    const assets = await fs.readFile(path.join(dir, name), 'utf8').then(JSON.parse).catch(() => undefined);
    for (const [hash, asset] of Object.entries<any>(assets?.files ?? {})) {
      if (typeof asset?.source?.path === 'string' && asset.source.path.endsWith('.template.json')) found.set(hash, asset.source.path);
    }
  }
  return found;
}

/** The template file a nested stack resource points at: its asset metadata, else the asset hash in its TemplateURL. */
function nestedTemplate(resource: CfnResource, assets: Map<string, string>): string | undefined {
  const fromMetadata = resource.Metadata?.[ASSET_PATH];
  if (typeof fromMetadata === 'string') return fromMetadata;
  const url = JSON.stringify(resource.Properties?.TemplateURL ?? '');
  for (const [hash, file] of assets) if (url.includes(hash)) return file;
  return undefined;
}

async function readAssembly(root: string, dir: string, assets: Map<string, string>): Promise<AssemblyStack[]> {
  const manifestFile = path.join(dir, 'manifest.json');
  const text = await fs.readFile(manifestFile, 'utf8').catch(() => undefined);
  if (text === undefined) {
    const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.template.json')).sort();
    const stacks = await Promise.all(names.map((n) => readStack(root, dir, n, n.replace(/\.template\.json$/, ''), new Map())));
    return stacks.flat();
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new UsageError(`${manifestFile} is not valid JSON`);
  }
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    const props = artifact.properties ?? {};
    if (artifact.type === STACK && typeof props.templateFile === 'string') {
      stacks.push(...await readStack(root, dir, props.templateFile, props.stackName ?? id, assets));
    } else if (artifact.type === NESTED_ASSEMBLY && typeof props.directoryName === 'string') {
      const nested = path.join(dir, props.directoryName);
      stacks.push(...await readAssembly(root, nested, await assetTemplates(nested)));
    }
  }
  return stacks;
}

/** A template and, recursively, the nested stacks it names. */
async function readStack(root: string, dir: string, file: string, stackName: string, assets: Map<string, string>): Promise<AssemblyStack[]> {
  const full = path.join(dir, file);
  let template: CfnTemplate;
  try {
    template = JSON.parse(await fs.readFile(full, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the template of ${stackName}, ${full}: ${code === 'ENOENT' ? 'no such file' : code ?? 'not valid JSON'}`);
  }
  const stacks: AssemblyStack[] = [{ stackName, template, file: path.relative(root, full) }];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const nested = resource.Type === 'AWS::CloudFormation::Stack' ? nestedTemplate(resource, assets) : undefined;
    if (nested !== undefined) stacks.push(...await readStack(root, dir, nested, `${stackName}/${logicalId}`, assets));
  }
  return stacks;
}
