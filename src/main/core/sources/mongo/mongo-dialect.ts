/**
 * MongoDB's entry in the dialect table. It speaks no SQL: `compileWhole` turns whole rules into
 * MongoDB plans, and every SQL fragment method refuses, so a SQL path reaching it fails loudly.
 */
import { AppError } from '../../../../shared/errors.js';
import type { Dialect } from '../../rules/compile/dialect.js';
import { compileMongoRule } from './mongo-compile.js';

function noSql(): never {
  throw new AppError('INTERNAL', 'MongoDB rules are compiled to MongoDB plans, never to SQL.');
}

export const mongoDialect: Dialect = {
  name: 'mongodb',
  compileWhole: compileMongoRule,
  quoteIdent: noSql,
  quoteTable: noSql,
  placeholder: noSql,
  typedParam: noSql,
  bindValue: noSql,
  nullOf: noSql,
  columnValue: noSql,
  groupValue: noSql,
  collateBinary: noSql,
  arithmetic: noSql,
  likePattern: noSql,
  like: noSql,
  matches: noSql,
  lower: noSql,
  upper: noSql,
  trim: noSql,
  length: noSql,
  round: noSql,
  dateToTimestamp: noSql,
  timestampToDate: noSql,
  textToDate: noSql,
  textToTimestamp: noSql,
  year: noSql,
  month: noSql,
  daysBetween: noSql,
  aggregate: noSql,
  keyFilter: noSql,
};
