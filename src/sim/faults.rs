//! Fault injection: what can go wrong between a client and MAST, on demand.
//!
//! Decisions come from one seeded generator shared by all requests, so a sequential
//! client sees the same sequence of faults on every run.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use super::hostile::{Hostile, HostileSpec, HostileState};
use super::rng::Rng;

const ACCEPTED: &str = "executing=N, failpage=N, error5xx=P, status429=P, drop=P, slow=P, and the \
     hostile trickle, length_high, length_low, gzip_bomb, redirect_loop, huge_json, \
     repeat_rows, count_off, bad_headers (P a share in 0..=1)";

/// Which faults to inject. The default injects nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultSpec {
    /// The first N polls of each new invoke request answer `EXECUTING`.
    pub executing: u32,
    /// The first request for this page of each paged request answers HTTP 503 (0: none):
    /// a failure in the middle of a result, at a known place.
    pub fail_page: u64,
    /// Share of answers replaced by HTTP 500/502/503.
    pub error5xx: f64,
    /// Share of answers replaced by HTTP 429 with `Retry-After: 1`.
    pub status429: f64,
    /// Share of bodies cut mid-way (connection dropped).
    pub drop: f64,
    /// Share of answers delayed by about 1-2 s.
    pub slow: f64,
    /// Slow or malicious servers (see `hostile`).
    pub hostile: HostileSpec,
}

impl FaultSpec {
    pub fn is_none(&self) -> bool {
        *self == FaultSpec::default()
    }
}

impl FromStr for FaultSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut spec = FaultSpec::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, value)) = part.split_once('=') else {
                return Err(format!(
                    "fault spec part '{part}' is not key=value; accepted: {ACCEPTED}"
                ));
            };
            let (key, value) = (key.trim(), value.trim());
            let share = || -> Result<f64, String> {
                match value.parse::<f64>() {
                    Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
                    _ => Err(format!(
                        "fault spec part '{part}': '{value}' is not a share between 0 and 1; accepted: {ACCEPTED}"
                    )),
                }
            };
            match key {
                "executing" => spec.executing = value.parse().map_err(|_| {
                    format!(
                        "fault spec part '{part}': '{value}' is not a count; accepted: {ACCEPTED}"
                    )
                })?,
                "failpage" => {
                    spec.fail_page = value.parse().map_err(|_| {
                        format!(
                            "fault spec part '{part}': '{value}' is not a page number; accepted: {ACCEPTED}"
                        )
                    })?
                }
                "error5xx" => spec.error5xx = share()?,
                "status429" => spec.status429 = share()?,
                "drop" => spec.drop = share()?,
                "slow" => spec.slow = share()?,
                k if spec.hostile.set(k, 0.0) => {
                    spec.hostile.set(k, share()?);
                }
                _ => {
                    return Err(format!(
                        "unknown fault '{key}' in '{part}'; accepted: {ACCEPTED}"
                    ));
                }
            }
        }
        if spec.error5xx + spec.status429 > 1.0 {
            return Err(format!(
                "error5xx + status429 exceed 1 in '{s}'; accepted: {ACCEPTED}"
            ));
        }
        Ok(spec)
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "executing={},failpage={},error5xx={},status429={},drop={},slow={}{}",
            self.executing,
            self.fail_page,
            self.error5xx,
            self.status429,
            self.drop,
            self.slow,
            self.hostile
        )
    }
}

/// What to do to one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decision {
    /// Replace the answer with this HTTP status (500/502/503/429).
    pub status: Option<u16>,
    /// Cut the body after about half of it.
    pub drop: bool,
    /// Delay the answer by this many milliseconds.
    pub delay_ms: u64,
}

/// Run-time fault state shared by all handlers.
pub struct FaultState {
    spec: FaultSpec,
    rng: Mutex<Rng>,
    polls: Mutex<HashMap<String, u32>>,
    /// Requests (cacheBreakers) whose `fail_page` has failed once already.
    failed_pages: Mutex<HashSet<String>>,
    hostile: HostileState,
}

/// Forget old request keys past this many, so a long run cannot grow without bound.
const MAX_TRACKED: usize = 100_000;

impl FaultState {
    pub fn new(spec: FaultSpec, seed: u64) -> Self {
        FaultState {
            hostile: HostileState::new(spec.hostile.clone(), seed),
            spec,
            rng: Mutex::new(Rng::new(seed ^ 0xFA17)),
            polls: Mutex::new(HashMap::new()),
            failed_pages: Mutex::new(HashSet::new()),
        }
    }

    /// Draw the hostilities for one answer.
    pub fn hostile(&self) -> Hostile {
        self.hostile.decide()
    }

    pub fn spec(&self) -> &FaultSpec {
        &self.spec
    }

