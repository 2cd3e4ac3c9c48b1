import { coverage, noiseReduction, pairs, pairwiseScore, singletonLabel } from '../../scripts/bench/metrics';

describe('pairwiseScore', () => {
  test('perfect grouping scores 1 / 1', () => {
    const s = pairwiseScore(['a', 'a', 'b', 'b', 'b'], ['x', 'x', 'y', 'y', 'y']);
    expect(s).toMatchObject({ predictedPairs: 4, truthPairs: 4, truePairs: 4, precision: 1, recall: 1 });
  });

  test('hand-computed merge and split', () => {
    // truth: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}
    // predicted pairs: 1 + 3 = 4; truth pairs: 3 + 1 = 4; true pairs: (0,1) and (3,4) = 2
    const s = pairwiseScore(['p', 'p', 'q', 'q', 'q'], ['x', 'x', 'x', 'y', 'y']);
    expect(s.predictedPairs).toBe(4);
    expect(s.truthPairs).toBe(4);
    expect(s.truePairs).toBe(2);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
  });

  test('everything in one group: recall 1, precision = truth pairs / all pairs', () => {
    // truth {0,1} {2,3}: 2 truth pairs of 6
    const s = pairwiseScore(['g', 'g', 'g', 'g'], ['x', 'x', 'y', 'y']);
    expect(s.recall).toBe(1);
    expect(s.precision).toBeCloseTo(2 / 6);
  });

  test('singletons: no pairs claimed is precision 1, recall 0', () => {
    const s = pairwiseScore([0, 1, 2].map(singletonLabel), ['x', 'x', 'x']);
    expect(s).toMatchObject({ predictedPairs: 0, truthPairs: 3, truePairs: 0, precision: 1, recall: 0 });
  });

  test('matches brute-force pair enumeration on a random case', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const predicted = Array.from({ length: 60 }, () => `p${Math.floor(rnd() * 6)}`);
    const truth = Array.from({ length: 60 }, () => `t${Math.floor(rnd() * 5)}`);
    let pp = 0;
    let tp = 0;
    let both = 0;
    for (let i = 0; i < 60; i++) {
      for (let j = i + 1; j < 60; j++) {
        const p = predicted[i] === predicted[j];
        const t = truth[i] === truth[j];
        if (p) pp++;
        if (t) tp++;
        if (p && t) both++;
      }
    }
    const s = pairwiseScore(predicted, truth);
    expect([s.predictedPairs, s.truthPairs, s.truePairs]).toEqual([pp, tp, both]);
  });

  test('rejects arrays of different lengths', () => {
    expect(() => pairwiseScore(['a'], [])).toThrow(/1 labels, truth 0/);
  });

  test('pairs is n choose 2, exact at 100k', () => {
    expect(pairs(0)).toBe(0);
    expect(pairs(1)).toBe(0);
    expect(pairs(4)).toBe(6);
    expect(pairs(100_000)).toBe(4_999_950_000);
  });
});

describe('coverage', () => {
  const isNoise = (id: string) => id.startsWith('noise:');

  test('counts incidents with no covered alert, and paged noise apart', () => {
    const truth = ['inc:1', 'inc:1', 'inc:2', 'noise:1', 'noise:2', 'inc:3'];
    const covered = [false, true, false, true, false, true];
    const c = coverage(covered, truth, isNoise);
    expect(c).toMatchObject({ incidents: 3, missed: 1, missedIds: ['inc:2'], noiseEpisodes: 2, noisePaged: 1 });
  });
});

describe('noiseReduction', () => {
  test('is 1 - pages / alerts', () => {
    expect(noiseReduction(5, 100)).toBeCloseTo(0.95);
    expect(noiseReduction(0, 0)).toBe(0);
  });
});
