//! Which requests a paged walk makes, step by step.
//!
//! Only the first answer says how many rows there are (its `paging` block comes after its
//! rows), so nothing else can be asked for until it has been built, sent and read. MAST
//! slices a result by `pagesize` and `page`, and any request whose first row is a multiple
//! of its size lines up with the others; so a walk may start small and double: with 50,000
//! rows a page, it asks 12,500 rows (page 1), 12,500 (page 2), 25,000 (page 2), then 50,000
//! a page from page 2 on. The first answer comes after the server built a quarter of a page
//! instead of a whole one, and the pages after it go out that much sooner: a search of one
//! page and a bit no longer waits on one big page and then a small one.
use super::request::InvokeRequest;
use super::response::Paging;

/// How many times the first request halves the walk's page size.
const RAMP_LEVELS: u32 = 2;

/// The smallest first request worth its extra requests: below this, small pages are what
/// the caller asked for and the walk keeps them.
const MIN_FIRST_ROWS: u64 = 1_000;

/// The requests of one walk: step 1 first, then step 2, ... (each one request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageSteps {
    /// The walk's page size, asked once the ramp is over.
    pagesize: u64,
    /// Halvings of the first request (0: every step is a page of `pagesize`).
    levels: u32,
}

impl PageSteps {
    /// Every step a page of `pagesize`, page `step`.
    pub(crate) fn flat(pagesize: u64) -> PageSteps {
        PageSteps {
            pagesize: pagesize.max(1),
            levels: 0,
        }
    }

    /// A walk starting with a quarter of `pagesize` when that is a whole number of rows and
    /// worth it; otherwise flat.
    pub(crate) fn ramped(pagesize: u64) -> PageSteps {
        let pagesize = pagesize.max(1);
        let levels = (0..=RAMP_LEVELS)
            .rev()
            .find(|&l| pagesize.is_multiple_of(1 << l) && pagesize >> l >= MIN_FIRST_ROWS)
            .unwrap_or(0);
        PageSteps { pagesize, levels }
    }

    fn is_flat(&self) -> bool {
        self.levels == 0
    }

    /// Rows asked for at `step` (1-based).
    pub(crate) fn size(&self, step: u64) -> u64 {
        let step = step.max(1);
        let first = self.pagesize >> self.levels;
        if step == 1 {
            first
        } else if step <= u64::from(self.levels) + 1 {
            first << (step - 2)
        } else {
            self.pagesize
        }
    }

    /// The page number asked for at `step`, in pages of [`size`](Self::size).
    pub(crate) fn page(&self, step: u64) -> u64 {
        let step = step.max(1);
        let levels = u64::from(self.levels);
        if self.levels == 0 || step == 1 {
            step
        } else if step <= levels + 1 {
            2
        } else {
            step - levels
        }
    }

    /// Rows before `step` in the whole result.
    pub(crate) fn start(&self, step: u64) -> u64 {
        (self.page(step) - 1).saturating_mul(self.size(step))
    }

    /// Steps needed to cover `rows` rows (at least one).
    pub(crate) fn count(&self, rows: u64) -> u64 {
        let mut step = 1;
        // The ramp is at most a few steps; past it, whole pages.
        while step <= u64::from(self.levels) + 1 {
            if self.start(step) + self.size(step) >= rows {
                return step;
            }
            step += 1;
        }
        let past = rows - self.start(step);
        step - 1 + past.div_ceil(self.pagesize)
    }

    /// The request of `step`: `req` (same cacheBreaker) with its page and page size.
    pub(crate) fn request(&self, req: &InvokeRequest, step: u64) -> InvokeRequest {
        let mut r = req.with_page(self.page(step));
        r.pagesize = self.size(step);
        r
    }

    /// Steps the whole result takes by what the answer of `step` says of it. Flat, that is
    /// the server's own page count; ramped, the pages it counts are of that step's size,
    /// so its row count is what counts.
    pub(crate) fn announced(&self, step: u64, paging: &Paging) -> u64 {
        if self.is_flat() {
            return paging.pages_filtered;
        }
        let rows = if paging.rows_filtered > 0 {
            paging.rows_filtered
        } else {
            paging.pages_filtered.saturating_mul(self.size(step))
        };
        self.count(rows)
    }

