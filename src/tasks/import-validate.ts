import AjvModule, { type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ImportFormat, RowProblem, SourceRow } from './import-rows.ts';

// The validate stage of `import` (docs/imports.md): each row alone against the target's JSON Schema.
// CSV fields are text, so for CSV ajv coerces them to the schema's types (`coerceTypes`: "42" → 42
// for an integer, "true" → true for a boolean; "abc" stays wrong); JSONL values must already have
// their types. A row whose key repeats one earlier in the file is refused (the first one wins), so
// an upsert never writes one key twice in a file and the counts mean what they say.

// ajv and ajv-formats are CommonJS; under nodenext their default import is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface RowVerdict {
  values: Record<string, unknown> | null;
  problem: RowProblem | null;
}

export type RowValidator = (row: SourceRow) => RowVerdict;

/** A fresh validator per pass: the duplicate-key memory starts empty each time the file is read. */
export function createRowValidator(options: {
  schema: Record<string, unknown>;
  format: ImportFormat;
  /** The fields of the key (schema property names); empty without a key. */
  keyFields: readonly string[];
}): RowValidator {
  const ajv = new Ajv({ allErrors: false, coerceTypes: options.format === 'csv', strict: false, useDefaults: true });
  addFormats(ajv);
  const validate = ajv.compile(options.schema);
  const seen = new Map<string, number>();
  const { keyFields } = options;

  return (row) => {
    if (row.problem || !row.values) return { values: null, problem: row.problem };
    const values = row.values;
    if (!validate(values)) return { values: null, problem: describe(validate.errors?.[0]) };
    if (keyFields.length > 0) {
      const key = JSON.stringify(keyFields.map((f) => values[f]));
      const first = seen.get(key);
      if (first !== undefined) {
        return { values: null, problem: { field: keyFields.join(','), reason: `duplicate key: the same key as line ${first}` } };
      }
      seen.set(key, row.line);
    }
    return { values, problem: null };
  };
}

function describe(error: ErrorObject | undefined): RowProblem {
  if (!error) return { field: null, reason: 'invalid row' };
  const path = error.instancePath.split('/').slice(1).join('.');
  const field = path || null;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: String(p.missingProperty), reason: 'missing required field' };
    case 'type':
      return { field, reason: `wrong type: must be ${[p.type].flat().join(' or ')}` };
    case 'maxLength':
      return { field, reason: `too long: more than ${p.limit} characters` };
    case 'minLength':
      return { field, reason: `too short: fewer than ${p.limit} characters` };
    case 'additionalProperties':
      return { field: String(p.additionalProperty), reason: 'unknown column: not a field of the target' };
    case 'enum':
      return { field, reason: `not one of the allowed values (${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')})` };
    case 'format':
      return { field, reason: `wrong format: must be ${p.format}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { field, reason: `out of range: must be ${p.comparison} ${p.limit}` };
    default:
      return { field, reason: `${error.keyword}: ${error.message ?? 'invalid'}` };
  }
}
