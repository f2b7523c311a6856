import sanitizeHtml from 'sanitize-html';

/** An SVG document as it would open: an optional XML declaration, comments and a simple doctype, then <svg>. */
const SVG_START = /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>[]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i;

export function looksLikeSvg(bytes: Buffer): boolean {
  return SVG_START.test(bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, ''));
}

// Shapes, text and paint only: no script, style, foreignObject, image, a, animation or filter (which can fetch).
const TAGS = [
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'title',
  'desc',
  'defs',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'use',
  'symbol',
];

const PRESENTATION = [
  'id',
  'class',
  'transform',
  'd',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'width',
  'height',
  'points',
  'pathLength',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'opacity',
  'clip-path',
  'clip-rule',
  'mask',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'clipPathUnits',
  'maskUnits',
  'maskContentUnits',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'dx',
  'dy',
  'viewBox',
  'preserveAspectRatio',
  'visibility',
  'display',
];

/** A reference that leaves the document: anything in href or url(…) but a #fragment of it. */
const EXTERNAL_URL = /url\(\s*['"]?\s*(?!#)/i;

/**
 * A logo's SVG with only shapes, text and paint left: scripts, event handlers, styles,
 * foreignObject, images, links and every reference outside the document are removed.
 * Answers null when no <svg> is left. (Served besides with a CSP that forbids everything.)
 */
export function sanitizeSvg(bytes: Buffer): Buffer | null {
  const clean = sanitizeHtml(bytes.toString('utf8'), {
    parser: { xmlMode: true },
    allowedTags: TAGS,
    allowedAttributes: {
      '*': PRESENTATION,
      svg: ['xmlns', 'xmlns:xlink', 'version', ...PRESENTATION],
      use: ['href', 'xlink:href', ...PRESENTATION],
    },
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: [],
    nonTextTags: ['script', 'style', 'foreignObject', 'textarea', 'option', 'noscript', 'iframe'],
    disallowedTagsMode: 'discard',
    transformTags: {
      '*': (tagName, attribs) => ({
        tagName,
        attribs: Object.fromEntries(
          Object.entries(attribs).filter(([name, value]) => !(/href$/i.test(name) && !value.trim().startsWith('#')) && !EXTERNAL_URL.test(value)),
        ),
      }),
    },
  }).trim();
  if (!/^<svg[\s>]/.test(clean)) return null;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${clean}\n`, 'utf8');
}
