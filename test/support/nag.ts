import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * One targeted cdk-nag acknowledgement: a construct path, a full finding id
 * (`AwsSolutions-IAM5[Resource::*]`, `NIST.800.53.R5-LambdaDLQ`, not a bare rule id) and the reason it is acceptable.
 */
export interface NagAcknowledgement {
  /** Construct path from the app, e.g. `Stack/Hub/TriageRole/DefaultPolicy/Resource`. Covers the subtree. */
  readonly path: string;
  /** Full finding id as cdk-nag 3 reports it. */
  readonly id: string;
  /** Why the finding is acceptable. Written for a reviewer, at least a sentence. */
  readonly reason: string;
}

/** One finding on one resource. */
export interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

/**
 * The only way tests acknowledge cdk-nag findings. Runs the AwsSolutions and NIST 800-53 R5 packs over the whole app
 * (the library acknowledges its own findings, so only a test's fixtures should need any) and throws, listing them, if any finding (error or warning) is not acknowledged, if an acknowledgement
 * names a path that does not exist, or if one matches no finding (a stale acknowledgement hides the
 * next real one). Call it on an app that has not been synthesised yet.
 */
export function expectNoUnacknowledgedNagFindings(app: App, acknowledgements: NagAcknowledgement[] = []): void {
  const problems: string[] = [];

  // 1. What the pack finds before any acknowledgement, to catch stale ones.
  const raw = findings(app);

  // 2. Acknowledge, each on its own construct, with its reason.
  for (const ack of acknowledgements) {
    if (!/^[A-Za-z][A-Za-z0-9.]*-[A-Za-z0-9]+(\[.+\])?$/.test(ack.id)) {
      problems.push(`acknowledgement '${ack.id}' is not a cdk-nag finding id`);
      continue;
    }
    if (ack.reason.trim().length < 20) {
      problems.push(`acknowledgement ${ack.id} at ${ack.path} needs a real reason`);
    }
    const target = findByPath(app, ack.path);
    if (!target) {
      problems.push(`acknowledgement ${ack.id}: no construct at ${ack.path}`);
      continue;
    }
    if (!raw.some((f) => f.id === ack.id && within(f.path, ack.path))) {
      problems.push(`stale acknowledgement ${ack.id} at ${ack.path}: no such finding (found there: ${raw.filter((f) => within(f.path, ack.path)).map((f) => f.id).join(', ') || 'none'})`);
    }
    Validations.of(target).acknowledge({ id: ack.id, reason: ack.reason });
  }

  // 3. Run the packs the cdk-nag 3 way, as policy-validation plugins at synthesis.
  problems.push(...synthWithNagPacks(app));

  if (problems.length > 0) {
    throw new Error(`cdk-nag AwsSolutions + NIST 800-53 R5: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Synthesises `app` with both packs added as policy-validation plugins (the cdk-nag 3 way) and returns every finding
 * left, errors and warnings alike, as `severity id at path: description`; a synthesis that failed with none is one line.
 */
export function synthWithNagPacks(app: App): string[] {
  const packs = nagPacks();
  Validations.of(app).addPlugins(...packs);
  let synthError: unknown;
  try {
    app.synth();
  } catch (e) {
    synthError = e;
  }
  const left = packs.flatMap((pack) => toFindings(pack.validateScope(app).violations))
    .map((f) => `${f.severity} ${f.id} at ${f.path}: ${f.description}`);
  if (left.length === 0 && synthError) left.push(`synthesis failed: ${String(synthError)}`);
  return left;
}

/** The packs every test runs: AWS Solutions and NIST 800-53 rev 5. */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks()];
}

function findings(scope: IConstruct): Finding[] {
  return nagPacks().flatMap((pack) => toFindings(pack.validateScope(scope).violations));
}

/** One cdk-nag violation, as `validateScope` reports it. */
export interface Violation {
  readonly ruleName: string;
  readonly severity?: string;
  readonly description: string;
  readonly violatingResources: ReadonlyArray<{ readonly constructPath?: string }>;
}

/** Each violating resource of each violation, with its path. */
export function toFindings(violations: ReadonlyArray<Violation>): Finding[] {
  return violations.flatMap((v) => v.violatingResources.map((r) => ({
    id: v.ruleName,
    severity: v.severity ?? 'error',
    path: r.constructPath ?? '?',
    description: v.description,
  })));
}

function findByPath(app: App, path: string): IConstruct | undefined {
  return app.node.findAll().find((c) => c.node.path === path);
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}
