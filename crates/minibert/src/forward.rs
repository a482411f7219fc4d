//! The forward pass: token embeddings, then each layer as four matrix products (query-key-value,
//! attention output, feed-forward up and down) with bias, residual, GELU and layer norm fused into
//! them, then mean pooling. The tokens of all sequences of a pass are stacked without padding, so
//! the products see one tall matrix; only attention ([`crate::attention`]) looks at sequences one
//! at a time.

use crate::{Encoder, Workspace, gemm, ops};

/// Most tokens per forward pass (longer batches are split): bounds the workspace to ~30 MB.
const CHUNK_TOKENS: usize = 2048;

impl Encoder {
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
                self.words.copy_row(id as usize, x);
                let position = &self.positions[pos * h..][..h];
                for ((x, t), p) in x.iter_mut().zip(&self.segment).zip(position) {
                    *x = (*x + t) + p;
                }
                ops::layer_norm(self.kernels, x, &self.norm.gamma, &self.norm.beta, eps);
            }
        }
        for layer in &self.layers {
            let kernels = self.kernels;
            let bias = Some(layer.qkv_bias.as_slice());
            gemm::matmul(
                kernels,
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
                    kernels,
                    row,
                    &layer.attention_norm.gamma,
                    &layer.attention_norm.beta,
                    eps,
                )
            };
            let bias = Some(layer.out_bias.as_slice());
            gemm::matmul(
                kernels,
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
            let gelu = |row: &mut [f32]| ops::gelu(kernels, row);
            gemm::matmul(
                kernels,
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
                    kernels,
                    row,
                    &layer.output_norm.gamma,
                    &layer.output_norm.beta,
                    eps,
                )
            };
            let bias = Some(layer.down_bias.as_slice());
            gemm::matmul(
                kernels,
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
