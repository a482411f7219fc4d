//! The `praktiki` binary: a thin shell over the library.

use mimalloc::MiMalloc;

// mimalloc cuts the allocation churn of model inference (DESIGN §8).
#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

fn main() -> std::process::ExitCode {
    praktiki::cli::main()
}
