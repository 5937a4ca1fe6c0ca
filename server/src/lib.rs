//! The Loket server: configuration, database, catalogue import, uploads, HTTP.
#![recursion_limit = "512"]

pub mod assets;
pub mod changes;
pub mod cli;
pub mod config;
pub mod corrections;
pub mod db;
pub mod encoding;
pub mod faults;
pub mod files;
pub mod generate;
pub mod history;
pub mod holidays;
pub mod http;
pub mod limits;
pub mod oidc;
pub mod open311;
pub mod open_data;
pub mod qr;
pub mod rng;
pub mod secrets;
pub mod seed;
pub mod serve;
pub mod site;
pub mod web_form;
