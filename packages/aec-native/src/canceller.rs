//! The public canceller: validates the configuration, turns 10 ms frames into the core's
//! power-of-two blocks (FIFOs allocated once), and pairs far-end frames with microphone frames.
pub use crate::config::{AecError, Config};
use crate::core::{Core, CoreStats};

/// Largest sample magnitude the canceller accepts (18 dB over full scale; float audio is nominally
/// within +-1). Samples beyond it (a corrupt buffer, not audio) and non-finite ones (NaN, +-Inf)
/// are replaced by 0: one bad sample must not reach the adaptive state, where it would spread to
/// every later output.
pub const SAMPLE_LIMIT: f32 = 8.0;

/// Snapshot of the canceller's state.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Figures of the block processor.
    pub core: CoreStats,
    /// Input samples (near or far) that were non-finite or beyond [`SAMPLE_LIMIT`] and were
    /// replaced by 0, since construction or `reset()`.
    pub repaired_samples: u64,
    /// Times the adaptive state became non-finite anyway and was reset (should stay 0).
    pub recoveries: u64,
}

impl std::ops::Deref for Stats {
    type Target = CoreStats;
    fn deref(&self) -> &CoreStats {
        &self.core
    }
}

/// Copies `x` into `dst` with non-finite samples and those beyond [`SAMPLE_LIMIT`] zeroed;
/// returns how many were replaced.
fn sanitize(x: &[f32], dst: &mut [f32]) -> u64 {
    let mut bad = 0u64;
    for (d, &v) in dst.iter_mut().zip(x) {
        // `v.abs() <= LIMIT` is false for NaN, so NaN takes the slow path too.
        if v.abs() <= SAMPLE_LIMIT {
            *d = v;
        } else {
            *d = 0.0;
            bad += 1;
        }
    }
    bad
}

/// Fixed-capacity FIFO of samples (allocated once).
struct Fifo {
    buf: Vec<f32>,
    head: usize,
    len: usize,
}

impl Fifo {
    fn new(cap: usize) -> Self {
        Fifo {
            buf: vec![0.0; cap],
            head: 0,
            len: 0,
        }
    }
    fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }
    /// Appends; when full, the oldest samples are dropped.
    fn push(&mut self, x: &[f32]) {
        let cap = self.buf.len();
        let x = if x.len() > cap {
            &x[x.len() - cap..]
        } else {
            x
        };
        let over = (self.len + x.len()).saturating_sub(cap);
        if over > 0 {
            self.head = (self.head + over) % cap;
            self.len -= over;
        }
        let tail = (self.head + self.len) % cap;
        let first = x.len().min(cap - tail);
        self.buf[tail..tail + first].copy_from_slice(&x[..first]);
        self.buf[..x.len() - first].copy_from_slice(&x[first..]);
        self.len += x.len();
    }
    /// Pops up to `out.len()` samples; the rest of `out` is zero-filled. Returns how many popped.
    fn pop(&mut self, out: &mut [f32]) -> usize {
        let cap = self.buf.len();
        let n = out.len().min(self.len);
        let first = n.min(cap - self.head);
        out[..first].copy_from_slice(&self.buf[self.head..self.head + first]);
        out[first..n].copy_from_slice(&self.buf[..n - first]);
        self.head = (self.head + n) % cap;
        self.len -= n;
        out[n..].fill(0.0);
        n
    }
}

/// The echo canceller for one microphone and one loudspeaker.
pub struct Canceller {
    cfg: Config,
    frame: usize,
    core: Core,
    near: Fifo,
    far: Fifo,
    out: Fifo,
    bd: Vec<f32>,
    bx: Vec<f32>,
    bo: Vec<f32>,
    clean: Vec<f32>,
    repaired: u64,
    recoveries: u64,
}

impl Canceller {
    /// Validates `cfg` and allocates everything the canceller will ever need.
    pub fn new(cfg: Config) -> Result<Self, AecError> {
        cfg.validate()?;
        let block = match cfg.sample_rate {
            16000 => 128,
            24000 => 256,
            _ => 512,
        };
        let frame = (cfg.sample_rate * cfg.frame_ms / 1000) as usize;
        let mut c = Canceller {
            cfg,
            frame,
            core: Core::new(cfg.sample_rate, block, cfg.tail_ms, cfg.max_delay_ms),
            near: Fifo::new(frame + block),
            // Render may run ahead of capture by up to 50 frames before the oldest is dropped.
            far: Fifo::new(frame * 50 + block),
            out: Fifo::new(frame + 2 * block),
            bd: vec![0.0; block],
            bx: vec![0.0; block],
            bo: vec![0.0; block],
            clean: vec![0.0; frame],
            repaired: 0,
            recoveries: 0,
        };
        c.prime();
        Ok(c)
    }