    /// Draw the faults for one answer (always draws the same amount of randomness).
    pub fn decide(&self) -> Decision {
        if self.spec.is_none() {
            return Decision::default();
        }
        let (a, b, c, d, e) = match self.rng.lock() {
            Ok(mut r) => (r.f64(), r.f64(), r.f64(), r.f64(), r.f64()),
            Err(_) => return Decision::default(),
        };
        let mut out = Decision::default();
        if a < self.spec.error5xx {
            out.status = Some([500, 502, 503][(b * 3.0) as usize % 3]);
        } else if a < self.spec.error5xx + self.spec.status429 {
            out.status = Some(429);
        }
        out.drop = c < self.spec.drop;
        if d < self.spec.slow {
            out.delay_ms = 1000 + (e * 1000.0) as u64;
        }
        out
    }

    /// True when this request for `page` of the request `key` must fail (once per key).
    pub fn fail_page_once(&self, key: &str, page: u64) -> bool {
        if self.spec.fail_page == 0 || page != self.spec.fail_page {
            return false;
        }
        let Ok(mut failed) = self.failed_pages.lock() else {
            return false;
        };
        if failed.len() > MAX_TRACKED {
            failed.clear();
        }
        failed.insert(key.to_string())
    }

    /// True when this poll of the request `key` must still answer EXECUTING.
    /// Once a request completed, later polls (its other pages) never count again.
    pub fn still_executing(&self, key: &str) -> bool {
        if self.spec.executing == 0 {
            return false;
        }
        let Ok(mut polls) = self.polls.lock() else {
            return false;
        };
        if polls.len() > MAX_TRACKED && !polls.contains_key(key) {
            polls.clear();
        }
        let n = polls.entry(key.to_string()).or_insert(0);
        if *n < self.spec.executing {
            *n += 1;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_spec() {
        let s: FaultSpec = "executing=2,error5xx=0.2,status429=0.05,drop=0.1,slow=0.1"
            .parse()
            .unwrap();
        assert_eq!(s.executing, 2);
        assert_eq!(s.error5xx, 0.2);
        assert_eq!(s.status429, 0.05);
        assert_eq!(s.drop, 0.1);
        assert_eq!(s.slow, 0.1);
        assert_eq!(s.to_string().parse::<FaultSpec>().unwrap(), s);
        assert!("".parse::<FaultSpec>().unwrap().is_none());
    }

    #[test]
    fn rejects_bad_parts_naming_them() {
        let e = "executing=2,bogus=1".parse::<FaultSpec>().unwrap_err();
        assert!(e.contains("bogus") && e.contains("executing=N"), "{e}");
        let e = "drop=abc".parse::<FaultSpec>().unwrap_err();
        assert!(e.contains("abc"), "{e}");
        assert!("drop=1.5".parse::<FaultSpec>().is_err());
        assert!("executing=-1".parse::<FaultSpec>().is_err());
        assert!("slow".parse::<FaultSpec>().is_err());
        let e = "trickle=2".parse::<FaultSpec>().unwrap_err();
        assert!(e.contains("trickle=2"), "{e}");
    }

    #[test]
    fn hostile_faults_parse_and_print_back() {
        let s: FaultSpec = "drop=0.1,trickle=1,count_off=0.5".parse().unwrap();
        assert_eq!(s.hostile.trickle, 1.0);
        assert_eq!(s.hostile.count_off, 0.5);
        assert_eq!(s.to_string().parse::<FaultSpec>().unwrap(), s);
        assert!(!s.is_none());
    }

    #[test]
    fn a_failing_page_fails_once_per_request() {
        let st = FaultState::new("failpage=3".parse().unwrap(), 1);
        assert!(!st.fail_page_once("a", 2));
        assert!(st.fail_page_once("a", 3));
        assert!(!st.fail_page_once("a", 3));
        assert!(st.fail_page_once("b", 3));
        assert_eq!(
            "failpage=3"
                .parse::<FaultSpec>()
                .unwrap()
                .to_string()
                .parse::<FaultSpec>()
                .unwrap()
                .fail_page,
            3
        );
    }

    #[test]
    fn executing_counts_per_key() {
        let st = FaultState::new("executing=2".parse().unwrap(), 1);
        assert!(st.still_executing("a"));
        assert!(st.still_executing("a"));
        assert!(!st.still_executing("a"));
        assert!(!st.still_executing("a"));
        assert!(st.still_executing("b"));
    }

    #[test]
    fn decisions_are_reproducible_and_proportional() {
        let spec: FaultSpec = "error5xx=0.3,status429=0.1".parse().unwrap();
        let a = FaultState::new(spec.clone(), 9);
        let b = FaultState::new(spec, 9);
        let da: Vec<Decision> = (0..500).map(|_| a.decide()).collect();
        let db: Vec<Decision> = (0..500).map(|_| b.decide()).collect();
        assert_eq!(da, db);
        let n5 = da
            .iter()
            .filter(|d| matches!(d.status, Some(500..=503)))
            .count();
        let n429 = da.iter().filter(|d| d.status == Some(429)).count();
        assert!((100..200).contains(&n5), "{n5}");
        assert!((25..80).contains(&n429), "{n429}");
    }
}
