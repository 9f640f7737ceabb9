//! End-to-end checks of the canceller on synthetic echo paths.
use aec::{Canceller, Config};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
}

/// A random exponentially decaying room response of `len` samples, normalised.
fn room(len: usize, rate: u32, seed: u64) -> Vec<f32> {
    let mut r = Rng(seed);
    let tau = 0.05 * rate as f32; // ~ RT60 of 0.35 s
    let mut h: Vec<f32> = (0..len)
        .map(|i| r.next() * (-(i as f32) / tau).exp())
        .collect();
    h[0] = 1.5;
    let n = h.iter().map(|v| v * v).sum::<f32>().sqrt();
    h.iter_mut().for_each(|v| *v *= 0.6 / n);
    h
}

fn convolve(x: &[f32], h: &[f32], delay: usize) -> Vec<f32> {
    let mut y = vec![0.0; x.len()];
    for (i, yi) in y.iter_mut().enumerate().skip(delay) {
        let t = i - delay;
        let mut acc = 0.0;
        for (k, &hk) in h.iter().enumerate().take(t + 1) {
            acc += hk * x[t - k];
        }
        *yi = acc;
    }
    y
}

/// Speech-like far end: noise with a syllable-rate envelope and pauses.
fn far_signal(n: usize, rate: u32, seed: u64) -> Vec<f32> {
    let mut r = Rng(seed);
    let mut lp = 0.0;
    (0..n)
        .map(|i| {
            let t = i as f32 / rate as f32;
            let env = (0.5 + 0.5 * (2.0 * std::f32::consts::PI * 3.0 * t).sin()).powi(2)
                * if (t * 0.7).fract() < 0.8 { 1.0 } else { 0.0 };
            lp = 0.7 * lp + 0.3 * r.next();
            0.25 * env * lp
        })
        .collect()
}

fn run(rate: u32, far: &[f32], mic: &[f32]) -> (Vec<f32>, Canceller) {
    let mut aec = Canceller::new(Config::new(rate)).unwrap();
    let f = aec.frame_size();
    let mut out = vec![0.0; mic.len()];
    for ((o, d), x) in out
        .chunks_exact_mut(f)
        .zip(mic.chunks_exact(f))
        .zip(far.chunks_exact(f))
    {
        aec.process(d, x, o).unwrap();
    }
    (out, aec)
}

fn erle(mic: &[f32], out: &[f32], from: usize) -> f32 {
    let e = |x: &[f32]| x[from..].iter().map(|v| v * v).sum::<f32>();
    10.0 * (e(mic) / e(out).max(1e-20)).log10()
}

#[test]
fn converges_on_a_random_room() {
    for &rate in &[16000u32, 24000, 48000] {
        let n = rate as usize * 8;
        let far = far_signal(n, rate, 1);
        let h = room(rate as usize / 8, rate, 2);
        let mic = convolve(&far, &h, rate as usize * 60 / 1000);
        let (out, aec) = run(rate, &far, &mic);
        let s = aec.stats();
        let db = erle(&mic, &out, n / 2);
        eprintln!("rate {rate}: erle {db:.1} dB, stats {s:?}");
        assert!(db > 35.0, "rate {rate}: {db}");
        assert!(s.converged);
    }
}

#[test]
fn recovers_delays_across_the_range() {
    let rate = 16000;
    for &ms in &[0usize, 30, 150, 400, 700, 900] {
        let n = rate as usize * 8;
        let far = far_signal(n, rate, 5 + ms as u64);
        let h = room(rate as usize / 10, rate, 9);
        let mic = convolve(&far, &h, ms * rate as usize / 1000);
        let (out, aec) = run(rate, &far, &mic);
        let s = aec.stats();
        let db = erle(&mic, &out, n / 2);
        eprintln!("delay {ms} ms: erle {db:.1} dB, stats {s:?}");
        assert!(
            (s.delay_ms - ms as f32).abs() < 30.0,
            "delay {ms}: estimated {}",
            s.delay_ms
        );
        assert!(db > 30.0, "delay {ms}: {db}");
    }
}

