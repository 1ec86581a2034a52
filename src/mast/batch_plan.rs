//! How many observations the next products request carries: the size the server has shown
//! it copes with, cut so that the lanes in flight finish together.
use std::time::Duration;

/// A batch answered within this share of the call timeout counts as quick, and the size that
/// pace predicts for it is what new batches may grow to.
const GROW_WITHIN: u32 = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchPlan {
    /// Largest batch allowed now.
    size: usize,
    min: usize,
    max: usize,
    lanes: usize,
    /// Equal chunks for the observations left, computed for `size`; recomputed when it changes.
    chunk: Option<usize>,
}

impl BatchPlan {
    /// `start` is clamped into `min..=max`; `lanes` is the requests in flight.
    pub fn new(start: usize, min: usize, max: usize, lanes: usize) -> Self {
        let min = min.max(1);
        let max = max.max(min);
        BatchPlan {
            size: start.clamp(min, max),
            min,
            max,
            lanes: lanes.max(1),
            chunk: None,
        }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Observations for the next request with `pending` still waiting: at most `size`, and
    /// the same for every request of the rounds left (`pending` spread over a whole number of
    /// rounds across the lanes), so no lane is left alone with a remainder.
    pub fn take(&mut self, pending: usize) -> usize {
        if pending == 0 {
            return 0;
        }
        let chunk = *self.chunk.get_or_insert_with(|| {
            let per_round = self.lanes * self.size;
            let rounds = pending.div_ceil(per_round);
            pending.div_ceil(self.lanes * rounds)
        });
        chunk.min(pending)
    }

    /// A batch of `n` observations was answered in `elapsed`: when that is well inside
    /// `timeout`, batches may grow to what the same pace would answer in a quarter of it
    /// (a conservative guess, as a request's round trip does not grow with its size).
    pub fn on_success(&mut self, n: usize, elapsed: Duration, timeout: Duration) {
        let budget = timeout / GROW_WITHIN;
        if n == 0 || elapsed >= budget {
            return;
        }
        let per_obs = elapsed.as_secs_f64() / n as f64;
        let fits = if per_obs > 0.0 {
            (budget.as_secs_f64() / per_obs).floor() as usize
        } else {
            self.max
        };
        let grown = fits.clamp(self.min, self.max);
        if grown > self.size {
            self.size = grown;
            self.chunk = None;
        }
    }

    /// The server choked (a timeout, a 5xx): new batches halve.
    pub fn on_overload(&mut self) {
        let halved = (self.size / 2).max(self.min);
        if halved != self.size {
            self.size = halved;
            self.chunk = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    fn sizes(plan: &mut BatchPlan, mut pending: usize) -> Vec<usize> {
        let mut out = Vec::new();
        while pending > 0 {
            let n = plan.take(pending);
            out.push(n);
            pending -= n;
        }
        out
    }

    #[test]
    fn the_rest_is_cut_into_equal_rounds() {
        // 460 left, 8 lanes, batches up to 32: two rounds of 16 requests of 29 (the last 25),
        // not 14 of 32 and a straggler of 12.
        let mut p = BatchPlan::new(32, 1, 32, 8);
        let s = sizes(&mut p, 460);
        assert_eq!(s.len(), 16, "{s:?}");
        assert!(s[..15].iter().all(|&n| n == 29), "{s:?}");
        assert_eq!(s.iter().sum::<usize>(), 460);
        // Fewer observations than lanes: one each.
        let mut p = BatchPlan::new(5, 1, 32, 8);
        assert_eq!(sizes(&mut p, 3), vec![1, 1, 1]);
    }

    #[test]
    fn batches_grow_only_on_quick_answers_and_never_past_the_cap() {
        let mut p = BatchPlan::new(5, 1, 32, 8);
        assert_eq!(p.take(500), 5);
        // 5 observations in 150 ms of a 60 s call: far inside it, so up to the cap.
        p.on_success(5, Duration::from_millis(150), MIN);
        assert_eq!(p.size(), 32);
        // 2 s per observation: a quarter of 60 s holds 7, so no growth past that pace.
        let mut p = BatchPlan::new(5, 1, 32, 8);
        p.on_success(5, Duration::from_secs(10), MIN);
        assert_eq!(p.size(), 7);
        // An answer that took most of the budget does not grow anything.
        let mut p = BatchPlan::new(5, 1, 32, 8);
        p.on_success(5, Duration::from_secs(20), MIN);
        assert_eq!(p.size(), 5);
    }

    #[test]
    fn overload_halves_down_to_the_minimum_and_a_success_never_shrinks() {
        let mut p = BatchPlan::new(8, 2, 32, 4);
        p.on_overload();
        assert_eq!(p.size(), 4);
        p.on_overload();
        p.on_overload();
        assert_eq!(p.size(), 2);
        p.on_success(2, Duration::from_secs(14), MIN);
        assert_eq!(p.size(), 2);
        assert!(p.take(100) <= 2);
    }

    #[test]
    fn nonsense_settings_are_clamped() {
        let mut p = BatchPlan::new(0, 0, 0, 0);
        assert_eq!(p.size(), 1);
        assert_eq!(p.take(3), 1);
        let p = BatchPlan::new(50, 1, 10, 4);
        assert_eq!(p.size(), 10);
    }
}
