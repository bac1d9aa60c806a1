import type * as v from 'valibot';

// The words the route table (api-docs.ts, api-docs-teams.ts) is written in.

export const read = { auth: 'session_or_token', scope: 'project:read' } as const;
export const write = { auth: 'session_or_token', scope: 'project:write' } as const;
export const admin = { auth: 'session_or_token', scope: 'admin' } as const;
/** admin of the whole instance: not a token limited to projects */
export const instanceAdmin = { ...admin, instance: true } as const;
export const ok = (description: string, schema?: v.GenericSchema) => ({ status: 200, description, schema });
export const created = (description: string, schema?: v.GenericSchema) => ({
  status: 201,
  description,
  schema,
});
export const noContent = { status: 204, description: 'done' };
