//! The `praktiki` binary: a thin shell over the library.

use mimalloc::MiMalloc;
use std::ffi::{c_int, c_long};

// mimalloc cuts the allocation churn of model inference (DESIGN §8).
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

// The option setter of the mimalloc linked above (`mimalloc.h`); the `mimalloc` crate declares
// it only behind a feature that pulls in another crate.
unsafe extern "C" {
    safe fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in `mimalloc.h`'s `mi_option_t` (15 in its v2 and v3 alike).
const MI_OPTION_PURGE_DELAY: c_int = 15;

fn main() -> std::process::ExitCode {
    // mimalloc returns freed memory to the system a second after it is freed (ten seconds for
    // its arenas); with 100,000 postings under search load that held ~100 MB more resident
    // (after `benches/serve.sh`'s two unseen-search rows alone: 569 → 462 MB anonymous). At
    // once costs no measurable throughput.
    mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    praktiki::cli::main()
}
