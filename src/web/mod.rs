//! HTTP plumbing shared by every module: errors and their pages (`error`, `error_page`), the page
//! context handed to every template, CSRF, security headers, metrics, translations, pagination,
//! flash messages and uploads.

pub mod chart;
pub mod csrf;
pub mod dates;
pub mod error;
pub mod error_page;
pub mod flash;
pub mod forms;
pub mod guards;
pub mod headers;
pub mod i18n;
pub mod metrics;
pub mod nav;
pub mod numbers;
pub mod page;
pub mod pagination;
pub mod session;
pub mod timeouts;
pub mod tokens;
pub mod uploads;
pub mod wait;

pub use error::AppError;
pub use forms::FieldErrors;
pub use page::{PageCtx, redirect, render};
pub use session::SessionUser;
