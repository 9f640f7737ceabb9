#!/usr/bin/python3
"""Scenarios beyond the public 14, built with the harness's gen.py helpers (other rooms, levels,
delays, voices, double talk under drift, a talker answering the greeting at once). 24 kHz.
Usage: extra_scenarios.py HARNESS_DIR OUT_DIR   (then score.py OUT_DIR ... as for gen.py)"""
import json, os, sys, tempfile
import numpy as np
from scipy.signal import resample_poly

sys.path.insert(0, sys.argv[1])
import gen  # noqa: E402

RATE, DUR = 24000, 24.0
# id, delay ms, options: room/rt60/mic (echo path), echo_db, far/near dBFS, voices, near intervals, drift
EXTRA = [
    ("x1_big_room_dt", 90, dict(room=(8.0, 6.0, 3.5), rt60=0.6, mic=(4.5, 3.0, 1.2), near_iv=[[8.0, 16.0]])),
    ("x2_quiet_echo_dt", 40, dict(echo_db=-14.0, near_dbfs=-22.0, near_iv=[[6.0, 14.0]])),
    ("x3_dt_700ms", 700, dict(near_iv=[[10.0, 16.0]])),
    ("x4_voices_dt", 150, dict(far_voice="en-us+f2", near_voice="en-us+m1", near_iv=[[8.0, 16.0]])),
    ("x5_drift_dt", 60, dict(drift_ppm=200, near_iv=[[10.0, 16.0]])),
    ("x6_early_answer", 100, dict(near_iv=[[0.6, 2.6], [12.0, 16.0]])),
    ("x7_drift_neg_dt", 60, dict(drift_ppm=-200, near_iv=[[9.0, 15.0]])),
    ("x8_hot_echo_dt", 60, dict(echo_db=4.0, near_iv=[[8.0, 14.0]])),
    # Double talk under a larger drift, both ways, in another room and at another delay.
    ("x9_drift300_dt", 120, dict(drift_ppm=300, room=(5.0, 4.0, 2.8), mic=(3.2, 2.1, 1.1), near_iv=[[12.0, 18.0]])),
    ("x10_drift_neg300_dt", 200, dict(drift_ppm=-300, near_iv=[[11.0, 17.0]])),
]


def main():
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    meta = []
    with tempfile.TemporaryDirectory() as tmp:
        clips = {}
        for si, (name, delay_ms, o) in enumerate(EXTRA):
            fv, nv = o.get("far_voice", gen.FAR_VOICE), o.get("near_voice", gen.NEAR_VOICE)
            for v, texts in ((fv, gen.FAR_TEXT), (nv, gen.NEAR_TEXT)):
                if v not in clips:
                    clips[v] = [gen.tts(t, v, tmp) for t in texts]
            rng = np.random.default_rng(4321 + si)
            n = int(DUR * RATE)
            far = gen.set_level(gen.to_rate(gen.talk(clips[fv], DUR, rng), RATE), RATE, o.get("far_dbfs", gen.FAR_DBFS))[:n]
            near22 = np.zeros(int(DUR * gen.TTS_RATE))
            for a, b in o["near_iv"]:
                i0, i1 = int(a * gen.TTS_RATE), int(b * gen.TTS_RATE)
                near22[i0:i1] = gen.talk(clips[nv], b - a, rng)[: i1 - i0]
            near = gen.set_level(gen.to_rate(near22, RATE)[:n], RATE, o.get("near_dbfs", gen.NEAR_DBFS))
            h = gen.rir_ism(RATE, o.get("room", gen.ROOM), gen.SRC, o.get("mic", gen.MIC1), o.get("rt60", gen.RT60))
            h *= 10 ** (o.get("echo_db", gen.ECHO_GAIN_DB) / 20)
            echo = gen.delayed_echo(far, h, int(delay_ms * RATE / 1000), n)
            if "drift_ppm" in o:
                echo = resample_poly(echo, 10**6 + o["drift_ppm"], 10**6)[:n]
                echo = np.concatenate([echo, np.zeros(n - len(echo))])
            mic = echo + near
            peak = np.max(np.abs(mic))
            if peak >= 1.0:  # keep PCM16 clean: scale the whole scene
                far, near, mic = far / peak * 0.95, near / peak * 0.95, mic / peak * 0.95
            sid = f"{name}_24k"
            for kind, sig in (("far", far), ("mic", mic), ("near", near)):
                gen.write(os.path.join(out, f"{sid}_{kind}.wav"), sig, RATE)
            meta.append(dict(id=sid, scenario=name, rate=RATE, duration_s=DUR, delay_ms=delay_ms,
                             far=f"{sid}_far.wav", mic=f"{sid}_mic.wav", near=f"{sid}_near.wav",
                             near_intervals_s=o["near_iv"], far_voice=fv, near_voice=nv,
                             **{k: v for k, v in o.items() if k not in ("near_iv", "mic", "far_voice", "near_voice")}))
    with open(os.path.join(out, "scenarios.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"extra: {len(meta)} scenarios -> {out}")


if __name__ == "__main__":
    main()
