import type { FieldError } from './problems.ts';

// JSON Schema validation errors (ajv's shape) as field errors with JSON Pointers (RFC 6901). One
// mapping for every validator: route schemas, the submission body, task types' input schemas.

/**
 * JSON Schema `pattern` for text the store keeps as text (ids, names, metadata, URLs): no NUL
 * character. PostgreSQL cannot store one in a text column, so both backends refuse it alike.
 */
export const NO_NUL_PATTERN = '^[^\\u0000]*$';

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
  if (issue.keyword === 'pattern' && issue.params.pattern === NO_NUL_PATTERN) {
    return { pointer: issue.instancePath, detail: 'must not contain the NUL character (\\u0000)' };
  }
  if (issue.keyword === 'enum' && Array.isArray(issue.params.allowedValues) && issue.params.allowedValues.length <= 50) {
    return { pointer: issue.instancePath, detail: `must be one of: ${issue.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  if (issue.keyword === 'propertyNames') return { pointer: issue.instancePath, detail: 'has a property name that is not allowed' };
  return { pointer: issue.instancePath, detail: issue.message ?? issue.keyword };
}

export function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
