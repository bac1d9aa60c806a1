/** A stack frame as stored and returned by the API (Sentry's frame shape, oldest frame first). */
export interface Frame {
  filename: string | null;
  abs_path: string | null;
  function: string | null;
  module?: string | null;
  lineno: number | null;
  colno: number | null;
  in_app: boolean;
  context_line?: string | null;
  pre_context?: string[];
  post_context?: string[];
  /** the frame as the minified code reported it, when a source map mapped it */
  minified?: Pick<Frame, 'filename' | 'abs_path' | 'function' | 'lineno' | 'colno'>;
}

export interface ExceptionInput {
  type: string;
  value: string;
  frames: Frame[];
  /** A thrown non-Error: the stack (if any) is where the SDK built the wrapper, not the throw site. */
  synthetic: boolean;
}

export interface GroupingInput {
  exceptions: ExceptionInput[]; // oldest (cause) first, thrown last
  message: string | null;
  /** Sentry's logentry.message: the format string before interpolation, the best template there is. */
  messageFormat: string | null;
  clientFingerprint: string[] | null;
}

export interface ExceptionComponent {
  type: string;
  template: string;
  /** the throw site, innermost in-app frame: "file:function", or "~file" for minified code without a map */
  frame: string | null;
}

export interface Grouping {
  version: number;
  method: 'exception' | 'message' | 'fingerprint';
  exceptions?: ExceptionComponent[];
  message?: string;
  client_fingerprint?: string[];
  hash: string;
}

export interface GroupingResult {
  /** the hash an issue is filed under */
  fingerprint: string;
  /** the hash without the throw site: the issue to join when `fingerprint` has none yet */
  fallback: string | null;
  /** the throw site(s) behind `fingerprint`, when known */
  site: string | null;
  grouping: Grouping;
  title: string;
  culprit: string;
  type: string;
  value: string;
}
