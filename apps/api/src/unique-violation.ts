/**
 * Whether a database error is a unique violation of `constraint`. pg and PGlite both carry
 * SQLSTATE in `code`; drizzle may wrap the driver's error in `cause`.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const { code, constraint: name } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505') return name === undefined || name === constraint;
  }
  return false;
}
