import { describe, expect, it } from 'vitest';
import { cameraAvailable, cameraError, stopStream } from './camera';

describe('camera', () => {
  it('is not available without the media devices API', () => {
    // The unit tests run in Node, which has no camera.
    expect(cameraAvailable()).toBe(false);
  });

  it('tells a refusal from a failure', () => {
    expect(cameraError({ name: 'NotAllowedError' })).toBe('denied');
    expect(cameraError({ name: 'SecurityError' })).toBe('denied');
    expect(cameraError({ name: 'NotFoundError' })).toBe('failed');
    expect(cameraError({ name: 'NotReadableError' })).toBe('failed');
    expect(cameraError(null)).toBe('failed');
  });

  it('stops every track of a stream, and nothing without one', () => {
    const stopped: string[] = [];
    const track = (id: string) => ({ stop: () => stopped.push(id) });
    stopStream({ getTracks: () => [track('a'), track('b')] } as unknown as MediaStream);
    expect(stopped).toEqual(['a', 'b']);
    expect(() => stopStream(null)).not.toThrow();
  });
});
