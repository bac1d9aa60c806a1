import { deployTarget, postDeploy } from '../deploy.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parse, UsageError } from './args.js';

export const DEPLOY_HELP = `faultline deploy --release R --env E [--revision SHA] [--url U] [--deployer NAME]

Records a deploy, so Faultline can tell which deploy an error started with.

  --release R        the release deployed (required)
  --env E            the environment deployed to (required)
  --revision SHA     the commit (default: GITHUB_SHA / CI_COMMIT_SHA if set)
  --url U            a link to the deploy or CI run
  --deployer NAME    who or what deployed (default: GITHUB_ACTOR / GITLAB_USER_LOGIN / USER)
  --started-at ISO   when it started (default: now)

${CONNECTION_HELP}`;

export async function deployCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
) {
  const { values } = parse(argv, {
    ...CONNECTION_OPTIONS,
    release: { type: 'string' },
    env: { type: 'string' },
    revision: { type: 'string' },
    url: { type: 'string' },
    deployer: { type: 'string' },
    'started-at': { type: 'string' },
  });
  if (values.help) return out(DEPLOY_HELP);
  if (!values.release) throw new UsageError('--release is required');
  if (!values.env) throw new UsageError('--env is required');
  const target = deployTarget(env, { url: values.server, project: values.project });
  const deploy = await postDeploy(target, {
    release: values.release,
    environment: values.env,
    revision: values.revision ?? env.GITHUB_SHA ?? env.CI_COMMIT_SHA,
    url: values.url,
    deployer: values.deployer ?? env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? env.USER,
    started_at: values['started-at'],
  });
  out(`Recorded deploy ${String(deploy.id ?? '')} of ${values.release} to ${values.env}.`);
}
