//! Command line: `praktiki serve | migrate | embed | …`.

use crate::config::Settings;
use crate::db::{self, DatabaseUrl};
use crate::matching::embedding::embedder::Embedder;
use clap::{Parser, Subcommand};
use std::io::{BufRead, Write};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "praktiki",
    version,
    about = "Campus-to-career internship platform"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (migrates the database first unless RUN_MIGRATIONS=false).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator, or promote an existing account to administrator.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Prefer PRAKTIKI_ADMIN_PASSWORD: a password on the command line lands in shell history.
        #[arg(long, env = "PRAKTIKI_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Fill the database with demo data: an administrator, verified companies with open
    /// internships, and students with profiles (all under the reserved domain
    /// demo.praktiki.invalid). Running it again changes nothing.
    SeedDemo {
        /// Every demo account's password; prefer PRAKTIKI_DEMO_PASSWORD.
        #[arg(long, env = "PRAKTIKI_DEMO_PASSWORD", hide_env_values = true)]
        password: String,
        /// Seed even when APP_ENV=production.
        #[arg(long)]
        force: bool,
    },
    /// Fill a fresh database for benchmarks: N open postings of verified companies and M
    /// students with profiles, with their embeddings (accounts …@bench.praktiki.invalid).
    SeedBench {
        #[arg(long, default_value_t = 1_000)]
        internships: usize,
        #[arg(long, default_value_t = 100)]
        students: usize,
        /// Distinct posting texts (0: up to 3,000); postings sharing a text share its vector.
        #[arg(long, default_value_t = 0)]
        distinct: usize,
        /// Every bench account's password; prefer PRAKTIKI_BENCH_PASSWORD.
        #[arg(long, env = "PRAKTIKI_BENCH_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value_t = 12)]
        seed: u64,
        /// Seed even when APP_ENV=production.
        #[arg(long)]
        force: bool,
    },
    /// Back up the database (SQLite: a consistent copy taken while the app runs; PostgreSQL:
    /// pg_dump) and the uploaded files into a new directory.
    Backup {
        /// Directory to create (default: BACKUP_DIR/<UTC time>).
        #[arg(long)]
        to: Option<std::path::PathBuf>,
    },
    /// Read one text per line on stdin; print one JSON array of 384 floats per line.
    Embed {
        /// Texts per forward pass.
        #[arg(long, default_value_t = 32)]
        batch: usize,
    },
    /// Measure recommendation quality on a labelled benchmark file (prints one JSON object).
    Eval {
        /// A `praktiki-matching-benchmark/1` JSON file.
        #[arg(long)]
        dataset: std::path::PathBuf,
        /// JSON object overriding matching weights, e.g. '{"semantic": 0.5}'.
        #[arg(long)]
        weights: Option<String>,
        /// Reuse embeddings across runs (JSON file keyed by text hash).
        #[arg(long, hide = true)]
        embeddings_cache: Option<std::path::PathBuf>,
    },
    /// Train the learned reranker on the platform's outcomes (likes, dismissals, employers'
    /// decisions) and make it the active version; with too few outcomes, store nothing and say why.
    TrainReranker {
        /// Training passes over the outcomes.
        #[arg(long, default_value_t = crate::matching::service::TRAIN_EPOCHS)]
        epochs: usize,
    },
    /// Measure recommendation latency (p50/p95) over synthetic active internships.
    BenchMatch {
        /// Numbers of active internships, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 10_000, 100_000])]
        sizes: Vec<usize>,
        /// Recommendation requests per size.
        #[arg(long, default_value_t = 200)]
        queries: usize,
        #[arg(long, default_value_t = 10)]
        k: usize,
        /// Threads for the vector scan (0 = all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init("info");
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("praktiki: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    crate::notify::secrets::install_key(settings.jwt_secret.expose());
    match command {
        Command::Serve => serve(settings),
        Command::Migrate => migrate(&settings),
        Command::CreateAdmin {
            email,
            password,
            name,
        } => create_admin(&settings, &email, &password, &name),
        Command::SeedDemo { password, force } => seed_demo(&settings, &password, force),
        Command::SeedBench {
            internships,
            students,
            distinct,
            password,
            seed,
            force,
        } => seed_bench(
            &settings,
            crate::seed_bench::Options {
                internships,
                students,
                distinct,
                password,
                seed,
            },
            force,
        ),
        Command::Backup { to } => backup(&settings, to),
        Command::Embed { batch } => embed(&settings, batch),
        Command::Eval {
            dataset,
            weights,
            embeddings_cache,
        } => crate::matching::eval::commands::eval(
            &settings,
            &dataset,
            weights.as_deref(),
            embeddings_cache,
        ),
        Command::TrainReranker { epochs } => {
            crate::matching::eval::commands::train_reranker(&settings, epochs)
        }
        Command::BenchMatch {
            sizes,
            queries,
            k,
            threads,
        } => crate::matching::eval::bench_match::bench_match(&sizes, queries, k, threads),
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    if settings.is_production() && !settings.smtp_enabled() {
        tracing::warn!(
            "SMTP_HOST is not set: emails are written to OUTBOX_DIR instead of being sent"
        );
    }
    runtime()?.block_on(async {
        let app = crate::Application::build(settings).await?;
        tracing::info!(port = app.port(), "listening");
        app.serve_until_signalled().await?;
        Ok(())
    })
}

fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = DatabaseUrl::parse(&settings.database_url)?.connect()?;
    let applied = db::run_migrations(&mut conn)?;
    if applied.is_empty() {
        println!("database is up to date");
    } else {
        for name in applied {
            println!("applied {name}");
        }
    }
    Ok(())
}

fn create_admin(
    settings: &Settings,
    email: &str,
    password: &str,
    name: &str,
) -> anyhow::Result<()> {
    use crate::auth::service::{AuthError, create_or_promote_admin, normalize_email};
    let shown = normalize_email(email);
    let mut conn = DatabaseUrl::parse(&settings.database_url)?.connect()?;
    db::run_migrations(&mut conn)?;
    let pepper = crate::auth::password::Pepper::from_settings(settings);
    match create_or_promote_admin(&mut conn, &pepper, email, password, name) {
        Ok((id, true)) => println!("created admin {shown} (user {id})"),
        Ok((id, false)) => println!(
            "promoted {shown} (user {id}) to admin; its password was set and its sessions ended"
        ),
        Err(AuthError::Invalid(errors)) => {
            let problems: Vec<String> = errors
                .0
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect();
            anyhow::bail!("{}", problems.join("; "));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

fn seed_demo(settings: &Settings, password: &str, force: bool) -> anyhow::Result<()> {
    if settings.is_production() && !force {
        anyhow::bail!(
            "APP_ENV=production: demo data is for trying Praktiki out (add --force to seed anyway)"
        );
    }
    let mut conn = DatabaseUrl::parse(&settings.database_url)?.connect()?;
    db::run_migrations(&mut conn)?;
    let pepper = crate::auth::password::Pepper::from_settings(settings);
    let report = crate::demo::seed(&mut conn, &pepper, password)?;
    println!(
        "seeded {} accounts, {} internships and {} applications; sign in as admin@{domain}, \
         hr-ledgerlabs@{domain} (employer), placements@{domain} (institute) or aarav@{domain} \
         (student) with the demo password. Embeddings are computed by the background jobs when \
         `praktiki serve` runs.",
        report.accounts,
        report.internships,
        report.applications,
        domain = crate::demo::DEMO_DOMAIN
    );
    Ok(())
}

fn seed_bench(
    settings: &Settings,
    options: crate::seed_bench::Options,
    force: bool,
) -> anyhow::Result<()> {
    if settings.is_production() && !force {
        anyhow::bail!(
            "APP_ENV=production: seed-bench fills a database with invented postings for \
             benchmarks (add --force to seed anyway)"
        );
    }
    let started = std::time::Instant::now();
    let mut conn = DatabaseUrl::parse(&settings.database_url)?.connect()?;
    db::run_migrations(&mut conn)?;
    let embedder = load_embedder(settings)?;
    let pepper = crate::auth::password::Pepper::from_settings(settings);
    let r = crate::seed_bench::seed(&mut conn, &pepper, &embedder, &options)?;
    println!(
        "seeded {} companies, {} internships and {} students; {} embeddings from {} distinct \
         posting texts, in {:.1} s; sign in as student-0@{} with the bench password",
        r.companies,
        r.internships,
        r.students,
        r.embedded,
        r.distinct_texts,
        started.elapsed().as_secs_f64(),
        crate::seed_bench::BENCH_DOMAIN
    );
    Ok(())
}

fn load_embedder(settings: &Settings) -> anyhow::Result<Embedder> {
    Ok(
        if !settings.model_dir.join("model.safetensors").exists() && settings.model_from_hub {
            Embedder::load_from_hub(settings.inference_threads)?
        } else {
            Embedder::load(&settings.model_dir, settings.inference_threads)?
        },
    )
}

fn backup(settings: &Settings, to: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let dir = to.unwrap_or_else(|| {
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        settings.backup_dir.join(stamp.to_string())
    });
    let report = crate::ops::backup::backup(settings, &dir)?;
    println!(
        "backed up the database to {} and {} uploaded files to {}",
        report.database.display(),
        report.uploads,
        dir.join("uploads").display()
    );
    Ok(())
}

fn embed(settings: &Settings, batch: usize) -> anyhow::Result<()> {
    let embedder = load_embedder(settings)?;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut pending = Vec::new();
    let flush = |pending: &mut Vec<String>, out: &mut dyn Write| -> anyhow::Result<()> {
        for vector in embedder.embed_blocking(std::mem::take(pending))? {
            writeln!(out, "{}", serde_json::to_string(&vector)?)?;
        }
        Ok(())
    };
    for line in stdin.lock().lines() {
        pending.push(line?);
        if pending.len() >= batch.max(1) {
            flush(&mut pending, &mut out)?;
        }
    }
    flush(&mut pending, &mut out)?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
