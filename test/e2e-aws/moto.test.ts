import { describe, expect, it } from '@jest/globals';
import { writesIn } from './moto';

const request = (line: string, status = 200) => `127.0.0.1 - - [07/Dec/2026 20:21:57] "${line} HTTP/1.1" ${status} -\n`;

describe('writesIn: the calls in moto\'s log that change something in AWS', () => {
  it.each([
    ['a KMS write, with its key', 'call EnableKeyRotation 7aeddf0f\n', ['EnableKeyRotation']],
    ['KMS reads', 'call DescribeKey 7aeddf0f\ncall GetKeyRotationStatus 7aeddf0f\ncall ListResourceTags 7aeddf0f\n', []],
    ['a query-API write', 'call AuthorizeSecurityGroupIngress\n', ['AuthorizeSecurityGroupIngress']],
    ['STS credentials', 'call AssumeRole\n', []],
    ['a REST write', request('PUT /2015-03-31/functions/dev-minimal/configuration'), ['PUT /2015-03-31/functions/dev-minimal/configuration']],
    ['an S3 deletion', request('DELETE /app-data?encryption', 204), ['DELETE /app-data?encryption']],
    ['REST reads', request('GET /app-data?encryption') + request('HEAD /app-data'), []],
    ['JSON and query calls in the request log (logged apart as `call`)', request('POST /'), []],
    ['CloudWatch\'s operation-in-path protocol', request('POST /service/GraniteServiceVersion20100801/operation/DescribeAlarms') + request('POST /service/GraniteServiceVersion20100801/operation/PutMetricAlarm'), ['PutMetricAlarm']],
    // Both writers share stderr, so one line can hold the end of one and the start of the other.
    ['two writers on one line, in order', `call EnableKeyRotation 7aeddf0f127.0.0.1 - - [07/Dec/2026 20:21:57] "PATCH /restapis/abc HTTP/1.1" 200 -\n`, ['EnableKeyRotation', 'PATCH /restapis/abc']],
    ['a refused write is still a write', request('PUT /bucket?logging', 400), ['PUT /bucket?logging']],
    ['a Python traceback in moto\'s log is no call', 'Error on request:\nTraceback (most recent call last):\n  File "serving.py", line 374\ncall ModifyVpcEndpoint IpAddressType,VpcEndpointId\n', ['ModifyVpcEndpoint']],
  ])('%s', (_what, log, expected) => {
    expect(writesIn(log)).toEqual(expected);
  });
});
