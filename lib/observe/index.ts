export { ObserverEngine, type EngineOptions, type Paused, type PauseScope } from './engine';
export { fnv1a, textHash } from './hash';
export { chatKeyOf, normalizeForHash } from './normalize';
export { compileRules, type CompiledRules } from './rules';
export type * from './snapshots';
