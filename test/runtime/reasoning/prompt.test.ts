import * as fc from 'fast-check';
import { alarm, EC2, input } from './helpers';
import {
  buildPrompt,
  closeMarker,
  fenceSafeJson,
  openMarker,
  reportFindingInputSchema,
  reportFindingTool,
  SYSTEM_PROMPT,
} from '../../../src/runtime/reasoning';

const NONCE = '0123456789abcdef0123456789abcdef';

describe('buildPrompt', () => {
  const ec2Input = input([alarm(EC2, 'CPUUtilization', { description: 'CPU > 90% for <b>15</b> minutes' })], {
    knowledge: [{ id: 'pm-1', title: 'Last outage', text: 'x'.repeat(5000) }],
  });
  const prompt = buildPrompt(ec2Input, { nonce: NONCE });

  test('the system text is fixed', () => {
    expect(prompt.system).toBe(SYSTEM_PROMPT);
  });

  test('the data block is fenced with the nonce and holds valid JSON of the incident', () => {
    expect(prompt.data.startsWith(`${openMarker(NONCE)}\n`)).toBe(true);
    expect(prompt.data.endsWith(`\n${closeMarker(NONCE)}`)).toBe(true);
    const inner = prompt.data.slice(openMarker(NONCE).length + 1, -closeMarker(NONCE).length - 1);
    const data = JSON.parse(inner);
    expect(data.signals[0].description).toBe('CPU > 90% for <b>15</b> minutes');
    expect(data.resources).toEqual([EC2]);
    expect(data.telemetry.results[0].evidence[0].ref).toBe(`metrics:CPUUtilization:${EC2.id}`);
    expect(data.knowledge[0].text.length).toBe(2001);
    expect(inner).not.toMatch(/[<>]/);
  });

  test('the instruction carries the catalogue and the markers, and nothing from telemetry', () => {
    expect(prompt.instruction).toContain('"id": "aws-restart-ec2-instance"');
    expect(prompt.instruction).toContain(openMarker(NONCE));
    expect(prompt.instruction).not.toContain('CPU > 90%');
    expect(prompt.instruction).not.toContain(EC2.id);
    expect(prompt.instruction).not.toContain('web is unhealthy');
  });

  test('an empty catalogue says so', () => {
    const none = buildPrompt({ ...ec2Input, candidates: [] }, { nonce: NONCE });
    expect(none.instruction).toMatch(/Runbook catalogue: empty/);
  });

  test.each(['', 'short', 'ABCDEF0123456789ABCD', `${NONCE}\n`, 'g'.repeat(32)])('rejects the nonce %j', (nonce) => {
    expect(() => buildPrompt(ec2Input, { nonce })).toThrow(/nonce must be/);
  });

  test('refuses data that contains the nonce', () => {
    const leaky = input([alarm(EC2, 'CPUUtilization', { description: `guess ${NONCE}` })]);
    expect(() => buildPrompt(leaky, { nonce: NONCE })).toThrow(/contains the nonce/);
  });
});

describe('report_finding tool', () => {
  test('the runbook id is an enum of the candidates', () => {
    const tool = reportFindingTool(input([alarm(EC2, 'CPUUtilization')]).candidates);
    expect(tool.name).toBe('report_finding');
    const runbook = (tool.inputSchema.json.properties as any).runbook;
    expect(runbook.properties.id.enum).toEqual(['aws-restart-ec2-instance']);
    expect(runbook.additionalProperties).toBe(false);
    expect(tool.inputSchema.json.required).toEqual(['cause', 'evidence', 'confidence']);
  });

  test('with no candidates there is no runbook property at all', () => {
    expect(reportFindingInputSchema([]).properties).not.toHaveProperty('runbook');
  });
});

describe('fenceSafeJson', () => {
  test('property: parses back to the same value and never contains < or > or line/bidi separators', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = fenceSafeJson(value);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      return !/[<>\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(text);
    }));
  });
});
