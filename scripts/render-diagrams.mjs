#!/usr/bin/env node
// Draws the Mermaid sequence diagrams of docs/how-it-works.md as SVG files in docs/diagrams/, which the server
// puts inline into /how-it-works: the page needs no script to show them, and its Content-Security-Policy (no
// inline styles) holds, because each diagram's <style> goes to public/diagrams.css instead.
//
// Mermaid needs a browser to lay text out, so it runs in Debian's Chromium through Playwright (npm mermaid,
// pinned in end2end/package.json; no browser is downloaded). Each file is named after the SHA-256 of its
// Mermaid source, so a diagram whose source changed has no file until this is run again, and the Rust test
// `every_diagram_in_the_guide_is_drawn` says so.
//
//   node scripts/render-diagrams.mjs        (from the repository root, after `npm ci` in end2end/)

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'end2end', 'package.json'));
const { chromium } = require('@playwright/test');
const mermaidScript = require.resolve('mermaid/dist/mermaid.min.js');

const guide = readFileSync(path.join(root, 'docs', 'how-it-works.md'), 'utf8');
const sources = [...guide.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
const digest = (source) => createHash('sha256').update(source).digest('hex').slice(0, 16);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
const page = await browser.newPage();
await page.setContent('<!doctype html><html><body></body></html>');
await page.addScriptTag({ path: mermaidScript });
await page.evaluate(() =>
  window.mermaid.initialize({
    startOnLoad: false,
    theme: 'neutral',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    sequence: { useMaxWidth: true, mirrorActors: false },
  }),
);

const outDir = path.join(root, 'docs', 'diagrams');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const styles = [];
for (const source of sources) {
  const name = digest(source);
  const id = `diagram-${name}`;
  // Drawn, then taken apart in the page's DOM: the <style> elements go to the stylesheet, their rules scoped to
  // the class `diagram` instead of this diagram's id (they are the same for every diagram, so the stylesheet
  // holds them once), and every inline style attribute becomes a class named after its declarations.
  const drawn = await page.evaluate(
    async ([id, source]) => {
      const { svg } = await window.mermaid.render(id, source);
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const css = [];
      for (const style of [...doc.querySelectorAll('style')]) {
        css.push(style.textContent.replaceAll(`#${id}`, '.diagram'));
        style.remove();
      }
      // FNV-1a: a short, stable name (the page has no SubtleCrypto: about:blank is not a secure context).
      const digest = (text) => {
        let hash = 0x811c9dc5;
        for (const c of text) hash = Math.imul(hash ^ c.codePointAt(0), 0x01000193) >>> 0;
        return `s-${hash.toString(16).padStart(8, '0')}`;
      };
      for (const element of [...doc.querySelectorAll('[style]')]) {
        const declarations = element.getAttribute('style');
        const cls = digest(declarations);
        element.classList.add(cls);
        element.removeAttribute('style');
        css.push(`.diagram .${cls}, .diagram.${cls}{${declarations}}`);
      }
      // Ids must be unique on a page that holds every diagram: prefix those Mermaid did not, with what names them.
      const renamed = new Map();
      for (const element of [...doc.querySelectorAll('[id]')]) {
        if (element.id.includes(id)) continue;
        renamed.set(element.id, `${id}-${element.id}`);
        element.id = `${id}-${element.id}`;
      }
      for (const element of doc.querySelectorAll('*')) {
        for (const attribute of [...element.attributes]) {
          const fixed = attribute.value.replace(/#([\w-]+)/g, (ref, name) => (renamed.has(name) ? `#${renamed.get(name)}` : ref));
          if (fixed !== attribute.value) element.setAttribute(attribute.name, fixed);
        }
      }
      doc.documentElement.classList.add('diagram');
      return { svg: new XMLSerializer().serializeToString(doc.documentElement), css };
    },
    [id, source],
  );
  styles.push(...drawn.css);
  const svg = drawn.svg;
  writeFileSync(path.join(outDir, `${name}.svg`), `${svg}\n`);
  console.log(`docs/diagrams/${name}.svg (${svg.length} bytes)`);
}
await browser.close();

writeFileSync(
  path.join(root, 'public', 'diagrams.css'),
  `/* Made by scripts/render-diagrams.mjs from Mermaid's styles for docs/how-it-works.md: do not edit. */\n${[
    ...new Set(styles),
  ].join('\n')}\n`,
);
console.log(`public/diagrams.css, ${sources.length} diagrams; files now: ${readdirSync(outDir).length}`);
