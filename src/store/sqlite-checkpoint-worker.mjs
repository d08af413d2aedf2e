// Entry of the SQLite checkpoint worker thread (see sqlite-checkpoint.ts). Plain JavaScript: it
// needs only better-sqlite3, so it starts without loading the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.path, { fileMustExist: true });
// A checkpoint flushes the WAL before copying it into the database and the database after.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 0');
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, done: r.checkpointed });
  } catch (e) {
    // Busy: another connection is checkpointing (another process); the next request retries.
    parentPort.postMessage({
      ok: e.code === 'SQLITE_BUSY',
      message: `${e.code ?? e.name}: ${e.message}`,
    });
  }
});
