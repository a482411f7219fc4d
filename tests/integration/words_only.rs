//! Tests of word matching run on an app without the model.

/// Like `both_backends!`, on an app whose model never loads: the words alone decide, so pages
/// that test word matching are exact (with the model, a posting close in meaning joins the
/// results as soon as the catalogue holds its vector, a matter of timing).
#[macro_export]
macro_rules! words_only {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn spawn(backend: $crate::helpers::Backend) -> $crate::helpers::TestApp {
                let slot = praktiki::matching::slot::ModelSlot::new(
                    praktiki::matching::slot::ModelStatus::Loading,
                );
                $crate::helpers::TestApp::spawn_with(
                    backend,
                    std::collections::HashMap::new(),
                    Some(slot),
                )
                .await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = spawn($crate::helpers::Backend::Sqlite).await;
                let _database = app.db.clone();
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if !$crate::helpers::postgres_enabled() {
                    eprintln!("TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
                    return;
                }
                let app = spawn($crate::helpers::Backend::Postgres).await;
                let _database = app.db.clone();
                ($body)(app).await;
            }
        }
    };
}
