//! `aec`: an acoustic echo canceller without dependencies.
//!
//! The DSP lives in safe modules (`fft`, `filter`, `delay`, `suppressor`, `core`, `canceller`);
//! the only `unsafe` code is the hand-written N-API glue in `napi`.
#![deny(unsafe_code)]

pub mod canceller;
pub mod core;
pub mod cpu;
pub mod delay;
pub mod fft;
pub mod filter;
pub mod suppressor;
pub mod wav;

#[cfg(feature = "napi")]
mod napi;

pub use canceller::{AecError, Canceller, Config, Stats};
