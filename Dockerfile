# syntax=docker/dockerfile:1
# One container: the praktiki binary, its model and nothing else. Data lives in the /data volume.

FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev python3 python3-pip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/fetch-model.sh && cargo build --release --locked --bin praktiki

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 postgresql-client ca-certificates curl fonts-noto-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app praktiki \
    && mkdir -p /data && chown praktiki /data
WORKDIR /app
COPY --from=build /src/target/release/praktiki /usr/local/bin/praktiki
COPY --from=build /src/models/all-MiniLM-L6-v2 /app/models/all-MiniLM-L6-v2
USER praktiki
ENV APP_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data MODEL_DIR=/app/models/all-MiniLM-L6-v2 FONT_DIR=/usr/share/fonts/truetype/noto RUST_LOG=info
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["praktiki"]
CMD ["serve"]
