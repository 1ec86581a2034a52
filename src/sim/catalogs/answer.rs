//! Catalog answers in the invoke envelope, streamed: rows are written on a blocking thread
//! into a small buffer that goes out as a chunk whenever it fills, so a 100,000-row page
//! never sits whole in the simulator's memory. The paging block closes the answer, as in
//! MAST's (data before fields), once the scan has counted every matching row.

use std::ops::ControlFlow;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;

use super::columns::{CatTable, Row};
use super::filters::{CatFilter, all_hold};
use super::sky::{Cone, Sky, StarKey};
use crate::sim::json_out::{JsonBuf, Paging, Val};

/// Bytes buffered before a chunk goes out.
const CHUNK: usize = 64 * 1024;
/// Chunks in flight between the writer thread and the connection.
const IN_FLIGHT: usize = 8;
/// MAST resets connections answering more rows than this in one page.
pub const RESET_ROWS: u64 = 500_000;

/// Where a streamed answer is written.
pub struct Sink {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    pub out: JsonBuf,
    /// Cut the answer after its first chunk (a simulated dropped connection).
    drop: bool,
    /// The client went away, or the answer was cut: stop writing.
    done: bool,
}

impl Sink {
    /// Sends what is buffered once it is big enough; breaks when nobody listens any more.
    pub fn row_done(&mut self) -> ControlFlow<()> {
        if self.out.len() >= CHUNK {
            self.flush();
        }
        if self.done {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    fn flush(&mut self) {
        if self.done {
            return;
        }
        let bytes =
            std::mem::replace(&mut self.out, JsonBuf::with_capacity(CHUNK + 4096)).into_bytes();
        if self.drop {
            // Half of what was written, then a reset: what a dropped connection looks like.
            let half = bytes.len() / 2;
            let _ = self.tx.blocking_send(Ok(Bytes::from(bytes).slice(..half)));
            let _ = self.tx.blocking_send(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "simulated drop",
            )));
            self.done = true;
            return;
        }
        if self.tx.blocking_send(Ok(Bytes::from(bytes))).is_err() {
            self.done = true;
        }
    }

    /// Ends the answer with a connection reset, as MAST does past its row limit.
    pub fn cut(&mut self) {
        self.drop = true;
        self.flush();
    }

    fn finish(mut self) {
        self.flush();
    }
}

/// A JSON answer written by `produce` on a blocking thread while the connection drains it.
pub fn stream(drop: bool, produce: impl FnOnce(&mut Sink) + Send + 'static) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel(IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let mut sink = Sink {
            tx,
            out: JsonBuf::with_capacity(CHUNK + 4096),
            drop,
            done: false,
        };
        produce(&mut sink);
        sink.finish();
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let mut r = Response::new(Body::from_stream(body));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

/// A value as JSON, floats in their shortest form (whole numbers without a fraction, as
/// MAST writes `"DSigma": 0`).
pub fn write_val(out: &mut JsonBuf, v: &Val<'_>) {
    match v {
        Val::Float(x) if x.is_finite() && x.fract() != 0.0 => {
            out.raw(crate::common::float_text::FloatText::new().format(*x, ""));
        }
        other => out.val(other),
    }
}

/// The extra column a cone answer carries: its name and the factor from degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistanceColumn {
    pub name: &'static str,
    pub per_degree: f64,
}

/// Which rows of a catalog an answer lists, and how.
pub struct Listing {
    pub table: &'static CatTable,
    pub sky: Sky,
    /// Indices of the columns written, in order.
    pub cols: Vec<usize>,
    pub distance: Option<DistanceColumn>,
    /// Add the portal's `_selected_` column.
    pub selected: bool,
    pub cone: Option<Cone>,
    /// Only the rows of this star (a match's detections).
    pub only: Option<StarKey>,
    pub filters: Vec<CatFilter>,
    /// At most this many matching rows (HSC's `nr`, GALEX's `maxrecords`).
    pub cap: Option<u64>,
    /// HSC's `ni`: matches seen on fewer images are left out.
    pub min_images: Option<u32>,
    pub page: u64,
    pub pagesize: u64,
}

