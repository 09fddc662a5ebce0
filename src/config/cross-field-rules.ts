import type { Config } from './defaults.ts';
import { importTargetProblems } from './import-targets.ts';
import { exportSourceProblems } from './export-source-rules.ts';

// Rules between fields, which a per-field schema cannot say. A rule is checked only when its fields
// passed the schema (`wrong`), so one bad value gives one line.

type Sources = ReadonlyMap<string, string>;

const NOT_ABOVE: [lower: string, upper: string][] = [
  ['tasks.retryBaseSeconds', 'tasks.retryMaxSeconds'],
  ['retryAfter.minSeconds', 'retryAfter.defaultSeconds'],
  ['retryAfter.defaultSeconds', 'retryAfter.maxSeconds'],
  ['limits.pageSizeDefault', 'limits.pageSizeMax'],
  // Node refuses a headers timeout longer than the whole request's.
  ['http.headersTimeoutSeconds', 'http.requestTimeoutSeconds'],
];

export function crossFieldProblems(config: Config, sources: Sources, wrong: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const fieldValue = (field: string) => field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], config);
  const describe = (field: string) => `${field} (${JSON.stringify(fieldValue(field))}, ${sources.get(field) ?? 'default'})`;
  for (const [lower, upper] of NOT_ABOVE) {
    if (wrong.has(lower) || wrong.has(upper)) continue;
    if ((fieldValue(lower) as number) > (fieldValue(upper) as number)) problems.push(`${describe(lower)} must be ≤ ${describe(upper)}`);
  }
  if (!wrong.has('files.driver') && !wrong.has('files.s3.bucket') && config.files.driver === 's3' && config.files.s3.bucket === '') {
    problems.push(`${describe('files.s3.bucket')} must name a bucket when ${describe('files.driver')} is s3`);
  }
  const keyId = config.files.s3.accessKeyId !== '';
  if (!wrong.has('files.s3.accessKeyId') && !wrong.has('files.s3.secretAccessKey') && keyId !== (config.files.s3.secretAccessKey !== '')) {
    problems.push('files.s3.accessKeyId and files.s3.secretAccessKey must be set together (or both left empty for the default credential chain)');
  }
  if (!wrong.has('imports.targets')) problems.push(...importTargetProblems(config, sources, wrong));
  problems.push(...exportSourceProblems(config, sources, wrong));
  return problems;
}
