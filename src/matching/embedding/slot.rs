//! The model is loaded in the background at start-up so the server answers at once; `/ready`
//! reports 503 with the reason until it is loaded.

use super::embedder::Embedder;
use crate::config::Settings;
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub enum ModelStatus {
    Loading,
    Ready(Embedder),
    Failed(String),
}

/// Shared, cheap-to-clone view of the model's state.
#[derive(Clone)]
pub struct ModelSlot(Arc<RwLock<ModelStatus>>);

impl ModelSlot {
    pub fn new(status: ModelStatus) -> Self {
        ModelSlot(Arc::new(RwLock::new(status)))
    }

    fn set(&self, status: ModelStatus) {
        if let Ok(mut slot) = self.0.write() {
            *slot = status;
        }
    }

    fn status(&self) -> ModelStatus {
        self.0
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|_| ModelStatus::Failed("model state poisoned".into()))
    }

    /// The embedder once loaded.
    pub fn embedder(&self) -> Option<Embedder> {
        match self.status() {
            ModelStatus::Ready(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the model is still being loaded (neither loaded nor failed).
    pub fn is_loading(&self) -> bool {
        matches!(self.status(), ModelStatus::Loading)
    }

    /// `Ok` when loaded; otherwise why not.
    pub fn readiness(&self) -> Result<(), String> {
        match self.status() {
            ModelStatus::Ready(_) => Ok(()),
            ModelStatus::Loading => Err("model is loading".into()),
            ModelStatus::Failed(reason) => Err(reason),
        }
    }

    /// Starts loading the model on its own thread and returns at once.
    pub fn load_in_background(settings: &Settings) -> ModelSlot {
        let slot = ModelSlot::new(ModelStatus::Loading);
        let dir = settings.model_dir.clone();
        let from_hub = settings.model_from_hub;
        let threads = settings.inference_threads;
        let target = slot.clone();
        let spawned = std::thread::Builder::new().name("model-load".into()).spawn(move || {
            let started = std::time::Instant::now();
            let result = if !dir.join("model.safetensors").exists() && from_hub {
                Embedder::load_from_hub(threads)
            } else {
                Embedder::load(&dir, threads)
            };
            match result {
                Ok(embedder) => {
                    tracing::info!(model = embedder.model_id(), ms = started.elapsed().as_millis() as u64, "model loaded");
                    target.set(ModelStatus::Ready(embedder));
                }
                Err(e) => {
                    tracing::error!(error = %e, dir = %dir.display(), "model could not be loaded");
                    target.set(ModelStatus::Failed(format!("model not loaded: {e}")));
                }
            }
        });
        if let Err(e) = spawned {
            slot.set(ModelStatus::Failed(format!(
                "cannot start model thread: {e}"
            )));
        }
        slot
    }
}
