/** Every compliance rule, in one list (ids are unique; a test checks it). Adding a rule = adding it to its service's file. */
import type { Rule } from '../rule';
import { APIGATEWAY_RULES } from './apigateway';
import { AUDIT_RULES } from './audit';
import { CROSSCUTTING_RULES } from './crosscutting';
import { DYNAMODB_RULES } from './dynamodb';
import { IAM_RULES } from './iam';
import { KMS_RULES } from './kms';
import { LAMBDA_RULES } from './lambda';
import { LOGS_RULES } from './logs';
import { NETWORK_RULES } from './network';
import { RDS_RULES } from './rds';
import { S3_RULES } from './s3';
import { SECRETS_RULES } from './secrets';
import { SNS_RULES } from './sns';

export const RULES: readonly Rule[] = [
  ...KMS_RULES, ...S3_RULES, ...DYNAMODB_RULES, ...SECRETS_RULES, ...SNS_RULES,
  ...RDS_RULES, ...NETWORK_RULES, ...LAMBDA_RULES, ...LOGS_RULES,
  ...IAM_RULES, ...AUDIT_RULES, ...APIGATEWAY_RULES, ...CROSSCUTTING_RULES,
];
