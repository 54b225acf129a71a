import type Database from 'better-sqlite3';

/**
 * One step of the workspace schema. A migration, once released, is never edited: a change is a
 * new migration with the next version, so every workspace file in the field upgrades the same way.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
