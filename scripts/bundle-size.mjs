// Prints the size of the release hydrate bundle (wasm + js), raw, gzip and brotli (max quality), as served.
import { readFileSync, readdirSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/site/pkg';
let total = { raw: 0, gzip: 0, brotli: 0 };
for (const name of readdirSync(dir).filter((n) => /\.(wasm|js)$/.test(n))) {
  const data = readFileSync(join(dir, name));
  const sizes = {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k of Object.keys(total)) total[k] += sizes[k];
  console.log(`${name.padEnd(28)} raw ${(sizes.raw / 1024).toFixed(1)} KiB, gzip ${(sizes.gzip / 1024).toFixed(1)} KiB, brotli ${(sizes.brotli / 1024).toFixed(1)} KiB`);
}
console.log(`${'total'.padEnd(28)} raw ${(total.raw / 1024).toFixed(1)} KiB, gzip ${(total.gzip / 1024).toFixed(1)} KiB, brotli ${(total.brotli / 1024).toFixed(1)} KiB`);
