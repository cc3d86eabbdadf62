// go.mod + go.sum: the modules go.mod requires (Go 1.17+ lists every module the build needs,
// `// indirect` included) after `replace` directives, each with go.sum's `h1:` hash — Go's
// SHA-256 over the module's file tree (dirhash), recorded as SHA-256 hex as cdxgen does.
// Local-path replacements are not published modules and are reported instead.
import { SbomError } from '../errors.js';
import { sortHashes, type SbomSourceReader, type SourceInput, type SourcePackage, type SourceReading } from './model.js';
import { golangPurl } from './purl.js';

interface GoMod {
  readonly module?: string;
  readonly requires: { path: string; version: string; line: number }[];
  readonly replaces: Map<string, { path: string; version?: string; line: number }>;
}

/** go.mod's `directive args` lines and `directive ( … )` blocks, comments removed. */
export function parseGoMod(text: string, file: string): GoMod {
  const mod: { module?: string; requires: GoMod['requires']; replaces: GoMod['replaces'] } = { requires: [], replaces: new Map() };
  let block: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === '') return;
    if (block !== undefined && line === ')') {
      block = undefined;
      return;
    }
    let directive = block;
    let args = line;
    if (directive === undefined) {
      const open = /^(\w+)\s*\($/.exec(line);
      if (open?.[1] !== undefined) {
        block = open[1];
        return;
      }
      directive = /^\w+/.exec(line)?.[0] ?? '';
      args = line.slice(directive.length).trim();
    }
    const words = args.split(/\s+/).map((w) => w.replace(/^"(.*)"$/, '$1'));
    if (directive === 'module') mod.module = words[0];
    else if (directive === 'require') {
      if (words.length < 2) throw new SbomError('LOCKFILE_INVALID', `${file}:${index + 1}: require needs a module path and a version`, { path: file, hint: 'run `go mod tidy`' });
      mod.requires.push({ path: words[0] ?? '', version: words[1] ?? '', line: index + 1 });
    } else if (directive === 'replace') {
      const arrow = words.indexOf('=>');
      const from = words[0];
      const to = words[arrow + 1];
      if (arrow < 1 || from === undefined || to === undefined) throw new SbomError('LOCKFILE_INVALID', `${file}:${index + 1}: replace needs 'old => new'`, { path: file, hint: 'run `go mod tidy`' });
      const version = words[arrow + 2];
      mod.replaces.set(from, { path: to, ...(version === undefined ? {} : { version }), line: index + 1 });
    }
  });
  return mod;
}

/** go.sum `path version h1:base64` (module content, not `/go.mod`) → SHA-256 hex per `path@version`. */
export function goSumHashes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const [path, version, hash] = line.trim().split(/\s+/);
    if (path === undefined || version === undefined || hash === undefined || version.endsWith('/go.mod') || !hash.startsWith('h1:')) continue;
    const hex = Buffer.from(hash.slice(3), 'base64').toString('hex');
    if (hex.length === 64) out.set(`${path}@${version}`, hex);
  }
  return out;
}

export function readGoModules(input: SourceInput): SourceReading {
  const mod = parseGoMod(input.text, input.file);
  if (mod.module === undefined) throw new SbomError('LOCKFILE_INVALID', `${input.file} has no module directive`, { path: input.file, hint: 'run `go mod init <module path>`' });
  const sum = input.companions.get('go.sum');
  const hashes = sum === undefined ? new Map<string, string>() : goSumHashes(sum);
  const warnings: string[] = sum === undefined && mod.requires.length > 0 ? [`${input.file}: no go.sum beside it; Go modules are listed without hashes (run \`go mod download\`)`] : [];
  const packages = new Map<string, SourcePackage>();
  for (const req of mod.requires) {
    const replaced = mod.replaces.get(`${req.path}@${req.version}`) ?? mod.replaces.get(req.path);
    if (replaced !== undefined && (replaced.version === undefined || replaced.path.startsWith('.') || replaced.path.startsWith('/'))) {
      warnings.push(`${input.file}:${replaced.line}: ${req.path} is replaced by the local folder ${replaced.path}; not a published module, left out of the SBOM`);
      continue;
    }
    const path = replaced?.path ?? req.path;
    const version = replaced?.version ?? req.version;
    const hex = hashes.get(`${path}@${version}`);
    const purl = golangPurl(path, version);
    packages.set(purl, { purl, name: path, version, hashes: sortHashes(hex === undefined ? [] : [{ alg: 'SHA-256', content: hex }]), dev: false, optional: false, source: input.file });
  }
  return { packages: [...packages.values()], warnings, project: { name: mod.module, version: '', purl: golangPurl(mod.module, '') } };
}

export const goModulesReader: SbomSourceReader = {
  id: 'go-modules',
  ecosystem: 'golang',
  matches: (name) => name === 'go.mod',
  companions: ['go.sum'],
  read: readGoModules,
};
