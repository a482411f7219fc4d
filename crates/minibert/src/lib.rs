//! A BERT encoder for sentence embeddings (the architecture of all-MiniLM-L6-v2) on the CPU.
//!
//! **Why this crate exists.** Praktiki embeds every profile and internship in-process, so the
//! encoder's speed is the product's. Before work started, a plain Candle BERT ran at 0.36× of the
//! Python stack (sentence-transformers on PyTorch) on long texts: 7.4 against 21 texts/s at 256
//! tokens, batch 32 (DESIGN §8). This encoder measured 40–55 against 16–21 texts/s there, 1.9–3.2×
//! *faster* than that stack ("Measured on `main`, 2026-12-02", same section), with under a quarter
//! of its memory (150–200 MB against 870 MB). A general tensor library spends most of a small
//! model's time outside the matrix products (DESIGN §8's profile: allocation churn, scalar
//! `erf`/`exp`, thread hand-offs, copies). Here: weights are packed once at load time (query, key
//! and value fused into one product); the tokens of all sequences are stacked without padding into
//! one matrix for the linear layers; attention runs per (sequence, head) at the sequence's own
//! length; bias, residual, GELU and layer norm are applied while a row block is still in cache;
//! and buffers are reused across calls.
//!
//! **What Candle still does in the product**: training the learned reranker (candle-nn, a small
//! MLP trained on the platform's outcomes) and running the optional BERT cross-encoder an
//! operator places in `models/` (`src/matching/learning/rerank.rs`). Only the sentence encoder
//! moved here, because it alone runs on every profile and internship change.
//!
//! **Kernel paths.** The matrix-product micro-kernel and the layer ops (GELU, softmax, layer
//! norm) are compiled for AVX-512, AVX2+FMA and portable code ([`Kernels`]); the encoder runs the
//! widest the CPU has, for the whole forward pass, unless [`Encoder::with_kernels`] forces one.
//! The application's tests run the whole encoder through every path this CPU has against
//! sentence-transformers' reference vectors (`every_kernel_path_matches_the_reference_vectors` in
//! `src/matching/embedding/embedder_tests.rs`); this crate's tests check each kernel against plain
//! implementations.
//!
//! **Where things are.** This file: the model's shape ([`Encoder`], its layers, [`Workspace`]).
//! `load.rs` builds it from a safetensors file; `forward.rs` runs it (embeddings, each layer's
//! products and ops, mean pooling); `attention.rs` is self-attention per (sequence, head);
//! `gemm.rs` the matrix products (`gemm/pack.rs` the operands' layouts, `gemm/tile/` one
//! micro-kernel per path); `ops.rs` GELU, softmax and layer norm; `kernels.rs` the paths.
//!
//! It lives in its own crate because the application crate is built unoptimised in the dev
//! profile; the public functions are not generic so they always run as compiled here.

mod attention;
mod forward;
mod gemm;
mod kernels;
mod load;
mod ops;

pub use kernels::Kernels;

/// Compares every kernel this CPU can run with plain implementations on odd sizes and panics
/// on a mismatch. The application's test suite calls it: a plain `cargo test` there does not run
/// this crate's own tests (`cargo test --workspace` does).
#[cfg(feature = "self-check")]
pub fn check_kernels() {
    gemm::tests::row_blocks_are_even_and_cover_every_row();
    gemm::tests::every_kernel_matches_a_plain_product_on_odd_sizes();
    gemm::tests::in_place_left_operands_match_a_plain_product();
    ops::tests::exp_is_accurate_over_the_softmax_range();
    ops::tests::erf_and_gelu_are_accurate();
    ops::tests::softmax_and_layer_norm_match_plain_formulas_on_odd_lengths();
}

/// The model's shape, from its `config.json`.
#[derive(Clone, Debug)]
pub struct Config {
    pub layers: usize,
    pub hidden: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub max_positions: usize,
    pub vocab: usize,
    pub layer_norm_eps: f32,
}

/// The loaded model. Immutable and `Sync`; per-call buffers live in a [`Workspace`].
pub struct Encoder {
    config: Config,
    kernels: Kernels,
    words: load::Words,
    positions: Vec<f32>,
    /// Token type 0's embedding (single-segment inputs only).
    segment: Vec<f32>,
    norm: Norm,
    layers: Vec<Layer>,
}

/// One transformer layer, its weights packed for the matrix products.
struct Layer {
    /// Query (pre-scaled by 1/√head_dim), key and value projections side by side.
    qkv: gemm::Packed,
    qkv_bias: Vec<f32>,
    out: gemm::Packed,
    out_bias: Vec<f32>,
    attention_norm: Norm,
    up: gemm::Packed,
    up_bias: Vec<f32>,
    down: gemm::Packed,
    down_bias: Vec<f32>,
    output_norm: Norm,
}

struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

/// Activations of one forward pass, kept between calls so steady-state inference allocates
/// nothing large.
#[derive(Default)]
pub struct Workspace {
    hidden: Vec<f32>,
    qkv: Vec<f32>,
    context: Vec<f32>,
    inner: Vec<f32>,
}

impl Encoder {
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The kernel path this encoder runs.
    pub fn kernels(&self) -> Kernels {
        self.kernels
    }

    /// This encoder running the given kernel path for its whole forward pass (matrix products
    /// and layer ops), instead of the widest the CPU has: tests run every path this way. Fails
    /// if the CPU lacks the path's instructions.
    pub fn with_kernels(mut self, kernels: Kernels) -> Result<Encoder, String> {
        if !kernels.available() {
            return Err(format!("this CPU cannot run the {kernels:?} kernels"));
        }
        self.kernels = kernels;
        Ok(self)
    }
}
