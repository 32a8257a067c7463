import { describe, expect, it } from 'vitest';
import { CsvUpload, csvBody } from './csv_upload.svelte';

// "café" in Latin-1: not UTF-8, so its decoded text differs from its bytes.
const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);

describe('csvBody', () => {
  it('sends the text when no file was chosen', () => {
    expect(csvBody('a;b\n', null)).toBe('a;b\n');
  });

  it("sends the file's own bytes while the text is the file's", () => {
    const file = { bytes: latin1, text: new TextDecoder().decode(latin1) };
    expect(csvBody(file.text, file)).toBe(latin1);
  });

  it('sends the text once it is edited', () => {
    const file = { bytes: latin1, text: new TextDecoder().decode(latin1) };
    expect(csvBody(`${file.text}\n`, file)).toBe(`${file.text}\n`);
    expect(csvBody('', file)).toBe('');
  });
});

describe('CsvUpload', () => {
  it('shows a chosen file decoded and sends its bytes until edited', async () => {
    const upload = new CsvUpload();
    await upload.choose(new File([latin1], 'sfr.out'));
    expect(upload.fileName).toBe('sfr.out');
    expect(upload.text).toBe('caf\uFFFD');
    const request = upload.request();
    expect(request.body).toBe(upload.text);
    expect(request.headers).toEqual({ 'Content-Type': 'text/csv; charset=utf-8' });
    expect(request.bodySerializer()).toEqual(latin1);

    upload.text = 'café';
    expect(upload.request().bodySerializer()).toBe('café');
  });

  it('sends nothing when the text is blank', async () => {
    const upload = new CsvUpload();
    upload.text = ' \n ';
    let sent = false;
    await upload.submit(async () => {
      sent = true;
    });
    expect(sent).toBe(false);
    expect(upload.empty).toBe(true);
    expect(upload.busy).toBe(false);
  });

  it('is busy while sending and clears a past failure', async () => {
    const upload = new CsvUpload();
    upload.text = 'a;b';
    upload.failed = true;
    let busyMeanwhile = false;
    await upload.submit(async (request) => {
      busyMeanwhile = upload.busy;
      expect(request.bodySerializer()).toBe('a;b');
    });
    expect(busyMeanwhile).toBe(true);
    expect(upload.busy).toBe(false);
    expect(upload.failed).toBe(false);
    expect(upload.empty).toBe(false);
  });

  it('reports a request that got no answer as failed', async () => {
    const upload = new CsvUpload();
    upload.text = 'a;b';
    await upload.submit(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(upload.failed).toBe(true);
    expect(upload.busy).toBe(false);
  });
});
