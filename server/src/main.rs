//! `server`: serves Loket, and administers it (`server import …`). See `server --help`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::main().await
}
