//! A BERT encoder for sentence embeddings (the architecture of all-MiniLM-L6-v2) on the CPU.
//!
//! **Why this crate exists.** Praktiki embeds every profile and internship in-process, so the
//! encoder's speed is the product's. A plain Candle BERT measured 0.36× of the Python stack
//! (sentence-transformers on PyTorch) on long texts before work started (DESIGN §8: 7.4 against
//! 21 texts/s at 256 tokens, batch 32); this encoder measures 2–3× *faster* than that stack on
//! long texts (1.9–3.2× on `main`, README "Measured figures"), with a quarter of its memory. A
//! general tensor library spends most of a small model's time outside the matrix products
//! (allocation, copies, padding, scalar `erf`/`exp`, thread hand-offs). Here: weights are packed
//! once at load time (query, key and value fused into one product); the tokens of all sequences
//! are stacked without padding into one matrix for the linear layers; attention runs per
//! (sequence, head) at the sequence's own length; bias, residual, GELU and layer norm are applied
//! while a row block is still in cache; and buffers are reused across calls.
//!
//! **What Candle still does in the product**: training the learned reranker (candle-nn, a small
//! MLP trained on the platform's outcomes) and running the optional BERT cross-encoder an
//! operator places in `models/` (`src/matching/learning/rerank.rs`). Only the sentence encoder
//! moved here, because it alone runs on every profile and internship change.
//!
//! **Kernel paths.** The matrix-product micro-kernel and the layer ops (GELU, softmax, layer
//! norm) are compiled for AVX-512, AVX2+FMA and portable code; the encoder runs the widest the
//! CPU has, for the whole forward pass. [`Encoder::with_kernels`] forces one path ([`Kernels`]):
//! the application's tests run every path this CPU has against the reference vectors
//! (`src/matching/embedding/embedder_tests.rs`), and this crate's tests check each kernel against
//! plain implementations.
//!
//! It lives in its own crate because the application crate is built unoptimised in the dev
//! profile; the public functions are not generic so they always run as compiled here.

mod gemm;
mod ops;

pub use gemm::Isa as Kernels;
use gemm::{Isa, NR, Packed, SharedMut};
use std::cell::RefCell;

/// Compares every kernel this CPU can run with plain implementations on odd sizes and panics
/// on a mismatch. The application's test suite calls it: `cargo test` there does not run this
/// crate's own tests.
#[cfg(feature = "self-check")]
pub fn check_kernels() {
    gemm::tests::row_blocks_are_even_and_cover_every_row();
    gemm::tests::every_kernel_matches_a_plain_product_on_odd_sizes();
    gemm::columns_check::in_place_left_operands_match_a_plain_product();
    ops::tests::exp_is_accurate_over_the_softmax_range();
    ops::tests::erf_and_gelu_are_accurate();
    ops::tests::softmax_and_layer_norm_match_plain_formulas_on_odd_lengths();
}

/// Most tokens per forward pass (longer batches are split): bounds the workspace to ~30 MB.
const CHUNK_TOKENS: usize = 2048;

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

/// The token embedding table: copied, or read from the mapped model file.
enum Words {
    Owned(Vec<f32>),
    Mapped(memmap2::Mmap, usize),
}

