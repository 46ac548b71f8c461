/**
 * The Lambda managed runtimes a SecureFunction may use: one reviewed table, from which the schema's enum is
 * derived. A runtime is admitted only if AWS's deprecation date for it lies after the day the table was
 * reviewed: a deprecated runtime gets no more security patches (and soon cannot be created or updated).
 *
 * Source: AWS Lambda Developer Guide, "Lambda runtimes" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html),
 * tables "Supported runtimes" (column "Deprecation date") and "Deprecated runtimes". Dates are AWS's projected
 * dates and may move; review the table (and bump REVIEWED_ON) when AWS announces a runtime or changes a date.
 * Recently deprecated runtimes stay in the table, so the review shows they were considered and refused.
 * OS-only runtimes (provided.*) serve Go, Rust and custom runtimes; container images (spec.code.imageUri) carry
 * their own runtime and are not checked against this table.
 */

/** The day the table was last checked against the AWS page (ISO date). */
export const REVIEWED_ON = '2026-11-23';

/** Runtime identifier → AWS deprecation date (ISO date; the runtime stops receiving patches that day). */
export const RUNTIME_DEPRECATION_DATES = {
  'nodejs24.x': '2028-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs20.x': '2026-04-30',
  'python3.14': '2029-06-30',
  'python3.13': '2029-06-30',
  'python3.12': '2028-10-31',
  'python3.11': '2026-06-30',
  'python3.10': '2026-06-30',
  'java25': '2029-06-30',
  'java21': '2029-06-30',
  'java17': '2026-06-30',
  'java11': '2026-06-30',
  'java8.al2': '2026-06-30',
  'dotnet10': '2028-11-14',
  'dotnet8': '2026-11-10',
  'ruby3.4': '2028-03-31',
  'ruby3.3': '2027-03-31',
  'ruby3.2': '2026-03-31',
  'provided.al2023': '2029-06-30',
  'provided.al2': '2026-06-30',
} as const satisfies Record<string, string>;

export type KnownRuntime = keyof typeof RUNTIME_DEPRECATION_DATES;

/** The runtimes admitted: those not deprecated on REVIEWED_ON (ISO dates compare as strings). */
export const SUPPORTED_RUNTIMES = (Object.keys(RUNTIME_DEPRECATION_DATES) as KnownRuntime[])
  .filter((r) => RUNTIME_DEPRECATION_DATES[r] > REVIEWED_ON);

