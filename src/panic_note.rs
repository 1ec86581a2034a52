//! Panics of background jobs, kept to be printed once the terminal is back. A job's panic
//! is caught and shown in place (the program goes on), but it is a bug: its message is also
//! worth having on the normal screen after the browser closes, for the report.
use std::sync::Mutex;

static NOTES: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// At most this many are kept: a job panicking in a loop must not grow memory.
const MAX_NOTES: usize = 20;

/// Keeps a job's panic message.
pub fn record(message: &str) {
    if let Ok(mut notes) = NOTES.lock()
        && notes.len() < MAX_NOTES
    {
        notes.push(message.to_string());
    }
}

/// The messages kept so far, emptying the list.
pub fn take() -> Vec<String> {
    NOTES
        .lock()
        .map(|mut n| std::mem::take(&mut *n))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_kept_bounded_and_taken_once() {
        for i in 0..MAX_NOTES + 5 {
            record(&format!("boom {i}"));
        }
        let notes = take();
        assert_eq!(notes.len(), MAX_NOTES);
        assert_eq!(notes[0], "boom 0");
        assert!(take().is_empty());
    }
}
