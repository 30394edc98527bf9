/** Text and JSON renderings of evaluations and the catalog, for the CLI. */
export { controlsListing, type CatalogInput, type ControlsListing } from './controls-listing.ts';
export { renderControlsText } from './render-controls-text.ts';
export { renderEvaluationText } from './render-evaluation-text.ts';
export { wrap, type TextOptions } from './text-layout.ts';
