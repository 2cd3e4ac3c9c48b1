import * as fc from 'fast-check';
import { DECISION, finding, incident, LONG_TASK_TOKEN } from './fixtures';
import {
  ApprovalActionId, approvalIdFor, buildApprovalMessage, buildDecidedMessage, APPROVAL_ID_PATTERN,
} from '../../../src/runtime/approval';
import { SlackLimits, type SlackBlock, type SlackTextObject } from '../../../src/runtime/comms';

const approvalId = approvalIdFor(LONG_TASK_TOKEN);
const options = { approvalId, expiresAt: '2026-03-10T13:00:00.000Z' };

/** Every text object in the blocks, with where it sits. */
function texts(blocks: readonly SlackBlock[]): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  const add = (where: string, t?: SlackTextObject) => { if (t) out.push({ where, text: t.text }); };
  for (const b of blocks) {
    if (b.type === 'header') add('header', b.text);
    if (b.type === 'section') { add('section', b.text); b.fields?.forEach((f) => add('field', f)); }
    if (b.type === 'context') b.elements.forEach((e) => add('context', e));
    if (b.type === 'actions') b.elements.forEach((e) => { add('button', e.text); if (e.confirm) add('confirm', e.confirm.text); });
  }
  return out;
}

const LIMIT: Record<string, number> = {
  header: SlackLimits.HEADER_TEXT,
  section: SlackLimits.SECTION_TEXT,
  field: SlackLimits.SECTION_FIELD_TEXT,
  context: SlackLimits.SECTION_FIELD_TEXT,
  button: SlackLimits.BUTTON_TEXT,
  confirm: SlackLimits.CONFIRM_TEXT,
};

