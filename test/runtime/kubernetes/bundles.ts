import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

/** The shipped pod bundles (real objects, see examples/kubernetes/pod-bundles/SOURCES.md). */
export const BUNDLE_DIR = path.resolve(__dirname, '..', '..', '..', 'examples', 'kubernetes', 'pod-bundles');

export interface Expectation { readonly category: string; readonly evidence: readonly string[] }

/** The ground truth beside the bundles: the category each source names, the strings its evidence must quote. */
export const EXPECTED: Readonly<Record<string, Expectation>> = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(path.join(BUNDLE_DIR, '..', 'pod-bundles.expected.json'), 'utf8')) as Record<string, unknown>)
    .filter(([k]) => k !== '//') as Array<[string, Expectation]>,
);

export const BUNDLE_FILES: readonly string[] = readdirSync(BUNDLE_DIR).filter((f) => f.endsWith('.json')).sort();

/** A bundle as parsed JSON, a fresh copy each call (tests may change it). */
export function loadBundle(file: string): any {
  return JSON.parse(readFileSync(path.join(BUNDLE_DIR, file), 'utf8'));
}