#[test]
fn leaves_near_end_alone_when_far_end_is_silent() {
    let rate = 24000;
    let n = rate as usize * 3;
    let near = far_signal(n, rate, 77);
    let far = vec![0.0; n];
    let (out, aec) = run(rate, &far, &near);
    let lat = aec.latency();
    let err: f32 = (0..n - lat).map(|i| (out[i + lat] - near[i]).powi(2)).sum();
    let sig: f32 = near[..n - lat].iter().map(|v| v * v).sum();
    assert!(10.0 * (sig / err).log10() > 60.0);
}

#[test]
fn baseline_and_vector_paths_agree() {
    let rate = 16000;
    let far = far_signal(rate as usize * 3, rate, 7);
    let mic = convolve(&far, &room(1600, rate, 3), 300);
    let (a, _) = run(rate, &far, &mic);
    let mut aec = Canceller::new(Config::new(rate)).unwrap();
    aec.set_isa(aec::cpu::Isa::Baseline);
    assert_eq!(aec.isa(), aec::cpu::Isa::Baseline);
    let f = aec.frame_size();
    let mut b = vec![0.0; mic.len()];
    for ((o, d), x) in b
        .chunks_exact_mut(f)
        .zip(mic.chunks_exact(f))
        .zip(far.chunks_exact(f))
    {
        aec.process(d, x, o).unwrap();
    }
    let err: f32 = a
        .iter()
        .zip(&b)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f32::max);
    assert!(err < 1e-3, "paths differ by {err}");
}

/// Runs 4 s of echo with `bad` written into sample `at` of the near (or far) stream.
fn with_bad_sample(bad: f32, at: usize, in_far: bool) -> (Vec<f32>, Vec<f32>, Canceller) {
    let rate = 16000;
    let far = far_signal(rate as usize * 4, rate, 11);
    let mic = convolve(&far, &room(1600, rate, 5), 200);
    let (mut far2, mut mic2) = (far.clone(), mic.clone());
    if in_far {
        far2[at] = bad;
    } else {
        mic2[at] = bad;
    }
    let (out, aec) = run(rate, &far2, &mic2);
    (mic, out, aec)
}

#[test]
fn bad_samples_are_repaired_and_the_state_stays_finite() {
    for bad in [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        1e19,
        -1e30,
        f32::MAX,
    ] {
        for in_far in [false, true] {
            let (mic, out, aec) = with_bad_sample(bad, 16000, in_far);
            assert!(
                out.iter().all(|v| v.is_finite()),
                "{bad} in {}: non-finite output",
                if in_far { "far" } else { "near" }
            );
            let s = aec.stats();
            assert_eq!(s.repaired_samples, 1, "{bad}");
            assert_eq!(s.recoveries, 0, "{bad}");
            assert!(s.erle_db.is_finite() && s.erle_linear_db.is_finite() && s.leak.is_finite());
            // Still cancelling afterwards: the last second is well below the microphone.
            let e = erle(&mic, &out, 3 * 16000);
            assert!(e > 20.0, "{bad}: only {e:.1} dB after the bad sample");
        }
    }
}

#[test]
fn a_stream_of_garbage_never_panics_and_output_stays_bounded() {
    let mut aec = Canceller::new(Config::new(24000)).unwrap();
    let f = aec.frame_size();
    let mut r = Rng(99);
    let vals = [f32::NAN, f32::INFINITY, 1e19, -1e38, 0.5, 3.0e-39];
    let (mut d, mut x, mut o) = (vec![0.0; f], vec![0.0; f], vec![0.0; f]);
    for i in 0..500 {
        for j in 0..f {
            let pick = (r.next().abs() * 6.0) as usize % 6;
            d[j] = if (i + j) % 7 == 0 {
                vals[pick]
            } else {
                r.next()
            };
            x[j] = if (i + j) % 5 == 0 {
                vals[(pick + 1) % 6]
            } else {
                r.next()
            };
        }
        aec.process(&d, &x, &mut o).unwrap();
        assert!(o.iter().all(|v| v.is_finite() && v.abs() <= 16.0));
    }
    let s = aec.stats();
    assert!(s.repaired_samples > 0);
    assert!(s.erle_db.is_finite());
}
