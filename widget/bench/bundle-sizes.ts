// `npm run bench:bundle`: gzip sizes (level 9) of what visitors download, after a production
// build of the widget and the embed loader (embed.js, and embed-frame.js which it fetches when
// the widget opens). The Start screen's share is the entry chunk with
// its static imports and CSS; sip.js and opus-recorder (its chunk and its WAV worker, an
// AudioWorklet module emitted as an asset) are split off and load only when their step comes.
// Prints one JSON object per line; exits non-zero if it cannot measure.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = new URL('../../', import.meta.url).pathname;
const gzipKb = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length / 1024;
const round = (kb: number) => Math.round(kb * 100) / 100;

try {
  await build({ configFile: join(root, 'widget/vite.config.ts'), logLevel: 'silent' });
  await build({ configFile: join(root, 'embed/vite.config.ts'), logLevel: 'silent' });

  const dist = join(root, 'widget/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  // What index.html pulls in up front: its module script, modulepreloads and stylesheets.
  const upFront = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] as string,
  );
  const assets = readdirSync(join(dist, 'assets')).filter((name) => /\.(js|css)$/.test(name));
  if (upFront.length === 0 || assets.length === 0) throw new Error('the build produced no assets');
  // The sound check's recorder: record-clip.ts with opus-recorder, and the WAV worker file.
  const recorder = assets.filter((name) => /^(record-clip|waveWorker\.min)-.+\.js$/.test(name));
  if (recorder.length !== 2)
    throw new Error(
      `expected the recorder chunk and its worker, found ${recorder.join(', ') || 'none'}`,
    );
  if (upFront.some((file) => readFileSync(join(dist, file), 'utf8').includes('encoder-worklet')))
    throw new Error('opus-recorder is in the first screen: it must load only with the sound check');

  const lines = [
    {
      // What every page view of the marketer's site pays, before anyone opens the widget.
      metric: 'embed_loader_gzip_kb',
      value: round(gzipKb(join(root, 'embed/dist/embed.js'))),
      unit: 'KB',
      budget: 1.5,
    },
    {
      // What embed.js fetches once the visitor reaches for the launcher: the iframe and the
      // check of the widget's messages.
      metric: 'embed_frame_part_gzip_kb',
      value: round(gzipKb(join(root, 'embed/dist/embed-frame.js'))),
      unit: 'KB',
      budget: 1.5,
    },
    {
      metric: 'widget_start_gzip_kb',
      value: round(upFront.reduce((sum, file) => sum + gzipKb(join(dist, file)), 0)),
      unit: 'KB',
      budget: 25,
      files: upFront,
    },
    {
      metric: 'widget_recorder_gzip_kb',
      value: round(recorder.reduce((sum, file) => sum + gzipKb(join(dist, 'assets', file)), 0)),
      unit: 'KB',
      // opus-recorder (2.5 KB) and its WAV worker (2.3 KB): the Opus encoder worker (180 KB)
      // has no place here, the clip never leaves the browser.
      budget: 8,
      files: recorder,
    },
    {
      metric: 'widget_total_gzip_kb',
      value: round(assets.reduce((sum, file) => sum + gzipKb(join(dist, 'assets', file)), 0)),
      unit: 'KB',
      budget: 110,
      files: assets.length,
    },
  ];
  for (const line of lines)
    console.log(JSON.stringify({ ...line, within_budget: line.value <= line.budget }));
} catch (error) {
  console.error(`bench:bundle could not measure: ${String(error)}`);
  process.exit(1);
}
