// The only code that loads naudiodon2. It runs in a child process that @echo/audio-node spawns
// (see naudiodon.ts) with stdout ignored and cwd in the temp dir, so naudiodon2's printf output
// and any file it writes never reach the user, a stuck quit can be killed, and a crash in
// native code ends this process, not the user's. It loads the addon directly, not naudiodon2's
// index.js: that one installs a crash handler writing crash.log into the cwd, logs errors to the
// console and quits twice on finish (the quit that hangs).
//
// Protocol (IPC, advanced serialization): parent -> { type: "list" } | { type: "open", ... } |
// { type: "write", samples, tag } | { type: "flush" } | { type: "volume", gain } | { type: "close" }; host -> { type:
// "devices", devices } | { type: "ready", info } | { type: "chunk", mic, far, tag, queued, late,
// xruns, realigns, inDevice } | { type: "played", far, tag } (two streams: consumed, paired with
// no mic chunk) | { type: "error", code, message } | { type: "flushed", inDevice } | { type:
// "closed" }.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const send = (message) => {
  if (process.connected) process.send(message);
};
const fail = (code, message) => {
  send({ type: "error", code, message });
  setTimeout(() => process.exit(1), 50);
};

let binding;
try {
  binding = require(process.env.ECHO_NAUDIODON_ADDON ?? "");
} catch (error) {
  fail("naudiodon_not_built", String(error?.message ?? error));
}

function devices() {
  const hostApis = binding.getHostAPIs();
  const defaults = hostApis.HostAPIs[hostApis.defaultHostAPI];
  return binding.getDevices().map((d) => ({
    id: d.id,
    name: d.name,
    hostApi: d.hostAPIName,
    maxInputChannels: d.maxInputChannels,
    maxOutputChannels: d.maxOutputChannels,
    defaultSampleRate: d.defaultSampleRate,
    defaultLowInputLatency: d.defaultLowInputLatency,
    defaultLowOutputLatency: d.defaultLowOutputLatency,
    isDefaultInput: defaults !== undefined && d.id === defaults.defaultInput,
    isDefaultOutput: defaults !== undefined && d.id === defaults.defaultOutput,
  }));
}

/** Exact id, exact name, or the only name containing the text; the default device when omitted. */
function pick(list, selector, direction) {
  const key = direction === "input" ? "maxInputChannels" : "maxOutputChannels";
  const usable = list.filter((d) => d[key] > 0);
  if (usable.length === 0) return { error: `this machine has no audio ${direction} device` };
  if (selector === undefined || selector === null) {
    const flag = direction === "input" ? "isDefaultInput" : "isDefaultOutput";
    const found = usable.find((d) => d[flag]) ?? usable[0];
    return { device: found };
  }
  if (typeof selector === "number") {
    const found = usable.find((d) => d.id === selector);
    return found ? { device: found } : { error: `no ${direction} device has id ${selector}` };
  }
  const exact = usable.filter((d) => d.name === selector);
  if (exact.length === 1) return { device: exact[0] };
  const text = selector.toLowerCase();
  const partial = usable.filter((d) => d.name.toLowerCase().includes(text));
  if (partial.length === 1) return { device: partial[0] };
  const names = usable.map((d) => `${d.id}: ${d.name}`).join(", ");
  return {
    error:
      partial.length === 0
        ? `no ${direction} device is named like "${selector}" (devices: ${names})`
        : `"${selector}" matches ${partial.length} ${direction} devices; use an id (devices: ${names})`,
  };
}

let io;
let closing = false;
const pending = []; // chunks from the parent, not yet written to the device: { samples, tag }
const inDevice = []; // chunks written to the device, not yet reported, in the order it plays them
let silence;
let lastOut = 0; // last sample written (to fade out after a flush or when the queue runs dry)
let faded = false; // the last chunk written was silence this host made up (its ramp included)
const FADE = 240; // 5 ms at 48 kHz: how long the host's own fades last
let gain = 1; // output volume, applied here so a change is heard at once, not after the queue
let appliedGain = 1;
let out; // the stream written to (the duplex one, or the output one of two)

