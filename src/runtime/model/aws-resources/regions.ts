/** Region and account values as AWS writes them: codes, display names, availability zones, partitions. */

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_PATTERN = /^\d{12}$/;

/**
 * Display names CloudWatch writes in the `Region` field of SNS alarm notifications
 * (`"US East (N. Virginia)"`), to region codes.
 */
const REGION_NAMES: Readonly<Record<string, string>> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (N. California)': 'us-west-1',
  'US West (Oregon)': 'us-west-2',
  'Africa (Cape Town)': 'af-south-1',
  'Asia Pacific (Hong Kong)': 'ap-east-1',
  'Asia Pacific (Hyderabad)': 'ap-south-2',
  'Asia Pacific (Jakarta)': 'ap-southeast-3',
  'Asia Pacific (Melbourne)': 'ap-southeast-4',
  'Asia Pacific (Mumbai)': 'ap-south-1',
  'Asia Pacific (Osaka)': 'ap-northeast-3',
  'Asia Pacific (Seoul)': 'ap-northeast-2',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Canada (Central)': 'ca-central-1',
  'Europe (Frankfurt)': 'eu-central-1',
  'Europe (Ireland)': 'eu-west-1',
  'Europe (London)': 'eu-west-2',
  'Europe (Milan)': 'eu-south-1',
  'Europe (Paris)': 'eu-west-3',
  'Europe (Spain)': 'eu-south-2',
  'Europe (Stockholm)': 'eu-north-1',
  'Europe (Zurich)': 'eu-central-2',
  'Middle East (Bahrain)': 'me-south-1',
  'Middle East (UAE)': 'me-central-1',
  'South America (Sao Paulo)': 'sa-east-1',
  'AWS GovCloud (US-West)': 'us-gov-west-1',
  'AWS GovCloud (US-East)': 'us-gov-east-1',
};

/** The value when it looks like an AWS region code (`us-east-1`) or is a region display name, else undefined. */
export function asRegion(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (REGION_PATTERN.test(v)) return v;
  return REGION_NAMES[v];
}

/** The value when it is a 12-digit AWS account id, else undefined. */
export function asAccount(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return ACCOUNT_PATTERN.test(v) ? v : undefined;
}

/** The region of an availability zone (`us-west-2b` → `us-west-2`). */
export function regionOfZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string') return undefined;
  const match = /^([a-z]{2}(-[a-z]+)+-\d{1,2})[a-z]$/.exec(zone.trim());
  return match ? match[1] : undefined;
}

/**
 * The ARN partition of a region: `aws-cn` for the China regions, `aws-us-gov` for GovCloud, `aws` otherwise.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
