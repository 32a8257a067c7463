// Reading a card's barcode (Code 128) from the camera. The browser's own BarcodeDetector is used
// where it reads Code 128 (Chrome on Android); elsewhere the `barcode-detector` polyfill reads it
// with ZXing compiled to WebAssembly. Its .wasm file is bundled into dist/assets by Vite and
// served by Relais itself: the polyfill's default, a CDN, is never asked.
// Loaded on demand only, when the camera is turned on (the page imports it dynamically).
import { BarcodeDetector as ZXingBarcodeDetector, prepareZXingModule, type BarcodeFormat } from 'barcode-detector/ponyfill';
import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** Where the ZXing reader's .wasm is served, on this very server (e.g. /assets/zxing_reader-XXXX.wasm). */
export const ZXING_WASM_URL: string = zxingWasmUrl;

const zxingOverrides = {
  locateFile: (path: string, prefix: string) =>
    path.endsWith('.wasm') ? new URL(ZXING_WASM_URL, globalThis.location?.href).href : prefix + path,
};

// Set before any read, so that the polyfill's CDN address is never used.
prepareZXingModule({ overrides: zxingOverrides });

/** A barcode read: its text and format (`code_128`…). */
export interface Detection {
  rawValue: string;
  format: string;
}

export interface Detector {
  detect(source: HTMLVideoElement): Promise<Detection[]>;
}

interface DetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

/** The formats the station reads: the Code 128 printed on the cards and on the packing list. */
export const SCAN_FORMATS: BarcodeFormat[] = ['code_128'];

/**
 * A detector for the formats: the browser's own when it reads them all, else the polyfill, its
 * WebAssembly module fetched and compiled now so that a browser that refuses it (a content
 * security policy without 'wasm-unsafe-eval', no WebAssembly) fails here rather than at each read.
 */
export async function createDetector(formats: BarcodeFormat[] = SCAN_FORMATS): Promise<Detector> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (Native) {
    try {
      const supported = await Native.getSupportedFormats();
      if (formats.every((f) => supported.includes(f))) return new Native({ formats });
    } catch {
      // A native detector that cannot say what it reads: use the polyfill.
    }
  }
  await prepareZXingModule({ overrides: zxingOverrides, fireImmediately: true });
  return new ZXingBarcodeDetector({ formats });
}
