/** Small converters between database rows and the repository's types. */
export const optionalDate = (value: unknown): Date | undefined =>
  value === null || value === undefined ? undefined : new Date(value as string | Date);

export const optional = <T>(value: T | null | undefined): T | undefined =>
  value === null ? undefined : value;

/** Builds `($1,$2,...),($n+1,...)` for a multi-row INSERT of `rows` rows of `width` columns. */
export function valuesPlaceholders(rows: number, width: number): string {
  return Array.from(
    { length: rows },
    (_, row) =>
      `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(',')})`,
  ).join(',');
}
