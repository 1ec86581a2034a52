//! The low-speed rule, like curl's `--speed-limit`/`--speed-time`: an answer that brings
//! fewer than `floor` bytes a second over a whole window of `window` is stalled. A server
//! trickling a byte every half second keeps a connection alive forever; this ends it after
//! one window, so it can be abandoned and asked again at once instead of holding a search
//! until the call timeout. Pure bookkeeping: the caller owns the clock and the reading.
use std::time::{Duration, Instant};

/// Why an answer was abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stalled {
    /// Bytes that arrived in the last window.
    pub bytes: u64,
    pub window: Duration,
    pub floor: u64,
}

impl Stalled {
    /// "under 1 KiB/s for 10 s (3 bytes arrived)".
    pub fn describe(&self) -> String {
        let floor = if self.floor.is_multiple_of(1024) {
            format!("{} KiB/s", self.floor / 1024)
        } else {
            format!("{} bytes/s", self.floor)
        };
        format!(
            "under {floor} for {:.0} s ({} bytes arrived)",
            self.window.as_secs_f64(),
            self.bytes
        )
    }
}

/// Bytes counted per window, checked when a window ends.
#[derive(Debug, Clone)]
pub struct StallWatch {
    floor: u64,
    window: Duration,
    started: Instant,
    bytes: u64,
}

impl StallWatch {
    /// A watch whose first window starts at `now`. A zero floor or window never stalls.
    pub fn new(floor: u64, window: Duration, now: Instant) -> StallWatch {
        StallWatch {
            floor,
            window,
            started: now,
            bytes: 0,
        }
    }

    fn enabled(&self) -> bool {
        self.floor > 0 && !self.window.is_zero()
    }

    /// When the current window ends: wait for the next chunk no longer than this, then
    /// `check`. `None` when the rule is off.
    pub fn window_end(&self) -> Option<Instant> {
        self.enabled().then(|| self.started + self.window)
    }

    /// Counts `n` bytes that arrived.
    pub fn add(&mut self, n: u64) {
        self.bytes = self.bytes.saturating_add(n);
    }

    /// At the end of a window: stalled when it brought less than the floor, otherwise a new
    /// window starts. Before the end, nothing is decided.
    pub fn check(&mut self, now: Instant) -> Result<(), Stalled> {
        let Some(end) = self.window_end() else {
            return Ok(());
        };
        if now < end {
            return Ok(());
        }
        let needed = (self.floor as f64 * self.window.as_secs_f64()) as u64;
        if self.bytes < needed {
            return Err(Stalled {
                bytes: self.bytes,
                window: self.window,
                floor: self.floor,
            });
        }
        self.started = now;
        self.bytes = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trickle_stalls_after_one_window_and_a_steady_flow_never() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut w = StallWatch::new(1024, 10 * s, t0);
        for i in 1..10 {
            w.add(2);
            assert_eq!(w.check(t0 + i * s), Ok(()));
        }
        let e = w.check(t0 + 10 * s).unwrap_err();
        assert_eq!(e.bytes, 18);
        assert_eq!(e.describe(), "under 1 KiB/s for 10 s (18 bytes arrived)");

        let mut w = StallWatch::new(1024, 10 * s, t0);
        for i in 1..100 {
            w.add(2000);
            assert_eq!(w.check(t0 + i * s), Ok(()), "second {i}");
        }
    }

    #[test]
    fn a_burst_then_silence_stalls_in_the_next_window() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut w = StallWatch::new(100, 2 * s, t0);
        w.add(1_000_000);
        assert_eq!(w.check(t0 + 2 * s), Ok(()));
        assert_eq!(w.window_end(), Some(t0 + 4 * s));
        assert!(w.check(t0 + 4 * s).is_err());
    }

    #[test]
    fn off_when_floor_or_window_is_zero() {
        let t0 = Instant::now();
        let far = t0 + Duration::from_secs(3600);
        let mut w = StallWatch::new(0, Duration::from_secs(1), t0);
        assert_eq!((w.window_end(), w.check(far)), (None, Ok(())));
        let mut w = StallWatch::new(10, Duration::ZERO, t0);
        assert_eq!((w.window_end(), w.check(far)), (None, Ok(())));
    }
}
