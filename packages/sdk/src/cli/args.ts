import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage mistake: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Values<T extends Spec> = { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & {
  help?: boolean;
};

export function parse<T extends Spec>(
  args: string[],
  options: T,
): { values: Values<T>; positionals: string[] } {
  try {
    const config: ParseArgsConfig = {
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    };
    const { values, positionals } = parseArgs(config);
    return { values: values as Values<T>, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  project: { type: 'string' },
} satisfies Spec;

export const CONNECTION_HELP = `Connection (flags win over the environment):
  --server URL       the Faultline server, e.g. https://errors.example.com  (FAULTLINE_URL, or the DSN's)
  --project ID       project id                                 (FAULTLINE_PROJECT, or the DSN's)
  FAULTLINE_TOKEN    an API token with the project:write scope (required)
  FAULTLINE_DSN      a DSN, for the server and project when not given otherwise`;
