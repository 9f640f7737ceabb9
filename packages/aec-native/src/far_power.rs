//! Far-end power over the filter's span: per bin, the sum of `|X|^2` over the partitions the
//! filter reads (the NLMS normaliser), kept as a running sum in f64 (add the block entering the
//! span, drop the one leaving it; recomputed when the span moves), plus a slowly decaying
//! envelope of the newest block's power.
use crate::filter::FarHistory;

/// Per-block decay of the far power envelope (about -0.13 dB per block).
const ENVELOPE_DECAY: f32 = 0.97;

/// Far-end power state.
pub struct FarPower {
    acc: Vec<f64>,
    span_at: Option<usize>,
    span: Vec<f32>,
    envelope: Vec<f32>,
}

impl FarPower {
    /// State for spectra of `bins` bins.
    pub fn new(bins: usize) -> Self {
        FarPower {
            acc: vec![0.0; bins],
            span_at: None,
            span: vec![0.0; bins],
            envelope: vec![0.0; bins],
        }
    }

    /// Forgets everything.
    pub fn reset(&mut self) {
        self.span_at = None;
        self.envelope.fill(0.0);
    }

    /// Updates with the history after its newest push; the filter reads `parts` partitions
    /// from `offset` on.
    #[inline(always)]
    pub fn update(&mut self, hist: &FarHistory, offset: usize, parts: usize) {
        if self.span_at != Some(offset) {
            self.acc.fill(0.0);
            for p in 0..parts {
                for (a, &v) in self.acc.iter_mut().zip(hist.pow(offset + p)) {
                    *a += v as f64;
                }
            }
            self.span_at = Some(offset);
        } else {
            let (add, drop) = (hist.pow(offset), hist.pow(offset + parts));
            for ((a, &n), &o) in self.acc.iter_mut().zip(add).zip(drop) {
                *a += n as f64 - o as f64;
            }
        }
        for (x, &a) in self.span.iter_mut().zip(&self.acc) {
            *x = a.max(0.0) as f32;
        }
        // The block at the filter's offset is the one reaching the microphone now (once the bulk
        // delay is known; offset 0 before that), so echo estimates built on the envelope line up
        // with the echo instead of running a delay ahead of it.
        for (m, &v) in self.envelope.iter_mut().zip(hist.pow(offset)) {
            *m = v.max(*m * ENVELOPE_DECAY);
        }
    }

    /// Per-bin far power summed over the filter's span.
    #[inline(always)]
    pub fn span(&self) -> &[f32] {
        &self.span
    }

    /// Per-bin decaying maximum of the power of the block at the filter's offset.
    #[inline(always)]
    pub fn envelope(&self) -> &[f32] {
        &self.envelope
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fft::Spectrum;

    fn push(h: &mut FarHistory, v: f32) {
        let mut s = Spectrum::new(3);
        s.re.fill(v);
        h.push(&s);
    }

    #[test]
    fn running_span_sum_matches_a_fresh_sum() {
        let mut h = FarHistory::new(12, 3);
        let mut fp = FarPower::new(3);
        for i in 0..30 {
            push(&mut h, (i % 7) as f32);
            fp.update(&h, 2, 4);
            let fresh: f32 = (0..4).map(|p| h.pow(2 + p)[0]).sum();
            assert!((fp.span()[0] - fresh).abs() < 1e-3, "block {i}");
        }
        // Moving the span recomputes from scratch.
        fp.update(&h, 5, 4);
        let fresh: f32 = (0..4).map(|p| h.pow(5 + p)[1]).sum();
        assert!((fp.span()[1] - fresh).abs() < 1e-3);
    }

    #[test]
    fn envelope_holds_peaks_and_decays() {
        let mut h = FarHistory::new(4, 3);
        let mut fp = FarPower::new(3);
        push(&mut h, 2.0);
        fp.update(&h, 0, 2);
        assert_eq!(fp.envelope()[0], 4.0);
        push(&mut h, 0.0);
        fp.update(&h, 0, 2);
        assert!((fp.envelope()[0] - 4.0 * ENVELOPE_DECAY).abs() < 1e-6);
    }
}
