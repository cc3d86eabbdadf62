// Package URLs for the Python and Go ecosystems, as the purl specification (PURL-TYPES) defines
// them: `pkg:pypi` names are lowercased with `_` replaced by `-` (dots stay: `zope.interface`);
// `pkg:golang` keeps the module path as namespace/name, lowercased, each segment percent-encoded.

/** Percent-encodes a purl segment; `:` stays readable as the spec allows. */
function segment(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':');
}

/** The purl spec's pypi name normalisation. */
export function pypiName(name: string): string {
  return name.trim().toLowerCase().replace(/_/g, '-');
}

export function pypiPurl(name: string, version: string): string {
  return `pkg:pypi/${segment(pypiName(name))}@${segment(version)}`;
}

/** `github.com/BurntSushi/toml` + `v1.3.2` → `pkg:golang/github.com/burntsushi/toml@v1.3.2`. */
export function golangPurl(modulePath: string, version: string): string {
  const parts = modulePath.toLowerCase().split('/').filter((p) => p !== '').map(segment);
  return `pkg:golang/${parts.join('/')}${version === '' ? '' : `@${segment(version)}`}`;
}
