//! How the simulator is configured, from code (`SimOptions`) or the command line (`SimArgs`).

use std::net::SocketAddr;

use super::faults::FaultSpec;

#[derive(Debug, Clone)]
pub struct SimOptions {
    pub addr: SocketAddr,
    pub seed: u64,
    /// Number of observations in the archive.
    pub scale: u64,
    /// Fixed delay added to every request.
    pub latency_ms: u64,
    /// Delay per obsid of a `Mast.Caom.Products` request (MAST's join cost).
    pub join_ms: u64,
    /// Observation queries matching more rows than this are reset, whatever the page
    /// size (MAST's single-query ceiling, set low for tests); `None`: only pages above
    /// 500,000 rows are.
    pub row_cap: Option<u64>,
    pub faults: FaultSpec,
    /// Tokens accepted for exclusive-access data.
    pub tokens: Vec<String>,
    /// Every product of known size is this many bytes (download benchmarks).
    pub file_size: Option<u64>,
    /// Pause between body chunks of a download (slow links; kill-and-resume tests).
    pub chunk_delay_ms: u64,
    /// Days the simulated today (2025-05-10) is moved by; see `SimArgs::epoch_days`.
    pub epoch_days: f64,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 1,
            scale: 20_000,
            latency_ms: 0,
            join_ms: 0,
            row_cap: None,
            faults: FaultSpec::default(),
            tokens: Vec::new(),
            file_size: None,
            chunk_delay_ms: 0,
            epoch_days: 0.0,
        }
    }
}

/// `mastui sim` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct SimArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Seed of the synthetic archive (same seed, same archive).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of observations in the archive.
    #[arg(long, default_value_t = 20_000)]
    pub scale: u64,
    /// Delay added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Delay per requested obsid in product requests, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub join_ms: u64,
    /// Reset observation queries matching more rows than N (MAST resets those above about
    /// 500,000): a low cap tests how clients split big searches.
    #[arg(long, value_name = "N")]
    pub row_cap: Option<u64>,
    /// Faults to inject, e.g. "executing=2,error5xx=0.2,status429=0.05,drop=0.1,slow=0.1".
    #[arg(
        long,
        value_name = "SPEC",
        default_value = "",
        env = "MASTUI_SIM_FAULTS"
    )]
    pub faults: FaultSpec,
    /// A token accepted for exclusive-access data (repeatable).
    #[arg(long = "token", value_name = "T")]
    pub tokens: Vec<String>,
    /// Serve (and list) every product of known size as exactly this many bytes.
    #[arg(long, value_name = "BYTES")]
    pub file_size: Option<u64>,
    /// Pause between 64 kB chunks of a download body, in milliseconds (a slow link).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub chunk_delay_ms: u64,
    /// Move the simulated today (2025-05-10) by N days, e.g. -30 or 400: observations
    /// taken after it are not there yet, and exclusive access ends as t_obs_release passes
    /// it. Two runs with different values differ as the archive does from week to week.
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "DAYS",
        allow_hyphen_values = true,
        env = "MASTUI_SIM_EPOCH_DAYS"
    )]
    pub epoch_days: f64,
}

impl From<SimArgs> for SimOptions {
    fn from(a: SimArgs) -> Self {
        SimOptions {
            addr: a.addr,
            seed: a.seed,
            scale: a.scale,
            latency_ms: a.latency_ms,
            join_ms: a.join_ms,
            row_cap: a.row_cap,
            faults: a.faults,
            tokens: a.tokens,
            file_size: a.file_size,
            chunk_delay_ms: a.chunk_delay_ms,
            epoch_days: a.epoch_days,
        }
    }
}
