import type { FieldError } from './problems.ts';

// JSON Schema validation errors (ajv's shape) as field errors with JSON Pointers (RFC 6901). One
// mapping for every validator: route schemas, the submission body, task types' input schemas.

/** The parts of an ajv `ErrorObject` the mapping reads. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Names the offending property itself rather than its parent object. */
export function fieldErrorOf(issue: SchemaIssue): FieldError {
  if (issue.keyword === 'required') {
    return { pointer: `${issue.instancePath}/${escapePointer(String(issue.params.missingProperty))}`, detail: 'is required' };
  }
  if (issue.keyword === 'additionalProperties') {
    const extra = String(issue.params.additionalProperty);
    return { pointer: `${issue.instancePath}/${escapePointer(extra)}`, detail: 'is not allowed' };
  }
  return { pointer: issue.instancePath, detail: issue.message ?? issue.keyword };
}

export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
