# Everyday recipes. The README's two commands (scripts/run.sh, scripts/test.sh) need no `just`.

default:
    @just --list

# Build and serve on the embedded SQLite database with the real model
run:
    ./scripts/run.sh

# The whole test suite on SQLite and PostgreSQL
test *ARGS:
    ./scripts/test.sh {{ARGS}}

# Fetch the model into models/ (idempotent)
model:
    ./scripts/fetch-model.sh

# Apply migrations to DATABASE_URL (default: the SQLite file in data/)
migrate:
    cargo run -- migrate

# Formatting and lints
check:
    cargo fmt --all -- --check
    cargo clippy --all-targets -- -D warnings

fmt:
    cargo fmt --all

# Embedding throughput against sentence-transformers' figures
bench-embed:
    cargo bench --bench embedding

# Build the container image (needs a Docker engine)
docker:
    docker build -t praktiki .
