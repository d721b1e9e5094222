/**
 * Bump whenever the rendered output for the same Markdown changes, so stored HTML can be
 * re-rendered. A module of its own, so code that only writes the version (the benchmark's reply
 * floor) does not load the renderer.
 */
export const rendererVersion = 3;
