//! Hand-written N-API binding. This is the only module with `unsafe` code: it declares the
//! few `napi_*` functions it uses (resolved from the node binary when the addon is loaded),
//! checks every argument, and calls into the safe canceller. Errors become JS exceptions with
//! a `code` of the package's one scheme (`aec_*`, as in the TypeScript `AecError`s, which wrap
//! them); the option rules and their messages come from `Config` (`src/config.rs`), not from
//! here. Nothing here may panic across the FFI boundary.
#![allow(unsafe_code)]

mod sys;

use crate::{AecError, Canceller, Config, ConfigOption};
use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use sys::*;

/// Tag that marks externals created by this addon, so a foreign external is refused.
const TAG: napi_type_tag = napi_type_tag {
    lower: 0x6563_686f_6165_6372,
    upper: 0x0001_0000_7273_6165,
};

/// What a JS handle owns: the canceller and the float scratch for Int16Array conversion, until
/// `close` (or the garbage collector) frees them.
struct Handle {
    live: Option<Live>,
}

struct Live {
    aec: Canceller,
    near: Vec<f32>,
    far: Vec<f32>,
    out: Vec<f32>,
    /// Bytes reported to V8 with `napi_adjust_external_memory` (given back when freed).
    reported: i64,
}

impl Live {
    fn new(aec: Canceller) -> Live {
        let f = aec.frame_size();
        let reported = (aec.heap_bytes() + 12 * f + std::mem::size_of::<Live>()) as i64;
        Live {
            aec,
            near: vec![0.0; f],
            far: vec![0.0; f],
            out: vec![0.0; f],
            reported,
        }
    }
}

/// Frees the canceller of `h` (if still open) and tells V8 the memory is gone.
unsafe fn release(env: napi_env, h: &mut Handle) {
    if let Some(live) = h.live.take() {
        let mut total = 0i64;
        napi_adjust_external_memory(env, -live.reported, &mut total);
    }
}

/// A typed array argument viewed as samples.
enum Samples<'a> {
    I16(&'a mut [i16]),
    F32(&'a mut [f32]),
}

impl Samples<'_> {
    fn len(&self) -> usize {
        match self {
            Samples::I16(s) => s.len(),
            Samples::F32(s) => s.len(),
        }
    }
}

struct Thrown;

/// The JS class of a thrown error (its `code` says which mistake it is).
#[derive(Clone, Copy)]
enum JsClass {
    /// A value of the right type outside what is allowed.
    Range,
    /// A value of the wrong type.
    Type,
    /// Neither (a closed handle, an internal failure).
    Plain,
}

/// `s` without interior NULs, NUL-terminated.
fn c_string(s: &str) -> Vec<u8> {
    let mut bytes: Vec<u8> = s.bytes().filter(|&b| b != 0).collect();
    bytes.push(0);
    bytes
}

unsafe fn throw(env: napi_env, class: JsClass, code: &str, msg: &str) -> Thrown {
    let mut pending = false;
    napi_is_exception_pending(env, &mut pending);
    if !pending {
        let (c, m) = (c_string(code), c_string(msg));
        let c = CStr::from_bytes_with_nul(&c).unwrap_or(c"aec_internal");
        let m = CStr::from_bytes_with_nul(&m).unwrap_or(c"error");
        match class {
            JsClass::Range => napi_throw_range_error(env, c.as_ptr(), m.as_ptr()),
            JsClass::Type => napi_throw_type_error(env, c.as_ptr(), m.as_ptr()),
            JsClass::Plain => napi_throw_error(env, c.as_ptr(), m.as_ptr()),
        };
    }
    Thrown
}

unsafe fn undefined(env: napi_env) -> napi_value {
    let mut v = ptr::null_mut();
    napi_get_undefined(env, &mut v);
    v
}

unsafe fn args<const N: usize>(
    env: napi_env,
    info: napi_callback_info,
) -> Result<[napi_value; N], Thrown> {
    let mut argv = [ptr::null_mut(); N];
    let mut argc = N;
    if napi_get_cb_info(
        env,
        info,
        &mut argc,
        argv.as_mut_ptr(),
        ptr::null_mut(),
        ptr::null_mut(),
    ) != NAPI_OK
    {
        return Err(throw(
            env,
            JsClass::Plain,
            "aec_internal",
            "could not read the call's arguments",
        ));
    }
    if argc < N {
        // Missing arguments read as `undefined`, which the checks below reject by type.
        let u = undefined(env);
        for a in argv.iter_mut().skip(argc) {
            *a = u;
        }
    }
    Ok(argv)
}

