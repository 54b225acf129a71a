/**
 * A MongoDB wire-protocol TEST DOUBLE, not a database. It listens on loopback and answers the
 * official driver in OP_MSG (plus the legacy OP_QUERY handshake) from an in-memory store, so the
 * MongoDB source can be tested through the real driver where no MongoDB server can be installed.
 *
 * Commands: hello/isMaster, ping, buildInfo, listCollections, find, getMore, killCursors,
 * aggregate, count, endSessions; insert and drop exist only so tests can load data the same way
 * against a real server (MONGODB_URL). Anything else gets an error reply. $where, $function,
 * $accumulator, $out and $merge are refused with an error, so a passing test proves they were
 * never sent. Query semantics live in mongo-eval.ts. With `requireAuth`, every SASL exchange fails
 * as a wrong password would.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { deserialize, Long, ObjectId, serialize, type Document } from 'bson';
import { matches, MongoCommandError, runPipeline, sortDocs } from './mongo-eval.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

interface Cursor {
  ns: string;
  docs: Document[];
}

export interface MongoWireServer {
  url: string;
  port: number;
  /** Every command received, in order (for assertions on what was sent). */
  commands: Document[];
  collections: Map<string, Document[]>;
  close(): Promise<void>;
}

function cstring(buf: Buffer, at: number): [string, number] {
  const end = buf.indexOf(0, at);
  return [buf.toString('utf8', at, end), end + 1];
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export async function startMongoWireServer(options: { requireAuth?: boolean } = {}): Promise<MongoWireServer> {
  const collections = new Map<string, Document[]>();
  const cursors = new Map<number, Cursor>();
  const commands: Document[] = [];
  let nextCursor = 1;
  let nextRequest = 1;

  const helloReply = (): Document => ({
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: 1,
    minWireVersion: 0,
    maxWireVersion: 17,
    readOnly: false,
    ok: 1,
  });

  const firstBatch = (ns: string, docs: Document[], batchSize: number | undefined): Document => {
    const size = batchSize === undefined || batchSize <= 0 ? 101 : batchSize;
    const batch = docs.slice(0, size);
    let id = 0;
    if (docs.length > size) {
      id = nextCursor++;
      cursors.set(id, { ns, docs: docs.slice(size) });
    }
    return { cursor: { id: Long.fromNumber(id), ns, firstBatch: batch }, ok: 1 };
  };

  const run = (cmd: Document): Document => {
    const name = Object.keys(cmd)[0] ?? '';
    const db = String(cmd.$db ?? 'test');
    const coll = (n: unknown): Document[] => collections.get(`${db}.${String(n)}`) ?? [];
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return helloReply();
      case 'ping':
        return { ok: 1 };
      case 'buildInfo':
      case 'buildinfo':
        return { version: '7.0.0-test-double', versionArray: [7, 0, 0, 0], ok: 1 };
      case 'saslStart':
      case 'saslContinue':
        throw new MongoCommandError('Authentication failed.', 18, 'AuthenticationFailed');
      case 'endSessions':
        return { ok: 1 };
      case 'listCollections': {
        const names = [...collections.keys()].filter((k) => k.startsWith(`${db}.`)).map((k) => k.slice(db.length + 1));
        return firstBatch(`${db}.$cmd.listCollections`, names.map((n) => ({ name: n, type: 'collection', options: {}, info: { readOnly: false } })), undefined);
      }
      case 'count':
        return { n: coll(cmd.count).filter((d) => matches(d, (cmd.query as Document) ?? {})).length, ok: 1 };
      case 'find': {
        let docs = coll(cmd.find).filter((d) => matches(d, (cmd.filter as Document) ?? {}));
        if (cmd.sort) docs = sortDocs(docs, cmd.sort as Document);
        if (typeof cmd.limit === 'number' && cmd.limit > 0) docs = docs.slice(0, cmd.limit);
        if (cmd.projection && Object.keys(cmd.projection as Document).length > 0) docs = runPipeline(docs, [{ $project: { _id: 1, ...(cmd.projection as Document) } }]);
        return firstBatch(`${db}.${String(cmd.find)}`, docs, cmd.batchSize as number | undefined);
      }
      case 'aggregate': {
        const docs = runPipeline(coll(cmd.aggregate), cmd.pipeline as Document[]);
        return firstBatch(`${db}.${String(cmd.aggregate)}`, docs, (cmd.cursor as Document | undefined)?.batchSize as number | undefined);
      }
      case 'getMore': {
        const id = Number(cmd.getMore);
        const cursor = cursors.get(id);
        if (!cursor) throw new MongoCommandError(`cursor id ${id} not found`, 43, 'CursorNotFound');
        const size = (cmd.batchSize as number | undefined) ?? 101;
        const batch = cursor.docs.splice(0, size);
        if (cursor.docs.length === 0) cursors.delete(id);
        return { cursor: { id: Long.fromNumber(cursor.docs.length === 0 ? 0 : id), ns: cursor.ns, nextBatch: batch }, ok: 1 };
      }
      case 'killCursors': {
        const ids = (cmd.cursors as unknown[]).map(Number);
        ids.forEach((id) => cursors.delete(id));
        return { cursorsKilled: ids.map((id) => Long.fromNumber(id)), cursorsNotFound: [], cursorsAlive: [], cursorsUnknown: [], ok: 1 };
      }
      case 'insert': {
        const key = `${db}.${String(cmd.insert)}`;
        const docs = ((cmd.documents as Document[]) ?? []).map((d) => ({ _id: new ObjectId(), ...d }));
        collections.set(key, [...(collections.get(key) ?? []), ...docs]);
        return { n: docs.length, ok: 1 };
      }
      case 'create':
        collections.set(`${db}.${String(cmd.create)}`, collections.get(`${db}.${String(cmd.create)}`) ?? []);
        return { ok: 1 };
      case 'drop':
        collections.delete(`${db}.${String(cmd.drop)}`);
        return { ok: 1 };
      default:
        throw new MongoCommandError(`no such command: '${name}' (test double)`, 59, 'CommandNotFound');
    }
  };

  const answer = (cmd: Document): Document => {
    commands.push(cmd);
    try {
      if (options.requireAuth && !['hello', 'isMaster', 'ismaster', 'saslStart', 'saslContinue', 'ping', 'endSessions'].includes(Object.keys(cmd)[0] ?? '')) {
        throw new MongoCommandError('command requires authentication', 13, 'Unauthorized');
      }
      return run(cmd);
    } catch (error) {
      const e = error instanceof MongoCommandError ? error : new MongoCommandError(String(error), 1, 'InternalError');
      return { ok: 0, errmsg: e.message, code: e.code, codeName: e.codeName };
    }
  };

  const handle = (socket: Socket, msg: Buffer): void => {
    const requestId = msg.readInt32LE(4);
    const opCode = msg.readInt32LE(12);
    if (opCode === OP_MSG) {
      let at = 20;
      let body: Document = {};
      while (at < msg.length) {
        const kind = msg[at]!;
        at += 1;
        if (kind === 0) {
          const size = msg.readInt32LE(at);
          body = { ...deserialize(msg.subarray(at, at + size)), ...body };
          at += size;
        } else {
          const size = msg.readInt32LE(at);
          const end = at + size;
          const [id, next] = cstring(msg, at + 4);
          const docs: Document[] = [];
          let p = next;
          while (p < end) {
            const n = msg.readInt32LE(p);
            docs.push(deserialize(msg.subarray(p, p + n)));
            p += n;
          }
          body[id] = docs;
          at = end;
        }
      }
      const reply = serialize(answer(body));
      const flags = Buffer.alloc(5);
      socket.write(Buffer.concat([header(16 + 5 + reply.length, nextRequest++, requestId, OP_MSG), flags, reply]));
      return;
    }
    if (opCode === OP_QUERY) {
      const [, next] = cstring(msg, 20);
      const size = msg.readInt32LE(next + 8);
      const query = deserialize(msg.subarray(next + 8, next + 8 + size));
      const cmd = (query.$query as Document | undefined) ?? query;
      const reply = serialize(answer({ ...cmd, $db: 'admin' }));
      const body = Buffer.alloc(20);
      body.writeInt32LE(0, 0);
      body.writeBigInt64LE(0n, 4);
      body.writeInt32LE(0, 12);
      body.writeInt32LE(1, 16);
      socket.write(Buffer.concat([header(16 + 20 + reply.length, nextRequest++, requestId, OP_REPLY), body, reply]));
      return;
    }
    socket.destroy();
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        handle(socket, pending.subarray(0, length));
        pending = pending.subarray(length);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mongodb://127.0.0.1:${port}/`,
    port,
    commands,
    collections,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
