// Every real-world format the engine reads, each one small adapter onto canonical rows.
// The drop zone and the command line offer a file to each; those that recognise it read it.
import type { FormatAdapter } from '../format.ts';
import { DEPENDENCY_FORMATS } from './dependency-formats.ts';
import { DEPLOYMENT_FORMATS } from './deployment-formats.ts';
import { SURVEY_FORMATS } from './survey-formats.ts';

export const FORMATS: readonly FormatAdapter[] = [...DEPENDENCY_FORMATS, ...DEPLOYMENT_FORMATS, ...SURVEY_FORMATS];