impl Listing {
    /// Visits every matching row in order, counting; stops when `visit` breaks or the
    /// cap is reached.
    pub fn each(&self, visit: &mut dyn FnMut(u64, &Row<'_>) -> ControlFlow<()>) -> u64 {
        let mut rank = 0u64;
        let cap = self.cap.unwrap_or(u64::MAX);
        let mut on_row = |row: &Row<'_>| {
            if rank >= cap {
                return ControlFlow::Break(());
            }
            let too_few = self
                .min_images
                .is_some_and(|n| super::hsc::images(row.star).iter().sum::<u32>() < n);
            if too_few || !all_hold(&self.filters, self.table, row) {
                return ControlFlow::Continue(());
            }
            let r = rank;
            rank += 1;
            visit(r, row)
        };
        match self.only {
            Some(key) => {
                if let Some(star) = self.sky.star(key) {
                    for sub in 0..(self.table.rows_of)(&star) {
                        let (ra, dec) = (self.table.position)(&star, sub);
                        let row = Row {
                            star: &star,
                            sub,
                            ra,
                            dec,
                            dist: None,
                        };
                        if on_row(&row).is_break() {
                            break;
                        }
                    }
                }
            }
            None => self.table.scan(&self.sky, self.cone, &mut on_row),
        }
        rank
    }

    /// The whole answer: the page's rows, the fields, and paging over every matching row.
    pub fn write(self, sink: &mut Sink) {
        let keys: Vec<String> = self
            .cols
            .iter()
            .map(|&c| {
                let mut k = JsonBuf::with_capacity(32);
                k.key(self.table.cols[c].name);
                k.as_str().to_string()
            })
            .collect();
        let start = (self.page - 1).saturating_mul(self.pagesize);
        let end = start.saturating_add(self.pagesize);
        sink.out
            .raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":[");
        let mut stopped = false;
        let total = self.each(&mut |rank, row| {
            if stopped {
                return ControlFlow::Break(());
            }
            if rank < start || rank >= end {
                return ControlFlow::Continue(());
            }
            if rank - start >= RESET_ROWS {
                sink.cut();
                stopped = true;
                return ControlFlow::Break(());
            }
            if rank > start {
                sink.out.raw(",");
            }
            sink.out.raw("{");
            for (i, (&c, k)) in self.cols.iter().zip(&keys).enumerate() {
                if i > 0 {
                    sink.out.raw(",");
                }
                sink.out.raw(k);
                write_val(&mut sink.out, &(self.table.cols[c].val)(row));
            }
            if let Some(d) = self.distance {
                sink.out.raw(",");
                sink.out.key(d.name);
                write_val(
                    &mut sink.out,
                    &Val::Float(crate::sim::rng::round_to(
                        row.dist.unwrap_or(0.0) * d.per_degree,
                        8,
                    )),
                );
            }
            if self.selected {
                sink.out.raw(",\"_selected_\":null");
            }
            sink.out.raw("}");
            if sink.row_done().is_break() {
                stopped = true;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        let rows = total.saturating_sub(start).min(self.pagesize);
        sink.out.raw("],\"fields\":[");
        let mut fields: Vec<(&str, &str)> = self
            .cols
            .iter()
            .map(|&c| (self.table.cols[c].name, self.table.cols[c].field))
            .collect();
        if let Some(d) = self.distance {
            fields.push((d.name, "float"));
        }
        if self.selected {
            fields.push(("_selected_", "boolean"));
        }
        write_fields(&mut sink.out, &fields);
        sink.out.raw("],\"paging\":");
        Paging {
            page: self.page,
            page_size: self.pagesize,
            rows,
            rows_filtered: total,
        }
        .write(&mut sink.out);
        sink.out.raw("}");
    }
}

/// `{"name": .., "type": ..}` entries of a `fields` list (without the brackets).
pub fn write_fields(out: &mut JsonBuf, fields: &[(&str, &str)]) {
    for (i, (name, ty)) in fields.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw("{\"name\":");
        out.string(name);
        out.raw(",\"type\":");
        out.string(ty);
        out.raw("}");
    }
}

/// The one-row answer of a `COUNT_BIG(*)` request.
pub fn count_answer(n: u64) -> Vec<u8> {
    let mut out = JsonBuf::with_capacity(256);
    out.raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":[{\"Column1\":");
    out.int(n as i64);
    out.raw("}],\"fields\":[{\"name\":\"Column1\",\"type\":\"string\"}],\"paging\":");
    Paging {
        page: 1,
        page_size: 1,
        rows: 1,
        rows_filtered: 1,
    }
    .write(&mut out);
    out.raw("}");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_short_and_whole_numbers_bare() {
        let mut b = JsonBuf::default();
        write_val(&mut b, &Val::Float(0.1));
        b.raw(" ");
        write_val(&mut b, &Val::Float(3.0));
        b.raw(" ");
        write_val(&mut b, &Val::Float(-12.3456));
        b.raw(" ");
        write_val(&mut b, &Val::Float(f64::NAN));
        assert_eq!(b.as_str(), "0.1 3 -12.3456 null");
    }
}
