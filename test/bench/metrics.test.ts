import { bcubedScore, coverage, noiseReduction, pairs, pairwiseScore, rootScore, scoreTriage, singletonLabel } from '../../scripts/bench/metrics';

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

describe('bcubedScore', () => {
  test('hand-computed: truth {0,1,2} {3,4}, predicted {0,1} {2,3,4}', () => {
    // precision per alert: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    const s = bcubedScore(['p', 'p', 'q', 'q', 'q'], ['x', 'x', 'x', 'y', 'y']);
    expect(s.precision).toBeCloseTo(11 / 15);
    expect(s.recall).toBeCloseTo(11 / 15);
  });

  test('everything in one group: recall 1, precision the mean share of each alert\'s truth', () => {
    const s = bcubedScore(['g', 'g', 'g', 'g'], ['x', 'y', 'y', 'y']);
    expect(s.recall).toBe(1);
    expect(s.precision).toBeCloseTo((1 / 4 + 3 * (3 / 4)) / 4);
  });
});

describe('scoreTriage', () => {
  const isNoise = (id: string) => id.startsWith('noise:');
  // Three incidents of three alerts each and one noise episode, in delivery order.
  const truth = ['inc:1', 'inc:2', 'inc:1', 'inc:3', 'inc:2', 'noise:1', 'inc:1', 'inc:3', 'inc:2', 'inc:3'];

  test('one page per episode is the ideal: ratio 1, every incident with a page of its own, precision and recall 1', () => {
    const s = scoreTriage(truth, truth, 4, isNoise);
    expect(s).toMatchObject({ ideal: 4, pages: 4, pagesOverIdeal: 1, incidents: 3, ownPage: 3, ownPageShare: 1 });
    expect(s.coverage.missed).toBe(0);
    expect(s.pairwise.precision).toBe(1);
    expect(s.bcubed.recall).toBe(1);
  });

  test('merging everything into one page: 0 missed, yet no incident has a page of its own and precision is low', () => {
    const s = scoreTriage(truth.map(() => 'all'), truth, 1, isNoise);
    expect(s.coverage.missed).toBe(0);
    expect(s.ownPage).toBe(0);
    expect(s.pagesOverIdeal).toBeCloseTo(0.25);
    expect(s.pairwise.recall).toBe(1);
    expect(s.pairwise.precision).toBeCloseTo(9 / 45);
    expect(s.bcubed.precision).toBeLessThan(0.35);
  });

  test('one alert per page: ratio 2.5, recall 0, and an incident whose first page is its own', () => {
    const s = scoreTriage(truth.map((_, i) => `g${i}`), truth, 10, isNoise);
    expect(s.pagesOverIdeal).toBeCloseTo(2.5);
    expect(s.ownPage).toBe(3);
    expect(s.pairwise.recall).toBe(0);
  });

  test('an incident absorbed into another\'s page is not on a page of its own; unpaged alerts make it missed', () => {
    // inc:2 joins inc:1's group; inc:3 is never paged.
    const group = truth.map((t) => (t === 'inc:3' ? undefined : t === 'inc:2' ? 'inc:1' : t));
    const s = scoreTriage(group, truth, 2, isNoise);
    expect(s.ownPage).toBe(0);
    expect(s.coverage.missedIds).toEqual(['inc:3']);
  });
});

describe('rootScore', () => {
  const truth = ['inc:1', 'inc:1', 'inc:1', 'inc:2', 'inc:2'];
  const roots = [false, true, false, true, false];
  const prints = ['a', 'db', 'c', 'q', 'r'];

  test('right when the main group names a root alert\'s fingerprint, wrong otherwise', () => {
    const group = ['G1', 'G1', 'G1', 'G2', 'G2'];
    const s = rootScore(group, truth, roots, prints, (g) => (g === 'G1' ? 'db' : 'r'));
    expect(s).toEqual({ judged: 2, correct: 1, unnamed: 0 });
  });

  test('a core that names no root is counted apart', () => {
    const s = rootScore(['G', 'G', 'G', 'G', 'G'], truth, roots, prints, () => undefined);
    expect(s).toEqual({ judged: 0, correct: 0, unnamed: 2 });
  });
});
