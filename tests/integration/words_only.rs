//! Tests of word matching run on an app without the model.

use crate::helpers::{Backend, TestApp};
use praktiki::matching::slot::{ModelSlot, ModelStatus};

/// Like `both_backends!`, on an app whose model never loads: the words alone decide, so pages
/// that test word matching are exact (with the model, a posting close in meaning joins the
/// results as soon as the catalogue holds its vector, a matter of timing).
#[macro_export]
macro_rules! words_only {
    ($name:ident, $body:expr) => {
        $crate::both_backends!(@spawn $crate::words_only::spawn_without_model, $name, $body);
    };
}

/// An app on `backend` whose model never loads.
pub async fn spawn_without_model(backend: Backend) -> TestApp {
    let slot = ModelSlot::new(ModelStatus::Loading);
    TestApp::spawn_with(backend, std::collections::HashMap::new(), Some(slot)).await
}
