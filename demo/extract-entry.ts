/** Copies one entry of a ZIP we just built (e.g. index.pdf) next to it, for a person to open. */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export async function extractEntry(zipPath: string, entryName: string, destination: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.open(zipPath, { lazyEntries: true }, (err, z) => (err || !z ? rej(err ?? new Error('cannot open')) : res(z))),
  );
  try {
    await new Promise<void>((res, rej) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return rej(err ?? new Error(`cannot read ${entryName}`));
          pipeline(stream, createWriteStream(destination, { flags: 'wx' })).then(res, rej);
        });
      });
      zip.on('end', () => rej(new Error(`${zipPath} has no entry ${entryName}`)));
      zip.on('error', rej);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
