import { Duration, Token } from 'aws-cdk-lib';

/** Validation of the AiopsHub's props: early, Token-aware, in words for the user. */

export function validateAccounts(accounts: string[] | undefined): void {
  (accounts ?? []).forEach((account, i) => {
    if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
      throw new Error(`allowedAccounts[${i}] must be a 12-digit AWS account id (got '${account}')`);
    }
  });
}

export function validateOrganizationId(organizationId: string | undefined): void {
  if (organizationId === undefined || Token.isUnresolved(organizationId)) return;
  if (!/^o-[a-z0-9]{10,32}$/.test(organizationId)) {
    throw new Error(`organizationId must look like 'o-' followed by 10 to 32 lowercase letters or digits (got '${organizationId}')`);
  }
}

/** Whole days of a duration, at least `min`; tokens pass through. */
export function wholeDays(name: string, value: Duration, min: number): number {
  if (value.isUnresolved()) return value.toDays();
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min) {
    throw new Error(`${name} must be a whole number of days, at least ${min} (got ${value.toHumanString()})`);
  }
  return days;
}
