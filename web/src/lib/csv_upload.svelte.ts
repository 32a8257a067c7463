// A CSV sent to the server from a chosen file or pasted text (the import pages). A chosen file's
// bytes go as they are, so that a file that is not UTF-8 is judged (and refused with its line)
// by the server, not silently altered here; the text area shows a decoded copy, sent instead once
// edited.

/** A file as chosen: its bytes and their decoded text. */
export interface ChosenFile {
  bytes: Uint8Array;
  text: string;
}

/** What to send: the file's own bytes while `text` is still the file's text, else `text`. */
export function csvBody(text: string, file: ChosenFile | null): string | Uint8Array {
  return file !== null && text === file.text ? file.bytes : text;
}

/** The options of `api.POST` that send a CSV body. */
export type CsvRequest = {
  body: string;
  bodySerializer: () => BodyInit;
  headers: { 'Content-Type': string };
};

export class CsvUpload {
  /** The text shown and edited; a chosen file's decoded text. */
  text = $state('');
  /** The chosen file's name; null until one is chosen. */
  fileName = $state<string | null>(null);
  /** The last submit found nothing to send. */
  empty = $state(false);
  busy = $state(false);
  /** The last request got no answer (network error). */
  failed = $state(false);

  #file: ChosenFile | null = null;

  /** Takes `file` as the CSV, its decoded text replacing the text shown. */
  async choose(file: File): Promise<void> {
    this.fileName = file.name;
    const bytes = new Uint8Array(await file.arrayBuffer());
    this.#file = { bytes, text: new TextDecoder().decode(bytes) };
    this.text = this.#file.text;
  }

  /** The options for `api.POST` that send the CSV as it stands now. */
  request(): CsvRequest {
    const body = csvBody(this.text, this.#file);
    return {
      body: this.text,
      bodySerializer: () => body as BodyInit,
      headers: { 'Content-Type': 'text/csv; charset=utf-8' },
    };
  }

  /** Sends the CSV with `send`, unless it is blank (then `empty`); `busy` meanwhile, `failed` if
   *  `send` throws (no answer). */
  async submit(send: (request: CsvRequest) => Promise<void>): Promise<void> {
    this.failed = false;
    this.empty = this.text.trim() === '';
    if (this.empty) return;
    this.busy = true;
    try {
      await send(this.request());
    } catch {
      this.failed = true;
    } finally {
      this.busy = false;
    }
  }
}
