/** Every compliance rule, in one list (ids are unique; a test checks it). Adding a rule = adding it to its service's file. */
import type { Rule } from '../rule';
import { KMS_RULES } from './kms';

export const RULES: readonly Rule[] = [...KMS_RULES];
