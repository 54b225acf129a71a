import { extractHeuristicCandidates } from './heuristic/extract.js';
import { findingToCandidate } from './map/map-finding.js';
import { extractWithOllama } from './ollama/extract.js';
import { readPolicyPdfInWorker } from './pdf/index.js';
import type { PolicyExtractors } from './import-policy.js';

/** The real pieces of a policy import: PDF text off the main thread, the offline extractor, Ollama. */
export const defaultExtractors: PolicyExtractors = {
  readPdf: (bytes, options) => readPolicyPdfInWorker(bytes, options),
  heuristic: (pages, mapping) =>
    extractHeuristicCandidates(pages).map((finding) => findingToCandidate(finding, mapping?.schema ?? null, mapping?.connection ?? '')),
  ollama: (pages, options) => extractWithOllama(pages, options),
};
