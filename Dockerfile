# A container image of kartenwand-server with the app embedded (a definition; the project's
# tests do not build it). Build and run:
#   docker build -t kartenwand .
#   docker run -p 8080:8080 -v kartenwand-data:/data kartenwand
# Flags go after the image name (`docker run … kartenwand --retention-days 90`), or as
# KARTENWAND_* environment variables (docs/API.md, "Flags"). For several nodes behind a
# reverse proxy see docs/API.md, "Behind a reverse proxy".

FROM rust:1.95-bookworm AS build
# Node and npm: the build's binaryen (wasm-opt) and its brotli/gzip step (scripts/*.mjs).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
RUN rustup target add wasm32-unknown-unknown \
 && cargo install --locked trunk --version 0.21.14 \
 && cargo install --locked wasm-bindgen-cli --version 0.2.130
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN export PATH="/src/node_modules/.bin:$PATH" \
 && trunk build --release \
 && cargo build --profile server -p server

FROM debian:bookworm-slim
RUN useradd --system --create-home --home-dir /data kartenwand
COPY --from=build /src/target/server/kartenwand-server /usr/local/bin/kartenwand-server
USER kartenwand
ENV KARTENWAND_DATA=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["kartenwand-server", "--listen", "0.0.0.0:8080"]
