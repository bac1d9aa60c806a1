import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { deployTarget, DeployError, type DeployTarget } from '../deploy.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parse, UsageError } from './args.js';

export const SOURCEMAPS_HELP = `faultline sourcemaps upload <dir> --release R [--url-prefix ~/assets]

Uploads every source map in <dir> (each foo.js with its foo.js.map) for a release, so minified stack
traces read as the original code.

  --release R        the release the files belong to (required)
  --url-prefix P     where <dir> is served: "~/assets" for https://any-host/assets/…,
                     or a full URL (default "~/")

${CONNECTION_HELP}`;

interface Pair {
  js: string;
  map: string;
  url: string;
}

async function findPairs(dir: string, prefix: string): Promise<Pair[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (err: NodeJS.ErrnoException) => {
      throw new UsageError(err.code === 'ENOENT' ? `no such directory: ${dir}` : err.message);
    },
  );
  const files = new Set(
    entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as { path: string }).path, e.name)),
  );
  const pairs: Pair[] = [];
  for (const file of [...files].sort()) {
    if (!/\.(c|m)?js$/.test(file) || !files.has(`${file}.map`)) continue;
    const rel = relative(dir, file).split(sep).join('/');
    pairs.push({ js: file, map: `${file}.map`, url: `${prefix.replace(/\/+$/, '')}/${rel}` });
  }
  return pairs;
}

async function upload(target: DeployTarget, release: string, pair: Pair): Promise<void> {
  const content = await readFile(pair.map);
  let debugId: string | undefined;
  try {
    const parsed = JSON.parse(content.toString('utf8')) as { debug_id?: string; debugId?: string };
    debugId = parsed.debug_id ?? parsed.debugId;
  } catch {
    throw new DeployError(`${pair.map} is not valid JSON`);
  }
  const form = new FormData();
  form.set('release', release);
  form.set('url', pair.url);
  if (debugId) form.set('debug_id', debugId);
  form.set('file', new Blob([content], { type: 'application/json' }), pair.map.split(sep).pop());
  const res = await fetch(`${target.baseUrl}/api/projects/${target.projectId}/sourcemaps`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}` },
    body: form,
  }).catch((err: Error) => {
    throw new DeployError(`could not reach ${target.baseUrl}: ${err.message}`);
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new DeployError(`${res.status} ${body?.error?.message ?? res.statusText}`);
  }
}

export async function sourcemapsCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
) {
  const [sub, ...rest] = argv;
  if (sub !== 'upload') {
    if (sub === undefined || sub === '--help' || sub === '-h') return out(SOURCEMAPS_HELP);
    throw new UsageError(`unknown sourcemaps command "${sub}" (try: faultline sourcemaps upload --help)`);
  }
  const { values, positionals } = parse(rest, {
    ...CONNECTION_OPTIONS,
    release: { type: 'string' },
    'url-prefix': { type: 'string' },
  });
  if (values.help) return out(SOURCEMAPS_HELP);
  const dir = positionals[0];
  if (!dir) throw new UsageError('the directory to upload is required');
  if (!values.release) throw new UsageError('--release is required');
  const target = deployTarget(env, { url: values.server, project: values.project });
  const pairs = await findPairs(dir, values['url-prefix'] ?? '~/');
  if (!pairs.length) throw new UsageError(`no .js files with a .js.map beside them in ${dir}`);
  let failed = 0;
  for (const pair of pairs) {
    try {
      await upload(target, values.release, pair);
      out(`  uploaded ${relative(dir, pair.map)} for ${pair.url}`);
    } catch (err) {
      failed++;
      out(`  FAILED   ${relative(dir, pair.map)}: ${(err as Error).message}`);
    }
  }
  out(`${pairs.length - failed} of ${pairs.length} source maps uploaded for release ${values.release}.`);
  if (failed) throw new DeployError(`${failed} upload(s) failed`);
}
