//! When to try again: backoff with jitter, polling pace, `Retry-After`. Pure functions, so
//! the timing rules are tested without a clock or a network.
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Timing rules of every HTTP exchange with MAST.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries per request for transient failures (network, timeouts, 5xx, 429/503), first included.
    pub max_attempts: u32,
    /// First retry waits about this long; each further one doubles it.
    pub base_delay: Duration,
    /// Cap of the exponential backoff.
    pub max_delay: Duration,
    /// One HTTP exchange (headers and whole body). Must exceed MAST's 20 s long-poll.
    pub call_timeout: Duration,
    /// One request job, polls and retries included (astroquery's budget is 600 s).
    pub deadline: Duration,
    /// Pause before the first re-poll of an EXECUTING job; grows by half each time.
    pub poll_initial: Duration,
    pub poll_max: Duration,
    /// The longest `Retry-After` honoured; a server asking for more is capped to this.
    pub retry_after_cap: Duration,
    /// The low-speed rule (curl's `--speed-limit`): an answer bringing fewer bytes a second
    /// than this over a whole `stall_window` is abandoned and asked again at once. 0 is off.
    pub stall_floor: u64,
    /// The low-speed rule's window (curl's `--speed-time`).
    pub stall_window: Duration,
    /// Pages of one result the server is asked to build at once once the first page has
    /// announced the total (1: one after another); at most [`MAX_PAGES_IN_FLIGHT`]. A page
    /// whose rows are arriving is built: it no longer counts.
    pub pages_in_flight: usize,
    /// The most rows the server answers for one query (MAST resets the connection above
    /// about 500,000); a search counted above it is fetched in parts. 0: never split.
    pub row_cap: u64,
}

/// MAST's single-query ceiling.
pub const DEFAULT_ROW_CAP: u64 = 500_000;

/// Pages of one result in flight by default: on a 2-core client three keep the server busy
/// while one page is parsed and written.
pub const DEFAULT_PAGES_IN_FLIGHT: usize = 3;
/// The politeness cap: each page is a full query on MAST's database, so one client never
/// asks for more than this many pages of a result at once.
pub const MAX_PAGES_IN_FLIGHT: usize = 4;

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            call_timeout: Duration::from_secs(120),
            deadline: Duration::from_secs(600),
            poll_initial: Duration::from_millis(250),
            poll_max: Duration::from_secs(5),
            retry_after_cap: Duration::from_secs(120),
            stall_floor: 1024,
            stall_window: Duration::from_secs(10),
            pages_in_flight: DEFAULT_PAGES_IN_FLIGHT,
            row_cap: DEFAULT_ROW_CAP,
        }
    }
}

impl RetryPolicy {
    /// Millisecond timings for tests against the local simulator; many attempts, so that
    /// heavy fault injection still recovers.
    pub fn fast() -> Self {
        RetryPolicy {
            max_attempts: 15,
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(80),
            call_timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(60),
            poll_initial: Duration::from_millis(2),
            poll_max: Duration::from_millis(40),
            retry_after_cap: Duration::from_millis(50),
            stall_floor: 1024,
            stall_window: Duration::from_secs(1),
            pages_in_flight: DEFAULT_PAGES_IN_FLIGHT,
            row_cap: DEFAULT_ROW_CAP,
        }
    }

    /// Wait before retry number `retry` (0 for the first retry): "equal jitter", i.e. half the
    /// exponential delay fixed and half random, so clients that failed together spread out
    /// but never hammer the server with near-zero pauses. `rand` is any random number.
    pub fn backoff(&self, retry: u32, rand: u64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(30)))
            .min(self.max_delay);
        let half = exp / 2;
        let span = (exp - half).as_nanos() as u64;
        let jitter = if span == 0 { 0 } else { rand % (span + 1) };
        half + Duration::from_nanos(jitter)
    }

    /// Wait before retry `retry`, honouring a server's `Retry-After` (capped) when given.
    pub fn retry_delay(&self, retry: u32, retry_after: Option<Duration>, rand: u64) -> Duration {
        match retry_after {
            Some(d) => d.min(self.retry_after_cap),
            None => self.backoff(retry, rand),
        }
    }

    /// Pause before re-poll number `poll` (0 first) of an EXECUTING job: grows by half each
    /// time from `poll_initial` up to `poll_max`. The server's long-poll does most of the
    /// waiting; this only keeps a fast-answering server from being spun on.
    pub fn poll_delay(&self, poll: u32) -> Duration {
        let mut d = self.poll_initial;
        for _ in 0..poll.min(64) {
            d = d.saturating_add(d / 2);
            if d >= self.poll_max {
                return self.poll_max;
            }
        }
        d.min(self.poll_max)
    }
}

/// Reads a `Retry-After` value: delay-seconds, or an HTTP-date in any of HTTP's three forms
/// (IMF-fixdate, RFC 850, asctime) relative to `now` (a date in the past means "now").
/// `None` for anything else.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A cheap random number for jitter and cacheBreakers: std's per-process random hash keys
/// mixed with a counter and the clock. Not for secrets.
pub fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    h.write_u64(nanos);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_within_bounds() {
        let p = RetryPolicy::default();
        for retry in 0..40 {
            let exp = p
                .base_delay
                .saturating_mul(2u32.saturating_pow(retry.min(30)))
                .min(p.max_delay);
            for rand in [0, 1, 12345, u64::MAX / 3, u64::MAX] {
                let d = p.backoff(retry, rand);
                assert!(d >= exp / 2, "retry {retry}: {d:?} < half of {exp:?}");
                assert!(d <= exp, "retry {retry}: {d:?} > {exp:?}");
                assert!(d <= p.max_delay);
            }
        }
        assert!(p.backoff(0, 0) >= Duration::from_millis(250));
        assert_eq!(p.backoff(1, 0), Duration::from_millis(500));
        assert_eq!(p.backoff(30, 0), p.max_delay / 2);
    }

    #[test]
    fn jitter_spreads_delays() {
        let p = RetryPolicy::default();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..50 {
            seen.insert(p.backoff(3, random_u64()));
        }
        assert!(seen.len() > 10);
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.retry_delay(0, Some(Duration::from_secs(7)), 0),
            Duration::from_secs(7)
        );
        assert_eq!(
            p.retry_delay(0, Some(Duration::from_secs(7200)), 0),
            p.retry_after_cap
        );
        assert_eq!(p.retry_delay(1, None, 0), p.backoff(1, 0));
    }

    #[test]
    fn poll_delay_grows_to_max() {
        let p = RetryPolicy::default();
        assert_eq!(p.poll_delay(0), p.poll_initial);
        let mut last = Duration::ZERO;
        for n in 0..100 {
            let d = p.poll_delay(n);
            assert!(d >= last && d <= p.poll_max);
            last = d;
        }
        assert_eq!(p.poll_delay(u32::MAX), p.poll_max);
        assert!(p.poll_delay(1) > p.poll_delay(0));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770); // Sun, 06 Nov 1994 08:49:30 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        // HTTP's two older date forms, which servers still send.
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("Sun Nov  6 08:49:37 1994", now),
            Some(Duration::from_secs(7))
        );
        for bad in [
            "",
            "-1",
            "soon",
            "1.5",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn fast_policy_is_fast() {
        let p = RetryPolicy::fast();
        assert!(p.backoff(100, u64::MAX) <= Duration::from_millis(80));
        assert!(p.max_attempts >= 10);
    }
}
