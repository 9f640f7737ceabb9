//! `aec`: an acoustic echo canceller without dependencies.
//!
//! The DSP lives in safe modules (`fft`, `filter`, `delay`, `suppressor`, `canceller`);
//! the only `unsafe` code is the hand-written N-API glue in `napi`.
#![deny(unsafe_code)]

pub mod fft;
pub mod wav;
