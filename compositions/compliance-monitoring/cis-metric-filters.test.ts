import { describe, expect, it } from '@jest/globals';
import { CIS_METRIC_FILTERS, cisMetricName } from './cis-metric-filters';
import { readCisReference } from './cis-reference';

/**
 * A small evaluator of the CloudWatch Logs JSON filter-pattern subset the CIS patterns use: `$.a.b` selectors,
 * `=` / `!=` against quoted or bare values with `*` wildcards, `NOT EXISTS`, `&&`, `||` and parentheses, with
 * && binding tighter than || (as CloudWatch Logs evaluates them). A missing property equals nothing.
 * It exists to pin down what each pattern matches, 4.1's unbracketed mix of || and && first of all.
 */
type Token = { kind: 'punct' | 'selector' | 'value' | 'word'; text: string };
type Event = Record<string, unknown>;
type Matcher = (e: Event) => boolean;

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(&&|\|\||!=|=|[{}()])|(\$\.[A-Za-z0-9_.]+)|"([^"]*)"|([A-Za-z0-9_.*:-]+))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < pattern.trimEnd().length && (m = re.exec(pattern))) {
    if (m[1]) tokens.push({ kind: 'punct', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'selector', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'value', text: m[3] });
    else if (m[4] === 'NOT' || m[4] === 'EXISTS') tokens.push({ kind: 'word', text: m[4] });
    else tokens.push({ kind: 'value', text: m[4] });
  }
  if (re.lastIndex < pattern.trimEnd().length) throw new Error(`cannot tokenize at ${re.lastIndex}: ${pattern.slice(re.lastIndex)}`);
  return tokens;
}

