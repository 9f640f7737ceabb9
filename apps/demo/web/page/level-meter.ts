/** Loudness of a track, 0 (silence, or below -60 dBFS) to 1 (full scale), several times a second. */
export function meterTrack(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  // A timer, not requestAnimationFrame: the meter keeps its value right in a background tab too.
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    const rms = Math.sqrt(sum / samples.length);
    const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
    onLevel(Math.max(0, Math.min(1, (db + 60) / 60)));
  }, 50);
  return () => {
    clearInterval(timer);
    source.disconnect();
    void context.close();
    onLevel(0);
  };
}
