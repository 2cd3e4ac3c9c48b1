/** The type of a runbook parameter. */
export enum RunbookParameterType {
  STRING = 'string',
  NUMBER = 'number',
  BOOLEAN = 'boolean',
}

/** Which field of the incident's resource a parameter must equal. */
export enum FromResource {
  /** The resource id (`i-0123...`, a DB identifier, a group name). */
  ID = 'id',
  /** The resource ARN. */
  ARN = 'arn',
  /** The resource's Region. */
  REGION = 'region',
}

/** One parameter an agent may set. Validated again, deterministically, before the runbook runs. */
export interface RunbookParameter {
  /** The type of the value. */
  readonly type: RunbookParameterType;
  /**
   * What the parameter means, shown to the reasoner.
   * @default - none
   */
  readonly description?: string;
  /**
   * Whether the runbook cannot run without it.
   * @default false
   */
  readonly required?: boolean;
  /**
   * A regular expression (JavaScript, `u` flag) the whole value must match; it is anchored for you. Strings only.
   * @default - any string up to `maxLength`
   */
  readonly pattern?: string;
  /**
   * The values allowed. Strings and numbers only (write numbers as their decimal text for a number parameter).
   * @default - any value of the type
   */
  readonly allowedValues?: string[];
  /**
   * Smallest value allowed, inclusive. Numbers only.
   * @default - no minimum
   */
  readonly min?: number;
  /**
   * Largest value allowed, inclusive. Numbers only.
   * @default - no maximum
   */
  readonly max?: number;
  /**
   * Longest string allowed. Strings only.
   * @default 1024
   */
  readonly maxLength?: number;
  /**
   * The value must equal this field of one of the incident's resources, so nothing a model writes can point the
   * runbook at another resource. Strings only.
   * @default - any value that passes the other checks
   */
  readonly fromResource?: FromResource;
}