/// How a non-number option reads in the error message.
fn type_name(t: napi_valuetype) -> &'static str {
    match t {
        0 => "undefined",
        1 => "null",
        2 => "(a boolean)",
        4 => "(a string)",
        5 => "(a symbol)",
        7 => "(a function)",
        9 => "(a bigint)",
        _ => "(an object)",
    }
}

/// An option argument as a number; anything else is refused with the option's own code and
/// rule (from `Config`), as a TypeError.
unsafe fn option_number(env: napi_env, v: napi_value, option: ConfigOption) -> Result<f64, Thrown> {
    let mut t = 0;
    napi_typeof(env, v, &mut t);
    let mut out = 0.0;
    if t != NAPI_NUMBER || napi_get_value_double(env, v, &mut out) != NAPI_OK {
        let e = AecError::Option {
            option,
            got: type_name(t).to_string(),
        };
        return Err(throw(env, JsClass::Type, e.code(), &e.to_string()));
    }
    Ok(out)
}

unsafe fn handle<'a>(env: napi_env, v: napi_value) -> Result<&'a mut Live, Thrown> {
    match raw_handle(env, v)?.live.as_mut() {
        Some(live) => Ok(live),
        None => Err(throw(
            env,
            JsClass::Plain,
            "aec_closed",
            "This EchoCanceller was closed; create a new one to keep cancelling.",
        )),
    }
}

unsafe fn raw_handle<'a>(env: napi_env, v: napi_value) -> Result<&'a mut Handle, Thrown> {
    let mut t = 0;
    napi_typeof(env, v, &mut t);
    let mut ok = false;
    if t == NAPI_EXTERNAL {
        napi_check_object_type_tag(env, v, &TAG, &mut ok);
    }
    let mut p: *mut c_void = ptr::null_mut();
    if !ok || napi_get_value_external(env, v, &mut p) != NAPI_OK || p.is_null() {
        return Err(throw(
            env,
            JsClass::Type,
            "aec_handle",
            "not an echo canceller handle; pass the value `create` returned",
        ));
    }
    // SAFETY: the tag proves `p` came from `Box::into_raw(Box<Handle>)` in `create`, and it
    // stays alive until the external's finalizer runs; JS calls are single-threaded.
    Ok(&mut *(p as *mut Handle))
}

unsafe fn samples<'a>(env: napi_env, v: napi_value, what: &str) -> Result<Samples<'a>, Thrown> {
    let mut is = false;
    napi_is_typedarray(env, v, &mut is);
    let bad = || format!("{what} must be an Int16Array (PCM16) or a Float32Array");
    if !is {
        return Err(throw(env, JsClass::Type, "aec_sample_type", &bad()));
    }
    let (mut ty, mut len, mut data, mut off) = (0, 0usize, ptr::null_mut(), 0usize);
    let mut ab = ptr::null_mut();
    if napi_get_typedarray_info(env, v, &mut ty, &mut len, &mut data, &mut ab, &mut off) != NAPI_OK
    {
        return Err(throw(env, JsClass::Type, "aec_sample_type", &bad()));
    }
    // A zero-length or detached array may report a null pointer.
    if data.is_null() {
        return Ok(Samples::F32(&mut []));
    }
    // SAFETY: node guarantees `data` points at `len` elements of the reported type, aligned
    // for it, for as long as the array is reachable (it is an argument of the current call).
    match ty {
        NAPI_INT16_ARRAY => Ok(Samples::I16(std::slice::from_raw_parts_mut(
            data as *mut i16,
            len,
        ))),
        NAPI_FLOAT32_ARRAY => Ok(Samples::F32(std::slice::from_raw_parts_mut(
            data as *mut f32,
            len,
        ))),
        _ => Err(throw(env, JsClass::Type, "aec_sample_type", &bad())),
    }
}

fn load(src: &Samples, dst: &mut [f32]) {
    match src {
        Samples::I16(s) => {
            for (d, &v) in dst.iter_mut().zip(s.iter()) {
                *d = v as f32 * (1.0 / 32768.0);
            }
        }
        Samples::F32(s) => dst.copy_from_slice(s),
    }
}

fn store(src: &[f32], dst: &mut Samples) {
    match dst {
        Samples::I16(d) => {
            for (d, &v) in d.iter_mut().zip(src) {
                *d = (v * 32768.0).round().clamp(-32768.0, 32767.0) as i16;
            }
        }
        Samples::F32(d) => d.copy_from_slice(src),
    }
}

