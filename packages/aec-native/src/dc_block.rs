//! DC and subsonic removal (the DC notch of Speex's canceller, the capture high-pass of
//! WebRTC's): a one-pole high-pass with its corner at the audio band's lower edge.
//!
//! Why: a microphone's DC offset, and the slow offset a loudspeaker's asymmetric distortion adds
//! under loud far-end music (it follows the music's envelope, not its waveform), are not in the
//! far-end signal, so neither the linear filter nor the learnt per-bin coupling predicts them.
//! They sit in the lowest bin (0-47 Hz at 24 kHz), where they pass the suppressor as residual
//! echo. `core` runs the blocker on its output and uses it while echo may be present and no
//! talker is heard (a talker keeps the low end's phase untouched).

/// One-pole DC blocker `y[n] = g (x[n] - x[n-1]) + r y[n-1]`, unit gain at high frequencies.
pub struct DcBlock {
    r: f32,
    g: f32,
    x1: f32,
    y1: f32,
}

impl DcBlock {
    /// A blocker with its -3 dB corner at `corner_hz` for audio at `rate` Hz.
    pub fn new(rate: u32, corner_hz: f32) -> Self {
        let r = (1.0 - 2.0 * std::f32::consts::PI * corner_hz / rate as f32).clamp(0.0, 1.0);
        DcBlock {
            r,
            g: 0.5 * (1.0 + r),
            x1: 0.0,
            y1: 0.0,
        }
    }

    /// Forgets the signal's history.
    pub fn reset(&mut self) {
        self.x1 = 0.0;
        self.y1 = 0.0;
    }

    /// Filters `x` into `y` (same length), continuing from the previous call.
    #[inline(always)]
    pub fn run(&mut self, x: &[f32], y: &mut [f32]) {
        let (r, g) = (self.r, self.g);
        let (mut x1, mut y1) = (self.x1, self.y1);
        for (o, &v) in y.iter_mut().zip(x) {
            y1 = g * (v - x1) + r * y1;
            x1 = v;
            *o = y1;
        }
        // Denormals would slow every later sample once the input goes silent.
        if y1.abs() < 1e-20 {
            y1 = 0.0;
        }
        self.x1 = x1;
        self.y1 = y1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rms_out(f: &mut DcBlock, hz: f32, rate: u32, offset: f32) -> f32 {
        let n = rate as usize * 2;
        let x: Vec<f32> = (0..n)
            .map(|i| offset + (2.0 * std::f32::consts::PI * hz * i as f32 / rate as f32).sin())
            .collect();
        let mut y = vec![0.0; n];
        for (xi, yi) in x.chunks(256).zip(y.chunks_mut(256)) {
            f.run(xi, yi);
        }
        // The second second only (past the settling).
        let tail = &y[n / 2..];
        (tail.iter().map(|v| v * v).sum::<f32>() / tail.len() as f32).sqrt()
    }

    #[test]
    fn removes_an_offset_and_keeps_speech_frequencies() {
        let rate = 24000;
        let mut f = DcBlock::new(rate, 5.0);
        // A sine at 0 Hz is nothing: an offset alone leaves (almost) nothing.
        let dc = rms_out(&mut f, 0.0, rate, 0.5);
        assert!(dc < 1e-3, "offset left {dc}");
        // Voice band: within 0.05 dB of unit gain (sine rms 1/sqrt 2), the offset gone.
        for hz in [100.0f32, 300.0, 1000.0, 8000.0] {
            f.reset();
            let g = rms_out(&mut f, hz, rate, 0.5) * std::f32::consts::SQRT_2;
            assert!((20.0 * g.log10()).abs() < 0.05, "{hz} Hz gain {g}");
        }
        // The corner is where it was asked for (-3 dB).
        f.reset();
        let g = rms_out(&mut f, 5.0, rate, 0.0) * std::f32::consts::SQRT_2;
        assert!((20.0 * g.log10() + 3.0).abs() < 0.3, "corner gain {g}");
    }
}
