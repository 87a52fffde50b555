// The dependency formats the engine reads (see ./index.ts).
import type { FormatAdapter } from '../format.ts';

export const DEPENDENCY_FORMATS: readonly FormatAdapter[] = [];
