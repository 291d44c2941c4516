import { createRequire } from "node:module";
import type { TopLevelSpec } from "vega-lite";

// The plotting stack (Vega, Vega-Lite, resvg) is the largest set of modules the CLI can load: it is loaded on the
// first plot, not by every command (and `sme --help`) whose modules import this one.
const requireHere = createRequire(import.meta.url);

/**
 * Renders a Vega-Lite spec to SVG on the server: Vega's headless View needs no canvas for SVG output (text is
 * measured by Vega's built-in estimate, so labels keep their place without node-canvas).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterizes an SVG with resvg at twice its size. resvg draws no text without a font: it loads the system
 * fonts (DejaVu/Liberation on Debian) and maps Vega's `sans-serif` onto them.
 */
export function svgToPng(svg: string, zoom = 2): Uint8Array {
  const { Resvg } = requireHere("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const resvg = new Resvg(svg, {
    background: "white",
    fitTo: { mode: "zoom", value: zoom },
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  return resvg.render().asPng();
}