/// Throws a refusal of the safe canceller as a RangeError with its code and message.
unsafe fn aec_error(env: napi_env, e: AecError) -> Thrown {
    throw(env, JsClass::Range, e.code(), &e.to_string())
}

unsafe extern "C" fn finalize(env: napi_env, data: *mut c_void, _hint: *mut c_void) {
    if !data.is_null() {
        // SAFETY: `data` is the `Box<Handle>` leaked in `create`; finalizers run once.
        let mut h = Box::from_raw(data as *mut Handle);
        release(env, &mut h);
    }
}

/// `create(sampleRate, frameMs, tailMs, maxDelayMs) -> handle`
unsafe extern "C" fn create(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || -> Result<napi_value, Thrown> {
        let a = args::<4>(env, info)?;
        let mut vals = [0.0f64; 4];
        for ((v, arg), option) in vals.iter_mut().zip(a).zip(ConfigOption::ALL) {
            *v = option_number(env, arg, option)?;
        }
        let cfg = Config::from_numbers(vals).map_err(|e| aec_error(env, e))?;
        let aec = Canceller::new(cfg).map_err(|e| aec_error(env, e))?;
        let live = Live::new(aec);
        let reported = live.reported;
        let h = Box::new(Handle { live: Some(live) });
        let raw = Box::into_raw(h) as *mut c_void;
        let mut ext = ptr::null_mut();
        if napi_create_external(env, raw, Some(finalize), ptr::null_mut(), &mut ext) != NAPI_OK {
            drop(Box::from_raw(raw as *mut Handle));
            return Err(throw(
                env,
                JsClass::Plain,
                "aec_internal",
                "could not create the canceller handle",
            ));
        }
        napi_type_tag_object(env, ext, &TAG);
        // Native memory V8 cannot see otherwise: without this, dropped cancellers pile up
        // (each holds 0.4-1 MB) because the small JS objects never trigger a collection.
        let mut total = 0i64;
        napi_adjust_external_memory(env, reported, &mut total);
        Ok(ext)
    })
}

/// `render(handle, far)`
unsafe extern "C" fn render(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || -> Result<napi_value, Thrown> {
        let a = args::<2>(env, info)?;
        let h = handle(env, a[0])?;
        let far = samples(env, a[1], "far")?;
        check_len(env, h, far.len(), "far")?;
        load(&far, &mut h.far);
        h.aec.render(&h.far).map_err(|e| aec_error(env, e))?;
        Ok(undefined(env))
    })
}

unsafe fn check_len(env: napi_env, h: &Live, got: usize, what: &str) -> Result<(), Thrown> {
    let expected = h.aec.frame_size();
    if got != expected {
        return Err(throw(
            env,
            JsClass::Range,
            "aec_frame_size",
            &format!("{what} has {got} samples; this canceller takes exactly {expected} per call."),
        ));
    }
    Ok(())
}

/// `capture(handle, near, out)`; `process(handle, near, far, out)` when `far` is given.
unsafe fn run(
    env: napi_env,
    info: napi_callback_info,
    with_far: bool,
) -> Result<napi_value, Thrown> {
    let a = args::<4>(env, info)?;
    let h = handle(env, a[0])?;
    let near = samples(env, a[1], "near")?;
    check_len(env, h, near.len(), "near")?;
    let far = if with_far {
        Some(samples(env, a[2], "far")?)
    } else {
        None
    };
    let mut out = samples(env, if with_far { a[3] } else { a[2] }, "out")?;
    check_len(env, h, out.len(), "out")?;
    if let Some(far) = &far {
        check_len(env, h, far.len(), "far")?;
        load(far, &mut h.far);
        h.aec.render(&h.far).map_err(|e| aec_error(env, e))?;
    }
    load(&near, &mut h.near);
    h.aec
        .capture(&h.near, &mut h.out)
        .map_err(|e| aec_error(env, e))?;
    store(&h.out, &mut out);
    Ok(undefined(env))
}

unsafe extern "C" fn capture(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || run(env, info, false))
}

unsafe extern "C" fn process(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || run(env, info, true))
}