/** A chunk of silence that first ramps from the last sample written down to 0 (no click). */
function rampDown() {
  const fade = new Int16Array(silence.length);
  const n = Math.min(fade.length, FADE);
  for (let i = 0; i < n; i++) fade[i] = Math.round(lastOut * (1 - (i + 1) / n));
  return { samples: fade, tag: -1 };
}

/**
 * The next chunk for the device: the queue's head, or, when the queue ran dry, silence (ramped
 * down from the last sample when the audio stopped abruptly: the speaker sends its own fade-out
 * when it sees the queue run dry, this covers one that comes too late). Audio that starts with
 * a step after such silence fades in.
 */
function nextChunk() {
  const chunk = pending.shift();
  if (chunk === undefined) {
    const made = lastOut !== 0 ? rampDown() : { samples: silence, tag: -1 };
    faded = true;
    return made;
  }
  if (faded && chunk.tag >= 0 && Math.abs(chunk.samples[0] ?? 0) > 256) {
    const samples = chunk.samples.slice();
    const n = Math.min(samples.length, FADE);
    for (let i = 0; i < n; i++) samples[i] = Math.round(((samples[i] ?? 0) * (i + 1)) / (n + 1));
    faded = false;
    return { samples, tag: chunk.tag };
  }
  faded = chunk.tag < 0;
  return chunk;
}

/** Writes one chunk, with the volume ramped over the chunk when it changed (no clicks). Resolves when the device queue took it. */
function writeToDevice(chunk) {
  let samples = chunk.samples;
  if (chunk.tag >= 0 && (gain !== 1 || appliedGain !== 1)) {
    samples = new Int16Array(chunk.samples.length);
    const from = appliedGain;
    for (let i = 0; i < samples.length; i++) {
      const g = from + ((gain - from) * (i + 1)) / samples.length;
      const v = Math.round((chunk.samples[i] ?? 0) * g);
      samples[i] = Math.min(32767, Math.max(-32768, v));
    }
    appliedGain = gain;
  }
  inDevice.push({ samples, tag: chunk.tag });
  lastOut = samples[samples.length - 1] ?? 0;
  return out
    .write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength))
    .catch((error) => `write failed: ${String(error?.message ?? error)}`);
}

/**
 * Two streams have no common clock: nothing says which output chunk played while a mic chunk
 * was captured. The output stream's queue holds `OUT_QUEUE` chunks, so a write completes when
 * the device took the chunk before it: write completions count what the output consumed, on
 * its own clock. Each mic chunk is paired with the oldest consumed chunk not yet reported (the
 * speaker counts it played), out of a backlog kept at about `SLACK`: jitter between the two
 * loops must not empty it (an empty one pairs silence: the echo moves by a chunk), and an older
 * reference would come after its echo. The canceller gets the chunk after the one reported
 * (consumed too, or next in the device queue: it plays whatever happens), so its reference
 * leads the echo (on a null sink by 50-55 ms; the reported chunk itself led by only 11-32 ms,
 * depending on how the two callbacks fall). What the canceller sees is what was played at a
 * fixed offset, which its delay estimator finds. The output never runs more than
 * `MAX_BACKLOG` chunks ahead of the mic once pairing began (it waits for the next mic chunk),
 * a bound normal jitter never reaches: on a loaded machine
 * PulseAudio sometimes took output far faster than real time (a chirp heard 30-80 s after it
 * was counted consumed); the output is then clocked by the input, as in duplex. A backlog that
 * empties (the input runs faster, or the output stalled) pairs silence: the echo moves by a
 * chunk, which is counted (`realigns`; the canceller re-learns the delay).
 */
const OUT_QUEUE = 2;
const SLACK = 2;
const MAX_BACKLOG = SLACK + 4;

