import type { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { formatIssues } from '../format-issues.ts';

/** zod-openapi's hook for a failed validation: a 400 naming each bad field. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError; target: string },
): void {
  if (!result.success) {
    throw new ValidationError(`Invalid ${result.target}: ${formatIssues(result.error.issues)}`);
  }
}
