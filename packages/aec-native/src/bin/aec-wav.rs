//! `aec-wav far.wav mic.wav out.wav`: cancels the echo of far.wav in mic.wav.
//! Prints `rtf=<audio seconds / CPU seconds of the processing loop>` on stderr.
use aec::{Canceller, Config};
use std::process::ExitCode;
use std::time::Instant;

/// CPU time of this thread in seconds (Linux schedstat), if available.
fn thread_cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn run(args: &[String]) -> Result<(), String> {
    let [far_p, mic_p, out_p] = args else {
        return Err(
            "usage: aec-wav far.wav mic.wav out.wav   (env: AEC_TAIL_MS, AEC_MAX_DELAY_MS)".into(),
        );
    };
    let read = |p: &str| {
        let bytes = std::fs::read(p).map_err(|e| format!("{p}: {e}"))?;
        aec::wav::parse(&bytes).map_err(|e| format!("{p}: {e}"))
    };
    let far = read(far_p)?;
    let mic = read(mic_p)?;
    if far.rate != mic.rate {
        return Err(format!(
            "far.wav is {} Hz but mic.wav is {} Hz",
            far.rate, mic.rate
        ));
    }
    let mut cfg = Config::new(mic.rate);
    cfg.tail_ms = env_u32("AEC_TAIL_MS", cfg.tail_ms);
    cfg.max_delay_ms = env_u32("AEC_MAX_DELAY_MS", cfg.max_delay_ms);
    let mut aec = Canceller::new(cfg).map_err(|e| e.to_string())?;
    let f = aec.frame_size();
    let lat = aec.latency();
    let n = mic.samples.len();
    let frames = (n + lat).div_ceil(f);
    let mut near = vec![0.0f32; frames * f];
    near[..n].copy_from_slice(&mic.samples);
    let mut farv = vec![0.0f32; frames * f];
    let m = far.samples.len().min(frames * f);
    farv[..m].copy_from_slice(&far.samples[..m]);
    let mut out = vec![0.0f32; frames * f];

    let debug = std::env::var("AEC_DEBUG").is_ok();
    let mut k = 0u32;
    let (t0, c0) = (Instant::now(), thread_cpu_s());
    for ((o, d), x) in out
        .chunks_exact_mut(f)
        .zip(near.chunks_exact(f))
        .zip(farv.chunks_exact(f))
    {
        aec.process(d, x, o).map_err(|e| e.to_string())?;
        if debug {
            k += 1;
            if k.is_multiple_of(100) {
                let s = aec.stats();
                eprintln!(
                    "t={:.1} erle={:.1} lin={:.1} delay={:.1} conv={} dt={} leak={:.3} coh={:.2} drift={:.1}",
                    k as f32 / 100.0,
                    s.erle_db,
                    s.erle_linear_db,
                    s.delay_ms,
                    s.converged,
                    s.double_talk,
                    s.leak,
                    s.coherence,
                    s.drift_ppm
                );
            }
        }
    }
    let cpu = match (c0, thread_cpu_s()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => t0.elapsed().as_secs_f64(),
    };
    // Drop the canceller's constant latency so out.wav lines up with mic.wav.
    let bytes = aec::wav::encode_pcm16(mic.rate, &out[lat..lat + n]);
    std::fs::write(out_p, bytes).map_err(|e| format!("{out_p}: {e}"))?;
    let s = aec.stats();
    eprintln!(
        "erle={:.1} erle_linear={:.1} delay_ms={:.1} converged={}",
        s.erle_db, s.erle_linear_db, s.delay_ms, s.converged
    );
    eprintln!("isa={}", aec.isa().name());
    eprintln!("rtf={:.1}", n as f64 / mic.rate as f64 / cpu.max(1e-9));
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aec-wav: {e}");
            ExitCode::from(2)
        }
    }
}
