/** Errors in the scoring data files (catalogue, rubrics), naming the file and the field. */
import type { z } from 'zod';

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.join('\n'));
    this.name = 'DataFileError';
  }
}

/** `file: path.to.field: message` for one zod issue. */
export function formatIssue(file: string, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${file}: ${path || '(top level)'}: ${message}`;
}