    /// After the first answer: a server that did not answer in the page size asked for
    /// (one with a size of its own) would not line up with a ramp, so the walk goes on in
    /// pages of the first request's size, whose page 2 is the next rows either way.
    pub(crate) fn settle(self, paging: &Paging) -> PageSteps {
        let first = self.size(1);
        if self.is_flat() || paging.page_size == 0 || paging.page_size == first {
            self
        } else {
            PageSteps::flat(first)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(page_size: u64, pages_filtered: u64, rows_filtered: u64) -> Paging {
        Paging {
            page: 1,
            page_size,
            pages_filtered,
            rows: page_size.min(rows_filtered),
            rows_filtered,
            rows_total: rows_filtered,
        }
    }

    #[test]
    fn a_ramp_doubles_to_the_page_size() {
        let s = PageSteps::ramped(50_000);
        let asked: Vec<(u64, u64, u64)> = (1..=6)
            .map(|step| (s.size(step), s.page(step), s.start(step)))
            .collect();
        assert_eq!(
            asked,
            [
                (12_500, 1, 0),
                (12_500, 2, 12_500),
                (25_000, 2, 25_000),
                (50_000, 2, 50_000),
                (50_000, 3, 100_000),
                (50_000, 4, 150_000),
            ]
        );
    }

    #[test]
    fn steps_cover_every_row_once_in_order() {
        for pagesize in [
            1, 7, 10, 2_000, 4_000, 4_002, 8_000, 50_000, 100_001, 500_000,
        ] {
            for s in [PageSteps::flat(pagesize), PageSteps::ramped(pagesize)] {
                let mut next = 0;
                for step in 1..40 {
                    assert_eq!(s.start(step), next, "{s:?} step {step}");
                    // The page asked for holds exactly those rows.
                    assert_eq!((s.page(step) - 1) * s.size(step), next);
                    next += s.size(step);
                }
                for rows in [
                    0,
                    1,
                    pagesize / 4,
                    pagesize - 1,
                    pagesize,
                    pagesize + 1,
                    10 * pagesize + 3,
                ] {
                    let n = s.count(rows);
                    let end = s.start(n) + s.size(n);
                    assert!(end >= rows, "{s:?} {rows}: {n} steps end at {end}");
                    assert!(
                        n == 1 || s.start(n) < rows,
                        "{s:?} {rows}: {n} steps, one too many"
                    );
                }
            }
        }
    }

    #[test]
    fn small_or_odd_pages_are_not_ramped() {
        assert!(PageSteps::ramped(1_000).is_flat());
        assert!(PageSteps::ramped(3_001).is_flat());
        // Halved once where a quarter would be too small or not whole.
        assert_eq!(PageSteps::ramped(3_000).size(1), 1_500);
        assert_eq!(PageSteps::ramped(10_002).size(1), 5_001);
        assert_eq!(PageSteps::ramped(50_000).size(1), 12_500);
    }

    #[test]
    fn the_count_comes_from_rows_when_ramped() {
        let s = PageSteps::ramped(50_000);
        // 59,616 rows: 12,500 + 12,500 + 25,000 + 9,616.
        assert_eq!(s.announced(1, &paging(12_500, 5, 59_616)), 4);
        assert_eq!(s.announced(1, &paging(12_500, 1, 100)), 1);
        assert_eq!(s.announced(1, &paging(12_500, 30, 362_591)), 3 + 7);
        // No row count: the pages counted, in the size that answer had.
        assert_eq!(s.announced(1, &paging(12_500, 2, 0)), 2);
        let flat = PageSteps::flat(50_000);
        assert_eq!(flat.announced(1, &paging(50_000, 2, 59_616)), 2);
    }

    #[test]
    fn a_server_with_its_own_page_size_ends_the_ramp() {
        let s = PageSteps::ramped(50_000);
        assert_eq!(s.settle(&paging(12_500, 5, 59_616)), s);
        let settled = s.settle(&paging(1_000, 60, 59_616));
        assert_eq!(settled, PageSteps::flat(12_500));
        assert_eq!((settled.size(2), settled.page(2)), (12_500, 2));
    }
}
