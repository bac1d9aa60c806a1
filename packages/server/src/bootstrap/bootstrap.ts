import { eq, sql } from 'drizzle-orm';
import { hashPassword, newApiToken, newPassword, sha256, verifyPassword } from '../auth/secrets.js';
import type { Config } from '../config.js';
import { apiTokens, projects, users } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { createProject, type ProjectWithKey } from '../projects/service.js';

export interface FirstStart {
  email: string;
  /** null when it came from FAULTLINE_ADMIN_PASSWORD (not echoed) */
  password: string | null;
  /** null when it came from FAULTLINE_ADMIN_TOKEN (not echoed) */
  token: string | null;
  project: ProjectWithKey;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@faultline.local';

// FAULTLINE_ADMIN_PASSWORD's hash, made once per process: a hash costs ~0.5 s (auth/secrets.ts)
const envHashes = new Map<string, Promise<string>>();
const hashOnce = (password: string) => {
  let hash = envHashes.get(password);
  if (!hash) envHashes.set(password, (hash = hashPassword(password)));
  return hash;
};

/**
 * On an empty database: an admin user, the project "default" and an admin token (returned once, to be
 * printed). On every start: FAULTLINE_ADMIN_TOKEN / _EMAIL / _PASSWORD are made valid, for automation.
 * Runs under an advisory lock so that two processes starting together bootstrap once.
 */
export async function bootstrap(db: Db, config: Config): Promise<FirstStart | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(872342)`);
    const [anyUser] = await tx.select({ id: users.id }).from(users).limit(1);
    const [anyProject] = await tx.select({ id: projects.id }).from(projects).limit(1);
    let first: FirstStart | null = null;

    if (!anyUser && !anyProject) {
      const email = config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
      const password = config.adminPassword ?? newPassword();
      const [user] = await tx
        .insert(users)
        .values({ email, passwordHash: await hashOnce(password), role: 'owner' })
        .returning();
      const project = (await createProject(tx, 'Default', 'default'))!;
      const token = config.adminToken ?? newApiToken();
      await tx
        .insert(apiTokens)
        .values({
          name: 'admin (bootstrap)',
          tokenHash: sha256(token),
          scopes: ['admin'],
          createdBy: user!.id,
        })
        .onConflictDoNothing();
      first = {
        email,
        password: config.adminPassword ? null : password,
        token: config.adminToken ? null : token,
        project,
      };
    }

    if (config.adminToken) {
      await tx
        .insert(apiTokens)
        .values({ name: 'FAULTLINE_ADMIN_TOKEN', tokenHash: sha256(config.adminToken), scopes: ['admin'] })
        .onConflictDoUpdate({
          target: apiTokens.tokenHash,
          set: { revokedAt: null, scopes: ['admin'], projectIds: null },
        });
    }
    if (config.adminEmail && config.adminPassword && !first) {
      const [user] = await tx.select().from(users).where(eq(users.email, config.adminEmail)).limit(1);
      if (!user) {
        await tx.insert(users).values({
          email: config.adminEmail,
          passwordHash: await hashOnce(config.adminPassword),
          role: 'owner',
        });
      } else if (
        user.role !== 'owner' ||
        user.removedAt ||
        !(await verifyPassword(config.adminPassword, user.passwordHash))
      ) {
        await tx
          .update(users)
          .set({ role: 'owner', removedAt: null, passwordHash: await hashOnce(config.adminPassword) })
          .where(eq(users.id, user.id));
      }
    }
    return first;
  });
}