function compileFilterPattern(pattern: string): Matcher {
  const tokens = tokenize(pattern);
  let i = 0;
  const peek = () => tokens[i];
  const take = (text?: string) => {
    const t = tokens[i++];
    if (!t || (text !== undefined && t.text !== text)) throw new Error(`expected ${text ?? 'a token'} at token ${i - 1} of ${pattern}`);
    return t;
  };
  const valueAt = (e: Event, selector: string) => selector.slice(2).split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Event)[k] : undefined), e);
  const wildcard = (v: string) => new RegExp(`^${v.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

  const comparison = (): Matcher => {
    const selector = take().text;
    const op = take();
    if (op.text === 'NOT') { take('EXISTS'); return (e) => valueAt(e, selector) === undefined; }
    const expected = wildcard(take().text);
    const equals = (e: Event) => { const v = valueAt(e, selector); return v !== undefined && expected.test(String(v)); };
    if (op.text === '=') return equals;
    if (op.text === '!=') return (e) => !equals(e);
    throw new Error(`unknown operator ${op.text}`);
  };
  const primary = (): Matcher => {
    if (peek()?.text === '(') { take('('); const inner = or(); take(')'); return inner; }
    return comparison();
  };
  const and = (): Matcher => {
    const parts = [primary()];
    while (peek()?.text === '&&') { take('&&'); parts.push(primary()); }
    return (e) => parts.every((p) => p(e));
  };
  const or = (): Matcher => {
    const parts = [and()];
    while (peek()?.text === '||') { take('||'); parts.push(and()); }
    return (e) => parts.some((p) => p(e));
  };
  take('{');
  const matcher = or();
  take('}');
  if (i !== tokens.length) throw new Error(`trailing tokens in ${pattern}`);
  return matcher;
}

describe('CIS metric filter table', () => {
  it('equals the benchmark reference, read now: every control, id and pattern, in order', () => {
    const reference = readCisReference();
    expect(reference).toHaveLength(15);
    expect(CIS_METRIC_FILTERS.map(({ control, id, pattern }) => ({ control, id, pattern }))).toEqual(reference);
  });

  it('has distinct ids, titles and metric names', () => {
    for (const key of ['id', 'title'] as const) expect(new Set(CIS_METRIC_FILTERS.map((f) => f[key])).size).toBe(15);
    expect(new Set(CIS_METRIC_FILTERS.map(cisMetricName)).size).toBe(15);
    expect(cisMetricName({ id: 'unauthorized-api-calls' })).toBe('UnauthorizedApiCalls');
  });
});

describe('what the CIS patterns match', () => {
  const matcher = Object.fromEntries(CIS_METRIC_FILTERS.map((f) => [f.control, compileFilterPattern(f.pattern)]));
  const api = (eventName: string, eventSource = 'ec2.amazonaws.com'): Event => ({ eventName, eventSource, eventType: 'AwsApiCall', sourceIPAddress: '203.0.113.7', userIdentity: { type: 'IAMUser' } });
  const samples: Record<string, { match: Event[]; noMatch: Event[] }> = {
    '4.1': { match: [{ ...api('RunInstances'), errorCode: 'Client.UnauthorizedOperation' }, { ...api('GetObject', 's3.amazonaws.com'), errorCode: 'AccessDenied' }], noMatch: [api('RunInstances')] },
    '4.2': {
      match: [{ ...api('ConsoleLogin', 'signin.amazonaws.com'), additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Success' } }],
      noMatch: [
        { ...api('ConsoleLogin', 'signin.amazonaws.com'), additionalEventData: { MFAUsed: 'Yes' }, responseElements: { ConsoleLogin: 'Success' } },
        { ...api('ConsoleLogin', 'signin.amazonaws.com'), additionalEventData: { MFAUsed: 'No' }, responseElements: { ConsoleLogin: 'Failure' } },
      ],
    },
    '4.3': {
      match: [{ ...api('CreateUser', 'iam.amazonaws.com'), userIdentity: { type: 'Root' } }],
      noMatch: [{ ...api('CreateUser', 'iam.amazonaws.com'), userIdentity: { type: 'Root', invokedBy: 'support.amazonaws.com' } }, { ...api('CreateUser'), userIdentity: { type: 'Root' }, eventType: 'AwsServiceEvent' }, api('CreateUser')],
    },
    '4.4': { match: [api('PutRolePolicy', 'iam.amazonaws.com'), api('DetachGroupPolicy', 'iam.amazonaws.com')], noMatch: [api('GetRolePolicy', 'iam.amazonaws.com')] },
    '4.5': { match: [api('StopLogging', 'cloudtrail.amazonaws.com'), api('DeleteTrail', 'cloudtrail.amazonaws.com')], noMatch: [api('LookupEvents', 'cloudtrail.amazonaws.com')] },
    '4.6': { match: [{ ...api('ConsoleLogin', 'signin.amazonaws.com'), errorMessage: 'Failed authentication' }], noMatch: [api('ConsoleLogin', 'signin.amazonaws.com')] },
    '4.7': { match: [api('ScheduleKeyDeletion', 'kms.amazonaws.com'), api('DisableKey', 'kms.amazonaws.com')], noMatch: [api('Decrypt', 'kms.amazonaws.com'), api('DisableKey', 'ec2.amazonaws.com')] },
    '4.8': { match: [api('PutBucketPolicy', 's3.amazonaws.com'), api('DeleteBucketCors', 's3.amazonaws.com')], noMatch: [api('GetBucketPolicy', 's3.amazonaws.com')] },
    '4.9': { match: [api('StopConfigurationRecorder', 'config.amazonaws.com'), api('DeleteDeliveryChannel', 'config.amazonaws.com')], noMatch: [api('StartConfigurationRecorder', 'config.amazonaws.com')] },
    '4.10': { match: [api('AuthorizeSecurityGroupIngress'), api('DeleteSecurityGroup')], noMatch: [api('DescribeSecurityGroups')] },
    '4.11': { match: [api('CreateNetworkAclEntry'), api('ReplaceNetworkAclAssociation')], noMatch: [api('DescribeNetworkAcls')] },
    '4.12': { match: [api('AttachInternetGateway'), api('CreateCustomerGateway')], noMatch: [api('DescribeInternetGateways')] },
    '4.13': { match: [api('CreateRoute'), api('DisassociateRouteTable')], noMatch: [api('DescribeRouteTables')] },
    '4.14': { match: [api('ModifyVpcAttribute'), api('CreateVpcPeeringConnection')], noMatch: [api('DescribeVpcs')] },
    '4.15': { match: [api('LeaveOrganization', 'organizations.amazonaws.com'), api('CreateAccount', 'organizations.amazonaws.com')], noMatch: [api('ListAccounts', 'organizations.amazonaws.com'), api('CreateAccount', 'iam.amazonaws.com')] },
  };

  it('every control has samples', () => {
    expect(Object.keys(samples).sort()).toEqual(CIS_METRIC_FILTERS.map((f) => f.control).sort());
  });

  it.each(CIS_METRIC_FILTERS.map((f) => [f.control, f.title] as const))('%s (%s) alarms on what it is about and on nothing else', (control) => {
    for (const e of samples[control].match) expect([control, e, matcher[control](e)]).toEqual([control, e, true]);
    for (const e of samples[control].noMatch) expect([control, e, matcher[control](e)]).toEqual([control, e, false]);
  });

  it('4.1: && binds tighter, so the exclusions apply to AccessDenied only and every UnauthorizedOperation alarms', () => {
    const m = matcher['4.1'];
    const logDelivery = { sourceIPAddress: 'delivery.logs.amazonaws.com' };
    expect(m({ ...api('RunInstances'), ...logDelivery, errorCode: 'Client.UnauthorizedOperation' })).toBe(true);
    expect(m({ ...api('HeadBucket', 's3.amazonaws.com'), errorCode: 'Client.UnauthorizedOperation' })).toBe(true);
    expect(m({ ...api('PutObject', 's3.amazonaws.com'), ...logDelivery, errorCode: 'AccessDenied' })).toBe(false);
    expect(m({ ...api('HeadBucket', 's3.amazonaws.com'), errorCode: 'AccessDenied' })).toBe(false);
    expect(m({ ...api('AssumeRole', 'sts.amazonaws.com'), errorCode: 'AccessDeniedException' })).toBe(true);
  });

  it('the evaluator is strict: unbalanced or unknown syntax does not compile', () => {
    expect(() => compileFilterPattern('{ ($.eventName = CreateVpc) ')).toThrow();
    expect(() => compileFilterPattern('{ $.eventName ~ CreateVpc }')).toThrow();
    expect(compileFilterPattern('{ ($.a = "x*") || ($.b = 1) && ($.c != 2) }')({ a: 'y', b: 1, c: 3 })).toBe(true);
  });
});