/// `stats(handle, out: Float64Array(9))` writes erleDb, erleLinearDb, delayMs, doubleTalk,
/// converged, leak, repairedSamples, recoveries, clockDriftPpm.
unsafe extern "C" fn stats(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || -> Result<napi_value, Thrown> {
        let a = args::<2>(env, info)?;
        let h = handle(env, a[0])?;
        let mut is = false;
        napi_is_typedarray(env, a[1], &mut is);
        let (mut ty, mut len, mut data, mut off) = (0, 0usize, ptr::null_mut(), 0usize);
        let mut ab = ptr::null_mut();
        if !is
            || napi_get_typedarray_info(env, a[1], &mut ty, &mut len, &mut data, &mut ab, &mut off)
                != NAPI_OK
            || ty != NAPI_FLOAT64_ARRAY
            || len < 9
            || data.is_null()
        {
            return Err(throw(
                env,
                JsClass::Type,
                "aec_stats_buffer",
                "stats needs a Float64Array of length 9",
            ));
        }
        // SAFETY: checked above: a live Float64Array of at least 9 elements.
        let o = std::slice::from_raw_parts_mut(data as *mut f64, 9);
        let s = h.aec.stats();
        o[0] = s.erle_db as f64;
        o[1] = s.erle_linear_db as f64;
        o[2] = s.delay_ms as f64;
        o[3] = s.double_talk as u8 as f64;
        o[4] = s.converged as u8 as f64;
        o[5] = s.leak as f64;
        o[6] = s.repaired_samples as f64;
        o[7] = s.recoveries as f64;
        o[8] = s.drift_ppm as f64;
        Ok(undefined(env))
    })
}

/// `close(handle)`: frees the canceller now (later calls throw `aec_closed`); idempotent.
unsafe extern "C" fn close(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || -> Result<napi_value, Thrown> {
        let a = args::<1>(env, info)?;
        release(env, raw_handle(env, a[0])?);
        Ok(undefined(env))
    })
}

/// `memory(handle)`: bytes reported to V8 for this canceller (0 once closed).
unsafe extern "C" fn memory(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || -> Result<napi_value, Thrown> {
        let a = args::<1>(env, info)?;
        let n = raw_handle(env, a[0])?
            .live
            .as_ref()
            .map_or(0, |l| l.reported);
        let mut v = ptr::null_mut();
        napi_create_double(env, n as f64, &mut v);
        Ok(v)
    })
}

/// `reset(handle)`
unsafe extern "C" fn reset(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || -> Result<napi_value, Thrown> {
        let a = args::<1>(env, info)?;
        handle(env, a[0])?.aec.reset();
        Ok(undefined(env))
    })
}

/// `latencySamples(handle) -> number`: how many samples the output lags the microphone input
/// (constant for the canceller's life).
unsafe extern "C" fn latency_samples(env: napi_env, info: napi_callback_info) -> napi_value {
    guard(env, || -> Result<napi_value, Thrown> {
        let a = args::<1>(env, info)?;
        let h = handle(env, a[0])?;
        let mut v = ptr::null_mut();
        napi_create_double(env, h.aec.latency() as f64, &mut v);
        Ok(v)
    })
}

/// Runs a callback body; a Rust panic becomes a JS exception instead of unwinding into node.
unsafe fn guard(env: napi_env, f: impl FnOnce() -> Result<napi_value, Thrown>) -> napi_value {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(Ok(v)) => v,
        Ok(Err(Thrown)) => ptr::null_mut(),
        Err(_) => {
            throw(
                env,
                JsClass::Plain,
                "aec_internal",
                "internal error in the echo canceller (a bug; please report it)",
            );
            ptr::null_mut()
        }
    }
}

type Callback = unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value;

/// Entry point node calls when it loads the addon.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(env: napi_env, exports: napi_value) -> napi_value {
    // Panics are caught by `guard` and become JS exceptions; the default hook would also print
    // them to stderr, which a library must not do. This hook belongs to this addon's own copy
    // of the Rust runtime (a cdylib links its own std), so no other code is affected.
    std::panic::set_hook(Box::new(|_| {}));
    let fns: [(&CStr, Callback); 9] = [
        (c"create", create),
        (c"render", render),
        (c"capture", capture),
        (c"process", process),
        (c"stats", stats),
        (c"reset", reset),
        (c"latencySamples", latency_samples),
        (c"close", close),
        (c"memory", memory),
    ];
    for (name, cb) in fns {
        let mut f = ptr::null_mut();
        let n: *const c_char = name.as_ptr();
        if napi_create_function(env, n, usize::MAX, Some(cb), ptr::null_mut(), &mut f) == NAPI_OK {
            napi_set_named_property(env, exports, n, f);
        }
    }
    exports
}

/// The N-API version this addon needs (type tags: 8).
#[no_mangle]
pub extern "C" fn node_api_module_get_api_version_v1() -> i32 {
    8
}
