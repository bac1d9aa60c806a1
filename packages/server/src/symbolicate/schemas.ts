import * as v from 'valibot';
import { text, timeOut } from '../http/schema.js';

// What the source map routes accept (api.md, "Source maps").

/** The multipart form of an upload. */
export const SourcemapForm = v.object({
  release: text(250),
  /** the minified file's URL, or "~/path/app.min.js" */
  url: text(2000, 'the minified file\'s URL, or "~/path/app.min.js"'),
  file: v.pipe(v.instance(File, 'is required: the .map file'), v.metadata({ format: 'binary' })),
  debug_id: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f-]{32,36}$/i, 'must be a UUID'))),
});

export const SourcemapListQuery = v.object({
  release: v.optional(v.pipe(v.string(), v.maxLength(250))),
});

export const SourcemapResponse = v.strictObject({
  id: v.number(),
  release: v.string(),
  url: v.string(),
  debug_id: v.nullable(v.string()),
  size: v.number(),
  created_at: timeOut,
});
