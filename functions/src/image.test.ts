/**
 * The container image runs the bundle with the Node.js flags the benchmark measured (FUNCTION_NODE_OPTIONS):
 * the Dockerfile states them as text, so this keeps the two from drifting apart.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_DIR, FUNCTION_NODE_OPTIONS } from '../build';

describe('function image', () => {
  const dockerfile = readFileSync(join(FUNCTION_DIR, 'Dockerfile'), 'utf8');

  it('sets NODE_OPTIONS to FUNCTION_NODE_OPTIONS', () => {
    const set = [...dockerfile.matchAll(/^ENV NODE_OPTIONS="([^"]*)"$/gm)].map((m) => m[1]);
    expect(set).toEqual([FUNCTION_NODE_OPTIONS.join(' ')]);
  });

  it('runs the bundle as a non-root user', () => {
    expect(dockerfile).toMatch(/^USER 65532:65532$/m);
    expect(dockerfile).toMatch(/^CMD \["\/function\/function\.mjs"\]$/m);
  });
});
