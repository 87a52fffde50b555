// The survey formats the engine reads (see ./index.ts).
import type { FormatAdapter } from '../format.ts';

export const SURVEY_FORMATS: readonly FormatAdapter[] = [];
