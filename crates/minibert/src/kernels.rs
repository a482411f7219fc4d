//! The kernel paths: which instruction set the matrix-product micro-kernels and the layer ops
//! (GELU, softmax, layer norm) run with. Each is compiled for every path; the encoder picks the
//! widest the CPU has, or the one a caller forces ([`crate::Encoder::with_kernels`]).

/// A kernel path. The encoder runs one for its whole forward pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernels {
    /// 16 floats a step; the micro-kernel keeps a 12 × 32 tile of the product in registers.
    Avx512,
    /// 8 floats a step, with fused multiply-add.
    Avx2,
    /// Plain Rust the compiler vectorises for the baseline target; runs on any CPU.
    Portable,
}

impl Kernels {
    /// Every kernel path, widest first.
    pub const ALL: [Kernels; 3] = [Kernels::Avx512, Kernels::Avx2, Kernels::Portable];

    /// The widest path this CPU runs.
    pub fn detect() -> Kernels {
        Kernels::ALL
            .into_iter()
            .find(|kernels| kernels.available())
            .unwrap_or(Kernels::Portable)
    }

    /// Whether this CPU has the instructions the path needs (the portable path runs anywhere).
    pub fn available(self) -> bool {
        match self {
            #[cfg(target_arch = "x86_64")]
            Kernels::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            #[cfg(target_arch = "x86_64")]
            Kernels::Avx2 => {
                std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
            }
            Kernels::Portable => true,
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }
}
