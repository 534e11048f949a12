/**
 * The CSP `frame-ancestors` sources for a site: its allowed origins (already validated as
 * scheme://host[:port] by the sites file schema), or 'none' when it has none.
 */
export function frameAncestors(allowedOrigins: readonly string[]): string {
  const sources = allowedOrigins.filter((origin) =>
    /^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/.test(origin),
  );
  return sources.length > 0 ? sources.join(' ') : "'none'";
}
