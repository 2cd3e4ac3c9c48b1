import { checkBudget, InMemoryTokenLedger, monthOf, recordUsage, totalTokens } from '../../../src/runtime/reasoning';

const limits = { perIncidentTokens: 1000, monthlyTokens: 5000 };

describe('token budget', () => {
  test('monthOf is the UTC month', () => {
    expect(monthOf(new Date('2026-03-31T23:59:59Z'))).toBe('2026-03');
    expect(monthOf(new Date('2026-04-01T00:00:00+02:00'))).toBe('2026-03');
  });

  test('a call that fits both budgets is allowed, with what remains', async () => {
    const ledger = new InMemoryTokenLedger();
    await ledger.add('2026-03', 300, 'inc-1');
    await expect(checkBudget(ledger, limits, { month: '2026-03', incidentId: 'inc-1', estimate: 700 }))
      .resolves.toEqual({ ok: true, incidentRemaining: 700, monthlyRemaining: 4700 });
  });

  test('the per-incident budget stops a call', async () => {
    const ledger = new InMemoryTokenLedger();
    await ledger.add('2026-03', 300, 'inc-1');
    const check = await checkBudget(ledger, limits, { month: '2026-03', incidentId: 'inc-1', estimate: 701 });
    expect(check).toEqual({ ok: false, reason: 'per-incident token budget: 300 used, 701 more needed, limit 1000' });
  });

  test('the monthly cap stops a call even for a fresh incident', async () => {
    const ledger = new InMemoryTokenLedger();
    for (let i = 0; i < 5; i++) await ledger.add('2026-03', 990, `old-${i}`);
    const check = await checkBudget(ledger, limits, { month: '2026-03', incidentId: 'inc-new', estimate: 100 });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(/^monthly token budget for 2026-03: 4950 used/);
    await expect(checkBudget(ledger, limits, { month: '2026-04', incidentId: 'inc-new', estimate: 100 })).resolves.toMatchObject({ ok: true });
  });

  test('recordUsage adds input and output tokens to the month and the incident', async () => {
    const ledger = new InMemoryTokenLedger();
    await recordUsage(ledger, { month: '2026-03', incidentId: 'inc-1', usage: { inputTokens: 120, outputTokens: 30 } });
    await recordUsage(ledger, { month: '2026-03', incidentId: 'inc-2', usage: { inputTokens: 0, outputTokens: 0 } });
    expect(await ledger.getMonthlyUsage('2026-03')).toBe(150);
    expect(await ledger.getIncidentUsage('inc-1')).toBe(150);
    expect(await ledger.getIncidentUsage('inc-2')).toBe(0);
    expect(totalTokens({ inputTokens: 1, outputTokens: 2 })).toBe(3);
  });

  test('the ledger refuses negative spend', async () => {
    await expect(new InMemoryTokenLedger().add('2026-03', -1, 'inc-1')).rejects.toThrow(/non-negative/);
  });
});
