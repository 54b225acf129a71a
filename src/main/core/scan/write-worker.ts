/**
 * Commits violations on a second connection to the workspace file, so a scan's writes (and their
 * index maintenance) run while the scanning thread reads the next rows. WAL lets both connections
 * work on the file; the scanning thread waits for every answer before it resolves or counts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { serializeError } from '../../../shared/errors.js';
import { workerPayload } from '../workers/spawn-worker.js';
import { scanAutocheckpointPages } from '../workspace/checkpoints.js';
import { ViolationWriter, type ViolationTexts } from './violation-writer.js';
import { violationMapper, type ViolationMapper } from './violation-mapper.js';
import { rowOf, type WriteWorkerCommand, type WriteWorkerData, type WriteWorkerReply } from './write-worker-protocol.js';

const port = parentPort!;
const data = workerPayload<WriteWorkerData>(workerData);
const db = new Database(data.workspacePath, { fileMustExist: true });
// The workspace's own settings (open-workspace.ts): a commit here is as durable as one there.
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
// The scan's writes checkpoint once, at the end, not every 4 MB (checkpoints.ts).
db.pragma(`wal_autocheckpoint = ${scanAutocheckpointPages(db)}`);
// Each multi-row upsert keeps the pages it changes in a statement journal, so it can be undone
// alone inside its group's transaction. Past 64 KB (four 16 KB pages) SQLite spills that journal
// to a temporary file: a file created, written and deleted per group, ~6 MB each, never read
// back. In memory it costs a few hundred KB per statement. Measured on 100,000 violations: system
// time 270–300 ms → 160–175 ms, the write 0.81 s → 0.69 s. This connection runs only the scan's
// writes, so no large sort or temporary table can grow in memory here.
db.pragma('temp_store = MEMORY');
const writer = new ViolationWriter(db);
const mappers = new Map<number, ViolationMapper>();
// Until this arrives, the scanning thread commits a small pass's last rows itself (background-writes.ts).
const ready: WriteWorkerReply = { type: 'ready' };
port.postMessage(ready);

type Group = Extract<WriteWorkerCommand, { type: 'write' | 'records' }>;

function apply(group: Group): number {
  switch (group.type) {
    case 'write':
      return writer.writeTexts(group.texts, group.ctx, group.at);
    case 'records': {
      const mapper = mappers.get(group.mapper);
      if (mapper === undefined) throw new Error(`No mapper ${group.mapper} was registered.`);
      const { columns, keys } = group;
      // Snapshots and justifications are written here, off the thread that reads the rows.
      const texts: ViolationTexts = [];
      for (let i = 0; i < keys.length; i++) mapper.appendTexts(texts, rowOf(columns, i), keys[i]!);
      return writer.writeTexts(texts, group.ctx, group.at);
    }
    default: {
      const unknown: never = group;
      throw new Error(`Unknown write group: ${JSON.stringify(unknown)}`);
    }
  }
}

function reply(seq: number, work: () => number): void {
  let message: WriteWorkerReply;
  try {
    message = { type: 'done', seq, changed: work() };
  } catch (error) {
    message = { type: 'failed', seq, error: serializeError(error) };
  }
  port.postMessage(message);
}

port.on('message', (command: WriteWorkerCommand) => {
  switch (command.type) {
    case 'write':
    case 'records':
      reply(command.seq, () => apply(command));
      break;
    case 'mapper': {
      const { rule, scope, compiled, asOf } = command.spec;
      mappers.set(command.id, violationMapper(rule, scope, compiled, asOf));
      break;
    }
    case 'close':
      // After the run is reported: the WAL the scan wrote goes into the file here, not on the
      // thread that answers the user. PASSIVE: readers and writers are never waited for.
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Left to the next checkpoint; nothing is lost.
      }
      db.close();
      port.close();
      break;
    default: {
      const unknown: never = command;
      throw new Error(`Unknown write command: ${JSON.stringify(unknown)}`);
    }
  }
});
