import type { PriceName } from './prices';

/** One resource of a CloudFormation template, as synthesised: only what pricing reads. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
}

/** A CloudFormation template: only what pricing reads. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

/** A stack of a cloud assembly: its name and template (a nested stack is named `parent/LogicalId`). */
export interface StackTemplate {
  readonly stackName: string;
  readonly template: CfnTemplate;
}

/** What a resource costs a month when no incident happens, and how that was worked out. */
export interface IdleCost {
  readonly usdPerMonth: number;
  /** The arithmetic, or why it is $0: `1 key × $1.00/key-month`, `billed per request: nothing at idle`. */
  readonly basis: string;
  /** The entries of the price table the figure uses. */
  readonly prices: readonly PriceName[];
}

/** A resource the table cannot price (an unknown type, an instance type not in the table, a token): never $0 silently. */
export interface NotPriced {
  readonly notPriced: string;
}

/** A resource of a stack, priced or not. */
export interface ResourceIdleCost {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** Absent when the resource is not priced. */
  readonly usdPerMonth?: number;
  readonly basis: string;
  readonly prices: readonly PriceName[];
  readonly priced: boolean;
}

/** Reads another resource of the same template, for pricers that follow references (a rule's target function). */
export type ResourceLookup = (logicalId: string) => CfnResource | undefined;
