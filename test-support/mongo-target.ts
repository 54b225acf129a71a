/**
 * Where the MongoDB tests run: a real server when MONGODB_URL is set (each test gets its own
 * database, dropped afterwards), else the wire-protocol test double (mongo-wire-server.ts).
 */
import { MongoClient, type Document } from 'mongodb';
import { startMongoWireServer, type MongoWireServer } from './mongo-wire-server.js';

export interface MongoTarget {
  url: string;
  database: string;
  /** The test double, when no real server is used (for assertions on the commands sent). */
  double: MongoWireServer | null;
  load(collection: string, docs: Document[]): Promise<void>;
  close(): Promise<void>;
}

let counter = 0;

export async function mongoTarget(): Promise<MongoTarget> {
  const real = process.env.MONGODB_URL;
  const double = real ? null : await startMongoWireServer();
  const url = real ?? double!.url;
  const database = `ps_test_${process.pid}_${Date.now()}_${counter++}`;
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(database);
  return {
    url,
    database,
    double,
    async load(collection, docs) {
      if (docs.length > 0) await db.collection(collection).insertMany(docs.map((d) => ({ ...d })));
    },
    async close() {
      if (real) await db.dropDatabase().catch(() => undefined);
      await client.close();
      await double?.close();
    },
  };
}
