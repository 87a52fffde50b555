// The deployment formats the engine reads (see ./index.ts).
import type { FormatAdapter } from '../format.ts';

export const DEPLOYMENT_FORMATS: readonly FormatAdapter[] = [];
