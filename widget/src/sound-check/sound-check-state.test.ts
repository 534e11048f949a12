import { describe, expect, it } from 'vitest';
import { clipOf, nextSoundCheckState, type SoundCheckState } from './sound-check-state.ts';

const ready: SoundCheckState = { phase: 'ready', clipUrl: 'blob:clip-1', played: false };

describe('the sound check steps', () => {
  it('goes from Record through the microphone prompt and recording to a clip to play', () => {
    let state: SoundCheckState = { phase: 'idle' };
    state = nextSoundCheckState(state, { type: 'record' });
    expect(state).toEqual({ phase: 'starting' });
    state = nextSoundCheckState(state, { type: 'recording', at: 1000 });
    expect(state).toEqual({ phase: 'recording', startedAt: 1000 });
    state = nextSoundCheckState(state, { type: 'recorded', clipUrl: 'blob:clip-1' });
    expect(state).toEqual(ready);
    expect(clipOf(state)).toBe('blob:clip-1');
  });

  it('remembers that the clip was heard once playback ends', () => {
    const playing = nextSoundCheckState(ready, { type: 'play' });
    expect(playing).toEqual({ phase: 'playing', clipUrl: 'blob:clip-1' });
    expect(clipOf(playing)).toBe('blob:clip-1');
    expect(nextSoundCheckState(playing, { type: 'played' })).toEqual({ ...ready, played: true });
  });

  it('records again from a clip, dropping it, even while it plays', () => {
    expect(nextSoundCheckState(ready, { type: 'record' })).toEqual({ phase: 'starting' });
    const playing = nextSoundCheckState(ready, { type: 'play' });
    expect(nextSoundCheckState(playing, { type: 'record' })).toEqual({ phase: 'starting' });
    expect(clipOf({ phase: 'starting' })).toBeUndefined();
  });

  it('comes back to the start with the problem when the microphone fails', () => {
    const starting: SoundCheckState = { phase: 'starting' };
    expect(nextSoundCheckState(starting, { type: 'failed', problem: 'denied' })).toEqual({
      phase: 'idle',
      problem: 'denied',
    });
    const recording: SoundCheckState = { phase: 'recording', startedAt: 5 };
    expect(nextSoundCheckState(recording, { type: 'failed', problem: 'failed' })).toEqual({
      phase: 'idle',
      problem: 'failed',
    });
  });

  it('ignores a second Record while one is under way, and events of another step', () => {
    const recording: SoundCheckState = { phase: 'recording', startedAt: 5 };
    expect(nextSoundCheckState(recording, { type: 'record' })).toBe(recording);
    expect(nextSoundCheckState({ phase: 'starting' }, { type: 'record' })).toEqual({
      phase: 'starting',
    });
    expect(nextSoundCheckState({ phase: 'idle' }, { type: 'play' })).toEqual({ phase: 'idle' });
    expect(nextSoundCheckState(ready, { type: 'failed', problem: 'denied' })).toBe(ready);
    expect(nextSoundCheckState(ready, { type: 'recorded', clipUrl: 'blob:other' })).toBe(ready);
  });
});
