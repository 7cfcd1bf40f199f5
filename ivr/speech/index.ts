/** The speech part of the IVR: Ukrainian words for numbers and dates, announcements, TTS, prompts. */
export * from './ukrainian-numbers';
export * from './ukrainian-dates';
export * from './outage-text';
export * from './appeal-status-text';
export * from './engine';
export * from './engine-chooser';
export * from './espeak-emscripten-engine';
export * from './espeak-system-engine';
export * from './wav';
export * from './prompt-store';
export * from './http-router';
