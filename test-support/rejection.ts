import { expect } from 'vitest';
import { AppError } from '../src/shared/errors.js';

/** Awaits a promise that must reject with an AppError, and returns that error for more assertions. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a rejection');
}
