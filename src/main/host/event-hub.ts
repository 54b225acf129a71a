import type { ApiEvent, ApiEventListener } from '../../shared/api.js';
import { createLogger } from '../core/logger.js';

const log = createLogger('event-hub');

/** Fans one stream of core events out to every open window; a failing window never stops the others. */
export interface EventHub {
  emit(event: ApiEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: ApiEventListener): () => void;
  readonly listenerCount: number;
}

export function createEventHub(): EventHub {
  const listeners = new Set<ApiEventListener>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          log.warn('an event listener failed', { type: event.type, error: error instanceof Error ? error.message : String(error) });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
