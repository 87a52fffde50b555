// The app's version (package.json), written into saved assessments and assessment files.
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
