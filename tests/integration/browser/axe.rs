//! The accessibility check: axe-core (from npm, fetched by `scripts/setup.sh`) runs in the page
//! and every serious or critical WCAG 2.1 A/AA violation fails the test, named with its nodes.

use super::driver::Browser;
use std::sync::OnceLock;

/// `axe.min.js`: `AXE_CORE_JS` when set, else where `scripts/setup.sh` unpacks it.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var("AXE_CORE_JS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| {
                crate::helpers::repo_root().join("target/axe-core/package/axe.min.js")
            });
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run scripts/setup.sh (npm pack axe-core)",
                path.display()
            )
        })
    })
}

const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
  .then(r => done(r.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.help + " — " +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "))))
  .catch(e => done(["axe failed: " + e]));
"#;

impl Browser {
    /// Runs axe on the current page; panics with every serious or critical violation. `what`
    /// names the page in the message.
    pub async fn assert_accessible(&self, what: &str) {
        self.client
            .execute(axe_source(), vec![])
            .await
            .unwrap_or_else(|e| panic!("axe-core injected into {what}: {e}"));
        let found = self
            .client
            .execute_async(RUN, vec![])
            .await
            .unwrap_or_else(|e| panic!("axe ran on {what}: {e}"));
        let violations: Vec<String> = serde_json::from_value(found).unwrap_or_default();
        assert!(
            violations.is_empty(),
            "{what} ({}): accessibility violations:\n{}",
            self.path().await,
            violations.join("\n")
        );
    }
}
