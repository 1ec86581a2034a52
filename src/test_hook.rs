//! A hidden hook for the end-to-end panic tests (tests/e2e_panic.rs), documented in the
//! README's Development section: `MASTUI_TEST_PANIC=ui` makes the browser's UI loop panic
//! when F12 is pressed, `MASTUI_TEST_PANIC=worker` makes every products job (`p`) panic
//! inside the worker. Unset, it costs one environment lookup per F12 or products job.

/// The environment variable that arms the hook.
pub const ENV: &str = "MASTUI_TEST_PANIC";

/// Panics, on purpose, when the hook is armed for `place` (`ui` or `worker`).
pub fn panic_if_armed(place: &str) {
    if std::env::var(ENV).is_ok_and(|v| v == place) {
        panic!("{ENV}={place}: a deliberate panic in the {place} (test hook)");
    }
}