describe('buildApprovalMessage', () => {
  const message = buildApprovalMessage(incident(), finding(), DECISION, options);
  const blocks = message.blocks!;

  test('has a header, the facts as fields, cause, runbook parameters, reasons and two buttons', () => {
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Approval needed: checkout: 5xx rate above 5%', emoji: true } });
    const all = texts(blocks).map((t) => t.text).join('\n');
    expect(all).toContain('*Priority*\nP1 (critical)');
    expect(all).toContain('*Services*\ncheckout');
    expect(all).toContain('`ecs-rollback-deployment`');
    expect(all).toContain('82% (bedrock)');
    expect(all).toContain('exhausts the database connection pool');
    expect(all).toContain('• cluster: prod\n• service: checkout');
    expect(all).toContain('• P1 incident in production: a human approves rollbacks\n• error budget below 10%');
    expect(all).toContain('approval-for-any-runbook');
    expect(all).toMatch(/escalated, never approved/);
  });

  test('Approve is primary with a confirmation, Deny is danger, both carry the approval id and never the task token', () => {
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions).toMatchObject({
      block_id: 'cdk-aiops.approval',
      elements: [
        { action_id: ApprovalActionId.APPROVE, style: 'primary', value: approvalId, confirm: { confirm: { text: 'Approve' } } },
        { action_id: ApprovalActionId.DENY, style: 'danger', value: approvalId },
      ],
    });
    expect(JSON.stringify(message)).not.toContain(LONG_TASK_TOKEN.slice(0, 30));
    expect(approvalId.length).toBeLessThanOrEqual(SlackLimits.BUTTON_VALUE);
  });

  test('GIVEN an injection-like incident title THEN every occurrence is escaped: no mention, no link', () => {
    const evil = incident({
      title: '<!channel> db down <https://evil.example|click here> & <@U999> <!subteam^S123>',
      services: ['<!here>'],
    });
    const m = buildApprovalMessage(evil, finding({ cause: 'see <https://evil.example|this>', runbook: { id: 'r', parameters: { '<!everyone>': '<http://x|y>' } } }),
      { ...DECISION, reasons: ['<!channel> because'] }, options);
    const json = JSON.stringify(m.blocks);
    expect(json).not.toMatch(/<!channel>|<!here>|<!everyone>|<!subteam|<https?:|<@U999>/);
    expect(json).toContain('&lt;!channel&gt; db down &lt;https://evil.example|click here&gt; &amp; &lt;@U999&gt;');
    expect(json).toContain('&lt;!here&gt;');
    expect(json).toContain('see &lt;https://evil.example|this&gt;');
    // Untrusted text goes in verbatim mrkdwn, so bare @here / URLs are not auto-parsed either.
    for (const b of m.blocks!) if (b.type === 'section' && b.text?.type === 'mrkdwn') expect(b.text.verbatim).toBe(true);
    // The plain text stays plain (the adapters escape it for Slack).
    expect(m.text).toContain('<!channel> db down');
  });

  test('GIVEN huge incident text THEN every text object is within Slack limits', () => {
    const huge = 'x<&>'.repeat(5000);
    const m = buildApprovalMessage(
      incident({ title: huge, services: Array.from({ length: 100 }, (_, i) => `service-${i}-${huge.slice(0, 50)}`) }),
      finding({ cause: huge, runbook: { id: 'r'.repeat(128), parameters: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, huge])) } }),
      { ...DECISION, reasons: Array.from({ length: 40 }, () => huge) },
      options,
    );
    for (const t of texts(m.blocks!)) expect(t.text.length).toBeLessThanOrEqual(LIMIT[t.where]);
    expect(m.blocks!.length).toBeLessThanOrEqual(SlackLimits.MESSAGE_BLOCKS);
  });

  test('property: for any title, cause and parameters, limits hold and no raw < or > from the input survives', () => {
    const parametersArb = fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 600 }));
    fc.assert(fc.property(fc.string({ maxLength: 4000 }), fc.string({ maxLength: 4000 }), parametersArb,
      (title, cause, parameters) => {
        const m = buildApprovalMessage(incident({ title: `t${title}` }), finding({ cause: `c${cause}`, runbook: { id: 'r', parameters } }), DECISION, options);
        for (const t of texts(m.blocks!)) {
          expect(t.text.length).toBeLessThanOrEqual(LIMIT[t.where]);
          // The only < > left are the ones this library writes: none, in an approval request.
          expect(t.text).not.toMatch(/[<>]/);
          // No half entity at a cut.
          expect(t.text).not.toMatch(/&(a|am|l|g)?…/);
        }
      }), { numRuns: 150 });
  });

  test('GIVEN no runbook THEN it says so', () => {
    const m = buildApprovalMessage(incident(), finding({ runbook: undefined }), DECISION, options);
    expect(JSON.stringify(m.blocks)).toContain('_no runbook_');
  });

  test('GIVEN a task token as approval id THEN it refuses to build', () => {
    expect(() => buildApprovalMessage(incident(), finding(), DECISION, { ...options, approvalId: LONG_TASK_TOKEN })).toThrow(/never a task token/);
    expect(() => buildApprovalMessage(incident(), finding(), DECISION, { ...options, approvalId: 'a b' })).toThrow();
  });
});

describe('approvalIdFor', () => {
  test('is deterministic, URL-safe, short, and does not contain the token', () => {
    expect(approvalIdFor(LONG_TASK_TOKEN)).toBe(approvalIdFor(LONG_TASK_TOKEN));
    expect(approvalIdFor(LONG_TASK_TOKEN)).not.toBe(approvalIdFor(`${LONG_TASK_TOKEN}x`));
    expect(approvalIdFor(LONG_TASK_TOKEN)).toMatch(APPROVAL_ID_PATTERN);
    expect(approvalIdFor(LONG_TASK_TOKEN)).toHaveLength(43);
    expect(approvalIdFor('abcdefgh')).not.toContain('abcdefgh');
  });
});

describe('buildDecidedMessage', () => {
  test('says who decided, with a mention and the escaped name, and has no buttons', () => {
    const m = buildDecidedMessage({ incidentId: 'inc-1', runbookId: 'r1', outcome: 'denied', by: { id: 'U123ABC', name: '<!channel> Eve' }, at: '2026-03-10T12:00:00.000Z' });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('<@U123ABC>');
    expect(json).toContain('&lt;!channel&gt; Eve');
    expect(json).not.toContain('"actions"');
    expect(m.text).toBe('Denied: runbook r1 by <!channel> Eve (U123ABC) at 2026-03-10T12:00:00.000Z. Incident inc-1.');
  });
});
