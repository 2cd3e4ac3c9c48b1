import { RunbookSpecSchema, toCandidate, type RunbookCandidate, type RunbookSpec, type RunbookSpecInput } from './spec';

export type RunbookRegistryErrorCode = 'invalid-spec' | 'duplicate-id' | 'unknown-rollback';

/** A registry that cannot be built: a spec that fails its schema, two runbooks with one id, or a rollback to nothing. */
export class RunbookRegistryError extends Error {
  public readonly code: RunbookRegistryErrorCode;
  public readonly runbookId?: string;

  constructor(code: RunbookRegistryErrorCode, message: string, runbookId?: string) {
    super(message);
    this.name = 'RunbookRegistryError';
    this.code = code;
    this.runbookId = runbookId;
  }
}

/**
 * The runbooks the agents may propose. Validated as a whole on construction, then read-only.
 * The reasoner is shown the candidates for the incident's resource types; anything else it proposes is dropped.
 */
export class RunbookRegistry {
  /** A registry from JSON (for example the construct's serialised `Runbook` list in an environment variable). */
  public static fromJson(json: string | unknown): RunbookRegistry {
    const value = typeof json === 'string' ? JSON.parse(json) : json;
    if (!Array.isArray(value)) throw new RunbookRegistryError('invalid-spec', 'runbook registry JSON must be an array of runbook specs');
    return new RunbookRegistry(value as RunbookSpecInput[]);
  }

  private readonly byId = new Map<string, RunbookSpec>();

  constructor(specs: readonly RunbookSpecInput[]) {
    specs.forEach((input, index) => {
      const parsed = RunbookSpecSchema.safeParse(input);
      const id = typeof (input as { id?: unknown })?.id === 'string' ? (input as { id: string }).id : undefined;
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new RunbookRegistryError('invalid-spec', `runbook ${id ?? `#${index}`} is invalid: ${detail}`, id);
      }
      if (this.byId.has(parsed.data.id)) {
        throw new RunbookRegistryError('duplicate-id', `runbook id ${parsed.data.id} is declared twice`, parsed.data.id);
      }
      this.byId.set(parsed.data.id, parsed.data);
    });
    for (const spec of this.byId.values()) {
      if (spec.rollback === undefined) continue;
      if (spec.rollback === spec.id) {
        throw new RunbookRegistryError('unknown-rollback', `runbook ${spec.id} names itself as its rollback`, spec.id);
      }
      if (!this.byId.has(spec.rollback)) {
        throw new RunbookRegistryError('unknown-rollback', `runbook ${spec.id} names rollback ${spec.rollback}, which is not in the registry`, spec.id);
      }
    }
  }

  /** Number of runbooks. */
  public get size(): number {
    return this.byId.size;
  }

  public get(id: string): RunbookSpec | undefined {
    return this.byId.get(id);
  }

  public has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Every runbook, in declaration order. */
  public list(): RunbookSpec[] {
    return [...this.byId.values()];
  }

  /** The runbooks that apply to one resource type. */
  public forResourceType(type: string): RunbookSpec[] {
    return this.list().filter((spec) => spec.resourceTypes.includes(type));
  }

  /** The candidates shown to a reasoner for an incident touching these resource types, in declaration order, each once. */
  public candidatesFor(types: Iterable<string>): RunbookCandidate[] {
    const wanted = new Set(types);
    return this.list().filter((spec) => spec.resourceTypes.some((t) => wanted.has(t))).map(toCandidate);
  }

  /** The specs as JSON (what the construct serialises). */
  public toJSON(): RunbookSpec[] {
    return this.list();
  }
}
