// Card barcodes for the camera test: a Code 128 drawn by ZXing's writer (the same library as the
// station's reader, compiled to WebAssembly, loaded here from node_modules), and a fake camera
// that films it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext } from '@playwright/test';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';

const require = createRequire(import.meta.url);

/** The Code 128 of `text` as an SVG document. */
export async function code128Svg(text: string): Promise<string> {
  const wasmBinary = readFileSync(require.resolve('zxing-wasm/writer/zxing_writer.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer as ArrayBuffer }, fireImmediately: true });
  const result = await writeBarcode(text, { format: 'Code128', scale: 3 });
  if (result.error) throw new Error(result.error);
  return result.svg;
}

/**
 * Makes the context's camera a white page with the barcode in the middle: getUserMedia answers
 * the stream of a canvas the barcode is drawn on, ten times a second.
 */
export async function filmBarcode(context: BrowserContext, svg: string): Promise<void> {
  await context.addInitScript((source: string) => {
    const image = new Image();
    image.src = `data:image/svg+xml;base64,${btoa(source)}`;
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const draw = () => {
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      if (image.complete && image.naturalWidth > 0) {
        ctx.drawImage(image, (canvas.width - image.naturalWidth) / 2, (canvas.height - image.naturalHeight) / 2);
      }
    };
    navigator.mediaDevices.getUserMedia = async () => {
      draw();
      setInterval(draw, 100);
      return canvas.captureStream(10);
    };
  }, svg);
}
