// libs/kennisbank is being built (issue 6): so far the reading of kennisbank documents.
export * from './import/kennisbank-document.parser.js';
