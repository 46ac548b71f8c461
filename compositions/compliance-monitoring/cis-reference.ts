/**
 * Reads the CIS AWS Foundations Benchmark v3.0 section 4 reference the metric-filter table is checked against
 * (tests only). It lives beside the pinned CRDs: $SECURE_BASELINE_REFERENCE_DIR, default ../shared/reference
 * from the project root.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../lib/crds';

export const REFERENCE_DIR_ENV = 'SECURE_BASELINE_REFERENCE_DIR';
export const CIS_REFERENCE_FILE = 'cis-aws-foundations-v3-section4.txt';

export interface CisReferenceControl {
  readonly control: string;
  readonly id: string;
  readonly pattern: string;
}

/** Every `4.N  id` line of the reference with the pattern on the line that follows it. */
export function readCisReference(): CisReferenceControl[] {
  const dir = resolve(process.env[REFERENCE_DIR_ENV] ?? join(PROJECT_ROOT, '..', 'shared', 'reference'));
  const lines = readFileSync(join(dir, CIS_REFERENCE_FILE), 'utf8').split('\n');
  const controls: CisReferenceControl[] = [];
  lines.forEach((line, i) => {
    const m = /^(4\.\d+)\s+(\S+)\s*$/.exec(line);
    if (m) controls.push({ control: m[1], id: m[2], pattern: lines[i + 1] ?? '' });
  });
  return controls;
}
