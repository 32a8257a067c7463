// The phone's camera for the packing station: whether the browser can open it, and opening the
// back camera (the one that faces the cards).

/** The browser can ask for the camera (a secure page: https or this machine). */
export function cameraAvailable(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/** Opens the back camera, video only. */
export function openBackCamera(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
}

/** Why the camera did not open, as the station says it: refused by the person, or failed. */
export function cameraError(error: unknown): 'denied' | 'failed' {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'failed';
}

export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
