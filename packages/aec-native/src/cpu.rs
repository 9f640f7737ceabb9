//! Run-time CPU dispatch. The shipped binary targets baseline x86-64 (SSE2) so it runs on any
//! x86-64 machine; on CPUs with AVX2 and FMA the block processor runs a second copy of itself
//! compiled for those instructions (256-bit vectors roughly halve the filter and FFT loops).
//! The hot code is `#[inline(always)]` down to the loops, so both copies come from one source.
//! This is the only module besides the N-API glue with `unsafe` code: one call, guarded by the
//! feature check it needs.
#![allow(unsafe_code)]

use crate::core::Core;

/// Which instruction set the block processor uses on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    /// Baseline x86-64 (or any non-x86 target): what the compiler was told to assume.
    Baseline,
    /// AVX2 + FMA, detected at run time.
    Avx2Fma,
}

impl Isa {
    /// The best the running CPU supports (`AEC_FORCE_BASELINE=1` in the environment forces the
    /// baseline path, for measurements and tests).
    pub fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        {
            if std::env::var_os("AEC_FORCE_BASELINE").is_none()
                && std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                return Isa::Avx2Fma;
            }
        }
        Isa::Baseline
    }

    /// Name for diagnostics.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Baseline => "baseline",
            Isa::Avx2Fma => "avx2+fma",
        }
    }
}

/// Runs one block of `core` with the instruction set `isa` (from [`Isa::detect`]).
#[inline]
pub(crate) fn process(isa: Isa, core: &mut Core, d: &[f32], x: &[f32], out: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx2Fma {
        // SAFETY: `Isa::Avx2Fma` is only produced by `detect` after both features were found
        // on the running CPU.
        unsafe { process_avx2_fma(core, d, x, out) };
        return;
    }
    let _ = isa;
    core.process_block(d, x, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn process_avx2_fma(core: &mut Core, d: &[f32], x: &[f32], out: &mut [f32]) {
    core.process_block(d, x, out);
}