/// The `i`-th little-endian f32 of `bytes`.
fn float(bytes: &[u8], i: usize) -> f32 {
    let b = &bytes[i * 4..i * 4 + 4];
    f32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

struct Layer {
    /// Query (pre-scaled by 1/√head_dim), key and value projections side by side.
    qkv: Packed,
    qkv_bias: Vec<f32>,
    out: Packed,
    out_bias: Vec<f32>,
    attention_norm: Norm,
    up: Packed,
    up_bias: Vec<f32>,
    down: Packed,
    down_bias: Vec<f32>,
    output_norm: Norm,
}

/// The loaded model. Immutable and `Sync`; per-call buffers live in a [`Workspace`].
pub struct Encoder {
    config: Config,
    isa: Isa,
    words: Words,
    positions: Vec<f32>,
    /// Token type 0's embedding (single-segment inputs only).
    segment: Vec<f32>,
    norm: Norm,
    layers: Vec<Layer>,
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
    /// Loads a BERT checkpoint in safetensors format (names with or without a `bert.` prefix).
    pub fn from_safetensors(bytes: &[u8], config: Config) -> Result<Encoder, String> {
        Ok(Self::build(bytes, config, true)?.0)
    }

    /// Loads a safetensors file by mapping it rather than reading it: only the layers' packed
    /// weights are copied (fresh pages are slow to fault in), and token embeddings are read from
    /// the mapping as texts need them.
    pub fn from_file(path: &std::path::Path, config: Config) -> Result<Encoder, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // SAFETY: a read-only mapping of the model file, which nothing writes while the model is
        // loaded (the usual contract of mapped model files; truncating it underneath would
        // fault, as for any mapped file).
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| e.to_string())?;
        let (mut encoder, offset) = Self::build(&map, config, false)?;
        encoder.words = Words::Mapped(map, offset);
        Ok(encoder)
    }

    /// The encoder, and the word table's byte offset in `bytes`; the table itself is copied only
    /// if `copy_words`.
    fn build(bytes: &[u8], config: Config, copy_words: bool) -> Result<(Encoder, usize), String> {
        let c = &config;
        let head_dim = c.hidden / c.heads.max(1);
        if c.heads == 0
            || !c.hidden.is_multiple_of(c.heads)
            || !head_dim.is_multiple_of(NR)
            || !c.intermediate.is_multiple_of(NR)
        {
            return Err(format!(
                "unsupported shape: hidden {} / {} heads, intermediate {} (head size and \
                 intermediate size must be multiples of {NR})",
                c.hidden, c.heads, c.intermediate
            ));
        }
        let tensors = safetensors::SafeTensors::deserialize(bytes).map_err(|e| e.to_string())?;
        let prefix = if tensors.names().iter().any(|n| n.starts_with("bert.")) {
            "bert."
        } else {
            ""
        };
        let raw = |name: &str, shape: &[usize]| -> Result<&[u8], String> {
            let full = format!("{prefix}{name}");
            let view = tensors.tensor(&full).map_err(|e| format!("{full}: {e}"))?;
            if view.dtype() != safetensors::Dtype::F32 || view.shape() != shape {
                return Err(format!(
                    "{full}: {:?} {:?}, expected F32 {shape:?}",
                    view.dtype(),
                    view.shape()
                ));
            }
            Ok(view.data())
        };
        let load = |name: &str, shape: &[usize]| -> Result<Vec<f32>, String> {
            let data = raw(name, shape)?;
            Ok((0..data.len() / 4).map(|i| float(data, i)).collect())
        };
        let (h, inter) = (c.hidden, c.intermediate);
        let norm = |name: &str| -> Result<Norm, String> {
            Ok(Norm {
                gamma: load(&format!("{name}.weight"), &[h])?,
                beta: load(&format!("{name}.bias"), &[h])?,
            })
        };
        // PyTorch stores a linear layer's weight as [out, in]; the product needs [in, out].
        let linear =
            |name: &str, n_in: usize, n_out: usize| -> Result<(Packed, Vec<f32>), String> {
                let w = raw(&format!("{name}.weight"), &[n_out, n_in])?;
                let b = load(&format!("{name}.bias"), &[n_out])?;
                Ok((
                    Packed::from_fn(n_in, n_out, |r, j| float(w, j * n_in + r)),
                    b,
                ))
            };
        let scale = 1.0 / (head_dim as f32).sqrt();
        let mut layers = Vec::with_capacity(c.layers);
        for l in 0..c.layers {
            let at = |part: &str| format!("encoder.layer.{l}.{part}");
            let mut w = Vec::with_capacity(3);
            let mut qkv_bias = Vec::with_capacity(3 * h);
            for (i, part) in ["query", "key", "value"].into_iter().enumerate() {
                let name = at(&format!("attention.self.{part}"));
                let s = if i == 0 { scale } else { 1.0 };
                w.push(raw(&format!("{name}.weight"), &[h, h])?);
                qkv_bias.extend(load(&format!("{name}.bias"), &[h])?.iter().map(|b| b * s));
            }
            let qkv = Packed::from_fn(h, 3 * h, |r, j| {
                let s = if j < h { scale } else { 1.0 };
                float(w[j / h], (j % h) * h + r) * s
            });
            let (out, out_bias) = linear(&at("attention.output.dense"), h, h)?;
            let (up, up_bias) = linear(&at("intermediate.dense"), h, inter)?;
            let (down, down_bias) = linear(&at("output.dense"), inter, h)?;
            layers.push(Layer {
                qkv,
                qkv_bias,
                out,
                out_bias,
                attention_norm: norm(&at("attention.output.LayerNorm"))?,
                up,
                up_bias,
                down,
                down_bias,
                output_norm: norm(&at("output.LayerNorm"))?,
            });
        }
        let types = load("embeddings.token_type_embeddings.weight", &[2, h])
            .or_else(|_| load("embeddings.token_type_embeddings.weight", &[1, h]))?;
        let words = raw("embeddings.word_embeddings.weight", &[c.vocab, h])?;
        let offset = words.as_ptr() as usize - bytes.as_ptr() as usize;
        let words = if copy_words {
            Words::Owned((0..words.len() / 4).map(|i| float(words, i)).collect())
        } else {
            Words::Owned(Vec::new())
        };
        let encoder = Encoder {
            words,
            positions: load(
                "embeddings.position_embeddings.weight",
                &[c.max_positions, h],
            )?,
            segment: types[..h].to_vec(),
            norm: norm("embeddings.LayerNorm")?,
            layers,
            isa: Isa::detect(),
            config,
        };
        Ok((encoder, offset))
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The kernel path this encoder runs.
    pub fn kernels(&self) -> Kernels {
        self.isa
    }

    /// This encoder running the given kernel path for its whole forward pass (matrix products
    /// and layer ops), instead of the widest the CPU has: tests run every path this way. Fails
    /// if the CPU lacks the path's instructions.
    pub fn with_kernels(mut self, kernels: Kernels) -> Result<Encoder, String> {
        if !kernels.available() {
            return Err(format!("this CPU cannot run the {kernels:?} kernels"));
        }
        self.isa = kernels;
        Ok(self)
    }

    /// One vector per sequence of token ids, in order: the mean of the last hidden states over
    /// the sequence's tokens, scaled to unit length (sentence-transformers' mean pooling). Uses
    /// the threads of the current rayon pool.
    pub fn embed(
        &self,
        workspace: &mut Workspace,
        sequences: &[&[u32]],
    ) -> Result<Vec<Vec<f32>>, String> {
        for seq in sequences {
            if seq.len() > self.config.max_positions {
                return Err(format!(
                    "{} tokens, the model takes at most {}",
                    seq.len(),
                    self.config.max_positions
                ));
            }
            if let Some(id) = seq.iter().find(|&&id| id as usize >= self.config.vocab) {
                return Err(format!("token id {id} outside the vocabulary"));
            }
        }
        let mut vectors = Vec::with_capacity(sequences.len());
        let mut start = 0;
        while start < sequences.len() {
            let mut end = start + 1;
            let mut tokens = sequences[start].len();
            while end < sequences.len() && tokens + sequences[end].len() <= CHUNK_TOKENS {
                tokens += sequences[end].len();
                end += 1;
            }
            let chunk = &sequences[start..end];
            self.forward(workspace, chunk);
            let h = self.config.hidden;
            let mut row = 0;
            for seq in chunk {
                vectors.push(mean_pool(
                    &workspace.hidden[row * h..(row + seq.len()) * h],
                    h,
                ));
                row += seq.len();
            }
            start = end;
        }
        Ok(vectors)
    }

    /// Runs the encoder over `sequences`, leaving the last hidden states in `workspace.hidden`
    /// (the sequences' tokens one after another, `hidden` floats each).
    fn forward(&self, ws: &mut Workspace, sequences: &[&[u32]]) {
        let c = &self.config;
        let (h, eps) = (c.hidden, c.layer_norm_eps);
        let m: usize = sequences.iter().map(|s| s.len()).sum();
        // Grow-only: a smaller pass reuses the buffers without clearing them.
        for (buffer, width) in [
            (&mut ws.hidden, h),
            (&mut ws.qkv, 3 * h),
            (&mut ws.context, h),
            (&mut ws.inner, c.intermediate),
        ] {
            if buffer.len() < m * width {
                buffer.resize(m * width, 0.0);
            }
        }
        let mut spans = Vec::with_capacity(sequences.len());
        let mut rows = ws.hidden[..m * h].chunks_exact_mut(h);
        for seq in sequences {
            spans.push((m - rows.len(), seq.len()));
            for (pos, (&id, x)) in seq.iter().zip(rows.by_ref()).enumerate() {
                let id = id as usize;
                match &self.words {
                    Words::Owned(words) => x.copy_from_slice(&words[id * h..][..h]),
                    Words::Mapped(map, offset) => {
                        let row = &map[offset + id * h * 4..][..h * 4];
                        for (i, x) in x.iter_mut().enumerate() {
                            *x = float(row, i);
                        }
                    }
                }
                let position = &self.positions[pos * h..][..h];
                for ((x, t), p) in x.iter_mut().zip(&self.segment).zip(position) {
                    *x = (*x + t) + p;
                }
                ops::layer_norm(self.isa, x, &self.norm.gamma, &self.norm.beta, eps);
            }
        }
        for layer in &self.layers {
            let isa = self.isa;
            let bias = Some(layer.qkv_bias.as_slice());
            gemm::matmul(
                isa,
                &ws.hidden,
                h,
                m,
                &layer.qkv,
                bias,
                false,
                &mut ws.qkv,
                3 * h,
                None,
            );
            self.attention(&ws.qkv, &spans, &mut ws.context);
            let norm = |row: &mut [f32]| {
                ops::layer_norm(
                    isa,
                    row,
                    &layer.attention_norm.gamma,
                    &layer.attention_norm.beta,
                    eps,
                )
            };
            let bias = Some(layer.out_bias.as_slice());
            gemm::matmul(
                isa,
                &ws.context,
                h,
                m,
                &layer.out,
                bias,
                true,
                &mut ws.hidden,
                h,
                Some(&norm),
            );
            let bias = Some(layer.up_bias.as_slice());
            let ldc = c.intermediate;
            let gelu = |row: &mut [f32]| ops::gelu(isa, row);
            gemm::matmul(
                isa,
                &ws.hidden,
                h,
                m,
                &layer.up,
                bias,
                false,
                &mut ws.inner,
                ldc,
                Some(&gelu),
            );
            let norm = |row: &mut [f32]| {
                ops::layer_norm(
                    isa,
                    row,
                    &layer.output_norm.gamma,
                    &layer.output_norm.beta,
                    eps,
                )
            };
            let bias = Some(layer.down_bias.as_slice());
            gemm::matmul(
                isa,
                &ws.inner,
                ldc,
                m,
                &layer.down,
                bias,
                true,
                &mut ws.hidden,
                h,
                Some(&norm),
            );
        }
    }

    /// Self-attention of every sequence (`spans`: first row, length) into `context`, heads
    /// shared out between the pool's threads.
    fn attention(&self, qkv: &[f32], spans: &[(usize, usize)], context: &mut [f32]) {
        let heads = self.config.heads;
        let units: Vec<((usize, usize), usize)> = spans
            .iter()
            .flat_map(|&span| (0..heads).map(move |head| (span, head)))
            .collect();
        let out = SharedMut(context.as_mut_ptr());
        let work: usize = spans.iter().map(|s| s.1 * s.1).sum::<usize>() * self.config.hidden;
        let threads = rayon::current_num_threads();
        if threads == 1 || work < 1 << 15 {
            for &(span, head) in &units {
                self.attend(qkv, span, head, out);
            }
            return;
        }
        // Interleaved, so every part gets about the same mix of long and short sequences.
        gemm::for_each_part(0..threads, &|t| {
            for &(span, head) in units.iter().skip(t).step_by(threads) {
                self.attend(qkv, span, head, out);
            }
        });
    }

    /// One head of one sequence: softmax(Q·Kᵀ)·V (Q pre-scaled) into its columns of `context`.
    fn attend(&self, qkv: &[f32], (start, len): (usize, usize), head: usize, context: SharedMut) {
        let h = self.config.hidden;
        let d = h / self.config.heads;
        let stride = 3 * h;
        let q = start * stride + head * d;
        let (k, v) = (q + h, q + 2 * h);
        SCRATCH.with(|scratch| {
            let s = &mut *scratch.borrow_mut();
            // The scores transposed, Sᵀ = K·Qᵀ (keys × queries): the softmax then runs down the
            // columns with contiguous vector operations, and Sᵀ is already the k-major left
            // operand of P·V, so the len × len probabilities are never copied.
            s.queries.fill(d, len, |r, j| qkv[q + j * stride + r]);
            s.values.fill(len, d, |r, j| qkv[v + r * stride + j]);
            let width = len.div_ceil(NR) * NR;
            for buffer in [&mut s.scores, &mut s.columns] {
                if buffer.len() < len * width.max(2) {
                    buffer.resize(len * width.max(2), 0.0);
                }
            }
            let scores = SharedMut(s.scores.as_mut_ptr());
            let keys = gemm::Lhs::Rows(&qkv[k..], stride);
            let panels = s.queries.panels();
            // SAFETY: `scores` holds `len` rows of `width` = whole panels, owned by this thread.
            unsafe {
                gemm::product(
                    self.isa,
                    keys,
                    0..len,
                    &s.queries,
                    0..panels,
                    None,
                    false,
                    scores,
                    width,
                    None,
                )
            };
            let (max, sum) = s.columns.split_at_mut(width);
            ops::softmax_columns(self.isa, &mut s.scores[..len * width], width, max, sum);
            let probabilities = gemm::Lhs::Columns(&s.scores[..len * width], width);
            // SAFETY: this (sequence, head) alone writes columns head·d .. head·d + d (whole
            // panels, as d is a multiple of NR) of the sequence's rows of `context`, which holds
            // every row of the pass.
            unsafe {
                let out = SharedMut(context.0.add(start * h + head * d));
                let panels = s.values.panels();
                gemm::product(
                    self.isa,
                    probabilities,
                    0..len,
                    &s.values,
                    0..panels,
                    None,
                    false,
                    out,
                    h,
                    None,
                )
            };
        });
    }
}

#[derive(Default)]
struct Scratch {
    queries: Packed,
    values: Packed,
    scores: Vec<f32>,
    /// Per-column maxima and sums of the softmax.
    columns: Vec<f32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Mean of the rows of `states` (`dim` wide), then unit length (zero for no rows).
fn mean_pool(states: &[f32], dim: usize) -> Vec<f32> {
    let mut v = vec![0f32; dim];
    let rows = states.len() / dim;
    for row in states.chunks_exact(dim) {
        for (a, x) in v.iter_mut().zip(row) {
            *a += x;
        }
    }
    let count = (rows as f32).max(1e-9);
    v.iter_mut().for_each(|x| *x /= count);
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= norm);
    v
}
