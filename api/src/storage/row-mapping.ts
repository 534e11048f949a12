/** Small converters between database rows and the repository's types. */
export const optionalDate = (value: unknown): Date | undefined =>
  value === null || value === undefined ? undefined : new Date(value as string | Date);

export const optional = <T>(value: T | null | undefined): T | undefined =>
  value === null ? undefined : value;