/** Tries one duplex stream (unless told not to), else opens input and output apart. */
function openStreams(options, inOptions, outOptions) {
  let duplexError;
  if (options.mode !== "two-streams") {
    try {
      const duplex = binding.create({ inOptions, outOptions });
      return { input: duplex, output: duplex, mode: "duplex", reason: undefined };
    } catch (error) {
      if (options.mode === "duplex") return { error };
      duplexError = error;
    }
  }
  // Some device pairs cannot share a stream (different cards, different host APIs): open two.
  try {
    const input = binding.create({ inOptions });
    const output = binding.create({ outOptions: { ...outOptions, maxQueue: OUT_QUEUE } });
    const reason =
      duplexError === undefined
        ? 'forced by the mode option ("two-streams")'
        : `the pair cannot be one duplex stream (${String(duplexError?.message ?? duplexError)})`;
    return { input, output, mode: "two-streams", reason };
  } catch (error) {
    return { error: duplexError ?? error };
  }
}

function open(options) {
  let list;
  try {
    list = devices();
  } catch (error) {
    return fail("portaudio_error", String(error?.message ?? error));
  }
  const input = pick(list, options.input, "input");
  if (input.error) return fail("no_audio_device", input.error);
  const output = pick(list, options.output, "output");
  if (output.error) return fail("no_audio_device", output.error);
  const common = {
    sampleRate: options.sampleRate,
    channelCount: 1,
    sampleFormat: 16,
    framesPerBuffer: options.chunkFrames,
    // Status flags (xruns) come back as a read error instead of a printf: counted, not fatal.
    closeOnError: true,
  };
  const inOptions = { ...common, deviceId: input.device.id, maxQueue: 64 };
  const outOptions = { ...common, deviceId: output.device.id, maxQueue: options.primeChunks + 64 };
  const opened = openStreams(options, inOptions, outOptions);
  if (opened.error !== undefined) {
    const message = String(opened.error?.message ?? opened.error);
    return fail(
      /busy|unavailable/i.test(message) ? "audio_device_busy" : "portaudio_error",
      message,
    );
  }
  io = opened.input;
  out = opened.output;
  const { mode, reason } = opened;
  silence = new Int16Array(options.chunkFrames);
  const silent = { samples: silence, tag: -1 };
  // Duplex: a few chunks of silence ahead of the device absorb event-loop jitter here; without
  // them the callback waits for this process on every chunk.
  if (mode === "duplex") for (let i = 0; i < options.primeChunks; i++) void writeToDevice(silent);
  try {
    io.start();
    if (out !== io) out.start();
  } catch (error) {
    return fail("portaudio_error", String(error?.message ?? error));
  }
  const bytes = options.chunkFrames * 2;
  let first = true;
  let lastRead = 0;
  let late = 0;
  let xruns = 0;
  let realigns = 0;
  // Two streams: consumed chunks at the head of `inDevice` not yet reported.
  let consumedUnpaired = 0;
  // Resolves at the next mic chunk (the output waits for it when MAX_BACKLOG ahead).
  let micTick;
  let nextMic = new Promise((resolve) => {
    micTick = resolve;
  });
  const outLoop = async () => {
    let completed = 0;
    while (!closing) {
      // Not before the first pairing: held then, PulseAudio's stream under-runs for the 1.5-2 s
      // before capture starts and comes back with its whole buffer as latency (measured: the
      // canceller then found the echo 650-820 ms late).
      while (!firstPair && consumedUnpaired >= MAX_BACKLOG && !closing) await nextMic;
      if (closing) return;
      const status = await writeToDevice(nextChunk());
      if (closing) return;
      if (typeof status === "string") {
        if (!status.startsWith("portAudio status")) return fail("portaudio_error", status);
        xruns++;
      }
      // The first OUT_QUEUE writes only filled the queue; each later one means one chunk consumed.
      if (++completed > OUT_QUEUE) consumedUnpaired++;
    }
  };
  /**
   * What a mic chunk is paired with (two streams): `tag` reported played, `samples` the
   * canceller's reference. Surplus consumed chunks at the start (the output ran before the
   * input delivered) are reported played without a mic chunk, so the speaker still counts them.
   */
  let firstPair = true;
  const pairTwoStreams = () => {
    if (consumedUnpaired === 0) {
      // The input runs ahead: pair silence, which delays the reference by one chunk.
      if (!firstPair) realigns++;
      return silent;
    }
    if (firstPair && consumedUnpaired > SLACK) {
      while (consumedUnpaired > SLACK) {
        const dropped = inDevice.shift() ?? silent;
        consumedUnpaired--;
        send({ type: "played", far: dropped.samples, tag: dropped.tag });
      }
    }
    firstPair = false;
    consumedUnpaired--;
    const played = inDevice.shift() ?? silent;
    return { samples: (inDevice[0] ?? played).samples, tag: played.tag };
  };
  const loop = async () => {
    while (!closing) {
      const result = await io.read(bytes);
      // A read that comes more than the primed slack late: the device waited for us (an underrun).
      const now = performance.now();
      if (lastRead > 0 && now - lastRead > (options.primeChunks + 1) * 20) late++;
      lastRead = now;
      if (closing) return;
      const mic = new Int16Array(options.chunkFrames);
      if (result.err) {
        if (!String(result.err).startsWith("portAudio status"))
          return fail("portaudio_error", String(result.err));
        // An xrun: naudiodon2 dropped this callback's input (the read carries only the status)
        // but the callback still played one chunk. It is reported like any other, with silence
        // for the lost input, so the tags stay in step with what the device played (skipping
        // it left a played chunk listed as held, one chunk less queued ahead per xrun, and at
        // none the callback waited for this process on every chunk).
        xruns++;
      } else {
        if (result.finished || result.buf.length < bytes)
          return fail("audio_device_gone", "the input stream ended");
        new Uint8Array(mic.buffer).set(result.buf);
      }
      let played;
      if (mode === "duplex") {
        played = inDevice.shift() ?? silent;
        void writeToDevice(nextChunk());
      } else {
        played = pairTwoStreams();
        micTick();
        nextMic = new Promise((resolve) => {
          micTick = resolve;
        });
      }
      if (first) {
        first = false;
        send({
          type: "ready",
          info: {
            mode,
            modeReason: reason,
            input: { id: input.device.id, name: input.device.name },
            output: { id: output.device.id, name: output.device.name },
            inputLatencyMs: input.device.defaultLowInputLatency * 1000,
            outputLatencyMs: output.device.defaultLowOutputLatency * 1000,
          },
        });
      }
      send({
        type: "chunk",
        mic,
        far: played.samples,
        tag: played.tag,
        queued: pending.length,
        late,
        xruns,
        realigns,
        inDevice: inDevice.map((c) => c.tag),
      });
    }
  };
  loop().catch((error) => fail("portaudio_error", String(error?.message ?? error)));
  if (mode === "two-streams")
    outLoop().catch((error) => fail("portaudio_error", String(error?.message ?? error)));
}

