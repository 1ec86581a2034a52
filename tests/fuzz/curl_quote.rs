//! The curl script's quoting, checked by the only judge that matters: bash. Words are
//! batched, one bash per batch, so thousands of words cost a few dozen processes.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use mastui::mast::curl_script::{CurlFile, quote, script};
use proptest::prelude::*;

use crate::{any_text, costly, text_of};

const PIECES: &[&str] = &[
    "'", "\"", "\\", "$", "$(id)", "`id`", "${x}", "!", "*", "?", "[a]", "~", "#", ";", "&", "|",
    "<", ">", " ", "\t", "\n", "\r", "\0", "\u{1b}", "é", "\u{85}", "-", "--", "{a,b}",
];

/// Words per bash run.
const BATCH: usize = 50;

/// What quoting promises: the same text back, each control character shown as '?'.
fn expected(word: &str) -> String {
    word.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Runs `script` in bash; its stdout as bytes.
fn bash(script: &str) -> Vec<u8> {
    let mut child = Command::new("bash")
        .arg("-s")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("script written");
    let out = child.wait_with_output().expect("bash ends");
    assert!(
        out.status.success(),
        "bash failed: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// NUL-separated fields of bash's output.
fn fields(out: &[u8]) -> Vec<String> {
    out.split(|&b| b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect()
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![text_of(PIECES, 10), any_text(16)]
}

proptest! {
    // 2000 words in 40 bash runs; N words in the long mode.
    #![proptest_config(costly(2000 / BATCH as u32, BATCH as u32))]

    #[test]
    fn bash_reads_every_quoted_word_back(words in prop::collection::vec(word(), 1..=BATCH)) {
        let mut s = String::new();
        for w in &words {
            // `x` keeps empty words visible among the NUL-separated fields.
            s.push_str(&format!("printf 'x%s\\0' {}\n", quote(w)));
        }
        let got = fields(&bash(&s));
        let want: Vec<String> = words.iter().map(|w| format!("x{}", expected(w))).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn the_whole_script_runs_curl_with_the_names_it_was_given(
        names in prop::collection::vec((word(), word(), any::<bool>()), 1..=10),
    ) {
        let files: Vec<(String, String, bool)> = names
            .into_iter()
            .map(|(out, uri, protected)| (format!("o{out}"), format!("mast:X/{uri}"), protected))
            .collect();
        let curl_files: Vec<CurlFile<'_>> = files
            .iter()
            .map(|(out, uri, protected)| CurlFile {
                data_uri: uri,
                output: Path::new(out),
                protected: *protected,
            })
            .collect();
        let text = script("https://mast.stsci.edu", &curl_files);
        // A stand-in curl prints its --output and its URL; the token never appears.
        let stub = "curl() { while [ $# -gt 0 ]; do case $1 in --output) printf '%s\\0' \"$2\"; shift 2;; https:*) printf '%s\\0' \"$1\"; shift;; *) shift;; esac; done; }\n\
                    export MAST_API_TOKEN=t0ken\n";
        let got = fields(&bash(&format!("{stub}{text}")));
        prop_assert_eq!(got.len(), 2 * files.len(), "{}", text);
        for (i, (out, uri, _)) in files.iter().enumerate() {
            prop_assert_eq!(&got[2 * i], &expected(out));
            let url = &got[2 * i + 1];
            prop_assert_eq!(url, &mastui::mast::download::download_url("https://mast.stsci.edu", uri));
        }
        prop_assert!(!text.contains("t0ken"));
    }
}
