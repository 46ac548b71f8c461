/**
 * Kubernetes evaluates OpenAPI `pattern`s and CEL `matches()` with Go's RE2; JavaScript's RegExp accepts nearly
 * the same syntax. This translates the RE2-only spellings that appear in practice (leading flag groups such as
 * `(?i)`, `\A`, `\z`, `(?P<name>`, POSIX classes like `[[:alpha:]]`) so such patterns are enforced instead of
 * throwing. Anything else that JavaScript cannot compile surfaces as an error (a reported issue), never a pass.
 */

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

export function re2ToJs(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    source = source.slice(lead[0].length);
    for (const f of 'ims') if (lead[1].includes(f)) flags += f;
  }
  source = source
    .replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2^')
    .replace(/(^|[^\\])((?:\\\\)*)\\z/g, '$1$2$')
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => (POSIX[name] && !neg ? POSIX[name] : m));
  return { source, flags };
}

const cache = new Map<string, RegExp>();

/** A RegExp for an RE2 pattern (unicode mode when JavaScript accepts the pattern in it). Cached. */
export function re2RegExp(pattern: string, extraFlags = ''): RegExp {
  const key = `${extraFlags}/${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const { source, flags } = re2ToJs(pattern);
    try {
      re = new RegExp(source, flags + extraFlags);
    } catch {
      // Unicode mode rejects some escapes RE2 allows (e.g. `\-` outside a class): retry without it.
      re = new RegExp(source, flags + extraFlags.replace('u', ''));
    }
    cache.set(key, re);
  }
  return re;
}
