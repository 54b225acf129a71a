/** Where every timestamp in the workspace comes from: an ISO-8601 string. Tests inject a fixed one. */
export type Clock = () => string;

export const systemClock: Clock = () => new Date().toISOString();
