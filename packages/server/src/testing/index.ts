export { startTestServer, TEST_ADMIN, type TestServer } from './server.js';
export { openTestDatabase, testDatabaseKind } from './db.js';
export { defaultConfig } from '../config.js';
export { detectSpikes } from '../releases/spikes.js';
export { startReceiver } from './receiver.js';
export { addTeammate, sessionCookie, type Teammate } from './team.js';
export { databaseSize, openBenchDatabase, tableSizes } from './size.js';
