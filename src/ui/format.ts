// The screen's words and rounding are the report's: one module for both.
export * from '../report/format.ts';