    fn prime(&mut self) {
        // One block of silence so every capture call can return a full frame.
        let z = vec![0.0; self.bd.len()];
        self.out.push(&z);
    }

    /// The configuration.
    pub fn config(&self) -> Config {
        self.cfg
    }

    /// Samples per frame (per call).
    pub fn frame_size(&self) -> usize {
        self.frame
    }

    /// Constant delay of the output relative to the microphone, in samples.
    pub fn latency(&self) -> usize {
        2 * self.core.block()
    }

    /// Queues one far-end frame (what the loudspeaker plays).
    pub fn render(&mut self, far: &[f32]) -> Result<(), AecError> {
        self.check(far.len())?;
        self.repaired += sanitize(far, &mut self.clean);
        self.far.push(&self.clean);
        Ok(())
    }

    /// Cleans one microphone frame into `out` (same length), using the queued far end.
    pub fn capture(&mut self, near: &[f32], out: &mut [f32]) -> Result<(), AecError> {
        self.check(near.len())?;
        self.check(out.len())?;
        self.repaired += sanitize(near, &mut self.clean);
        self.near.push(&self.clean);
        while self.near.len >= self.bd.len() {
            self.near.pop(&mut self.bd);
            self.far.pop(&mut self.bx);
            self.core.process(&self.bd, &self.bx, &mut self.bo);
            // With bounded input this cannot happen; if it ever does, start over rather than
            // emit non-finite audio from now on.
            if !self.bo.iter().fold(0.0f32, |a, &v| a + v * v).is_finite() {
                self.core.reset();
                self.bo.fill(0.0);
                self.recoveries += 1;
            }
            self.out.push(&self.bo);
        }
        self.out.pop(out);
        Ok(())
    }

    /// `render(far)` then `capture(near, out)`.
    pub fn process(&mut self, near: &[f32], far: &[f32], out: &mut [f32]) -> Result<(), AecError> {
        self.check(near.len())?;
        self.check(far.len())?;
        self.check(out.len())?;
        self.render(far)?;
        self.capture(near, out)
    }

    /// The instruction set the block processor uses (chosen at run time).
    pub fn isa(&self) -> crate::cpu::Isa {
        self.core.isa()
    }

    /// Forces an instruction set (e.g. `Isa::Baseline` to compare); one the CPU lacks falls
    /// back to the baseline.
    pub fn set_isa(&mut self, isa: crate::cpu::Isa) {
        self.core.set_isa(isa);
    }

    /// Current statistics.
    pub fn stats(&self) -> Stats {
        Stats {
            core: self.core.stats(),
            repaired_samples: self.repaired,
            recoveries: self.recoveries,
        }
    }

    /// Bytes of heap memory this canceller holds (for reporting to a garbage collector).
    pub fn heap_bytes(&self) -> usize {
        let f = 4 * (self.near.buf.len() + self.far.buf.len() + self.out.buf.len());
        let s = 4 * (self.bd.len() + self.bx.len() + self.bo.len() + self.clean.len());
        f + s + self.core.heap_bytes()
    }

    /// Back to the state of a new canceller.
    pub fn reset(&mut self) {
        self.core.reset();
        self.repaired = 0;
        self.recoveries = 0;
        self.near.clear();
        self.far.clear();
        self.out.clear();
        self.prime();
    }

    fn check(&self, got: usize) -> Result<(), AecError> {
        if got == self.frame {
            Ok(())
        } else {
            Err(AecError::FrameLength {
                expected: self.frame,
                got,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Fifo;

    #[test]
    fn fifo_wraps_and_drops_oldest() {
        let mut f = Fifo::new(5);
        f.push(&[1.0, 2.0, 3.0]);
        let mut o = [0.0; 2];
        assert_eq!(f.pop(&mut o), 2);
        assert_eq!(o, [1.0, 2.0]);
        f.push(&[4.0, 5.0, 6.0, 7.0]); // wraps
        f.push(&[8.0]); // full: drops 3
        let mut o = [0.0; 6];
        assert_eq!(f.pop(&mut o), 5);
        assert_eq!(o, [4.0, 5.0, 6.0, 7.0, 8.0, 0.0]);
        f.push(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]); // longer than capacity
        let mut o = [0.0; 5];
        f.pop(&mut o);
        assert_eq!(o, [3.0, 4.0, 5.0, 6.0, 7.0]);
    }
}
