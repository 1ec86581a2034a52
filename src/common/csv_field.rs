//! One CSV field, RFC 4180, for every CSV mastui writes (command output, the download
//! manifest). Hand-written rather than `csv::Writer`: output rows are built into one reused
//! line buffer per page, and the manifest's spreadsheet guard is not something a CSV
//! library offers.
use std::borrow::Cow;

/// What a field may need beyond quoting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// The value as it is (what astropy and scripts read back).
    Exact,
    /// A value starting like a spreadsheet formula (`=`, `+`, `-`, `@`) gets a `'` before
    /// it, so a spreadsheet never runs a server-chosen name (readers of the manifest drop it).
    Formula,
}

/// Appends `s` as one field: quoted when it holds a comma, a quote, a line break or edge
/// spaces; control characters other than line breaks are dropped so a CSV printed to a
/// terminal stays inert.
pub fn push_field(s: &str, guard: Guard, out: &mut String) {
    let s: Cow<str> = if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        s.chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\r')
            .collect::<String>()
            .into()
    } else {
        s.into()
    };
    let formula = guard == Guard::Formula && s.starts_with(['=', '+', '-', '@']);
    let quote =
        formula || s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if !quote {
        out.push_str(&s);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    out.push_str(&s.replace('"', "\"\""));
    out.push('"');
}

/// A manifest field as written with `Guard::Formula`, back to its value.
pub fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => field,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str, g: Guard) -> String {
        let mut out = String::new();
        push_field(s, g, &mut out);
        out
    }

    #[test]
    fn quoting_controls_and_the_formula_guard() {
        assert_eq!(field("plain", Guard::Exact), "plain");
        assert_eq!(field("a,\"b\"", Guard::Exact), "\"a,\"\"b\"\"\"");
        assert_eq!(field("\u{1b}[2Jx", Guard::Exact), "[2Jx");
        assert_eq!(field(" lead", Guard::Exact), "\" lead\"");
        assert_eq!(field("two\nlines", Guard::Exact), "\"two\nlines\"");
        assert_eq!(field("-1.5", Guard::Exact), "-1.5");
        assert_eq!(field("=cmd()", Guard::Formula), "\"'=cmd()\"");
        assert_eq!(unguard("'=cmd()"), "=cmd()");
        assert_eq!(unguard("'quoted"), "'quoted");
        assert_eq!(unguard("/dl/x.fits"), "/dl/x.fits");
    }
}
