import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ApplicationSignalsSliProps } from './sli';

/** One metric of a ratio SLI with its sign in `bad = Σ sign × metric`. */
export interface SliTerm {
  readonly metric: cloudwatch.IMetric;
  readonly sign: number;
}

/** */
export interface SliParts {
  /** `bad = Σ terms`, each summed over the window. */
  readonly bad: readonly SliTerm[];
  readonly total: cloudwatch.IMetric;
  readonly applicationSignals?: ApplicationSignalsSliProps;
}

