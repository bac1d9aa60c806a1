// The full client (init, captureException, transport) is issue #3; the DSN parser is shared already.
export { parseDsn, eventsUrl, type Dsn } from './dsn.js';