/** Drops the queue; the next chunk fades from the last sample played to zero (no click). */
function flush() {
  pending.length = 0;
  if (lastOut !== 0 && io) pending.push(rampDown());
}

async function close() {
  if (closing) return;
  closing = true;
  // quit() can hang (naudiodon2's known fault); never outlive it by more than a second, even
  // when the parent is gone and cannot kill us.
  setTimeout(() => process.exit(0), 1000).unref();
  if (io) await io.quit("WAIT").catch(() => {});
  if (out && out !== io) await out.quit("WAIT").catch(() => {});
  send({ type: "closed" });
  process.exit(0);
}

process.on("message", (message) => {
  switch (message.type) {
    case "list":
      try {
        send({ type: "devices", devices: devices() });
      } catch (error) {
        fail("portaudio_error", String(error?.message ?? error));
      }
      break;
    case "open":
      open(message);
      break;
    case "write":
      if (!closing) pending.push({ samples: message.samples, tag: message.tag });
      break;
    case "volume":
      gain = message.gain;
      break;
    case "flush":
      flush();
      // Every chunk message before this one is on its way already: with these tags the parent
      // knows exactly what will still play.
      send({ type: "flushed", inDevice: inDevice.map((c) => c.tag) });
      break;
    case "close":
      void close();
      break;
  }
});
// The parent went away (exited or crashed): stop the device with it.
process.on("disconnect", () => void close());
