//! VOTable 1.4 with the rows inline (TABLEDATA): one FIELD per column with its datatype
//! (and unit and description when known). A null is an empty cell, which VOTable 1.3 and
//! later allow for every type and astropy reads as masked.
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{ColType, Meta, inert};
use crate::mast::table::{Cell, Table};

pub fn write(
    out: &mut impl Write,
    table: &Table,
    cols: &[String],
    idx: &[Option<usize>],
    meta: &Meta,
) -> io::Result<()> {
    let types: Vec<ColType> = idx
        .iter()
        .map(|i| i.map_or(ColType::Text, |i| ColType::of(&table.columns()[i])))
        .collect();
    let mut head = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">\n\
         <RESOURCE type=\"results\">\n<TABLE>\n",
    );
    for (i, (name, ty)) in cols.iter().zip(&types).enumerate() {
        // `char` is ASCII only; text with anything else is `unicodeChar`.
        let wide = *ty == ColType::Text
            && idx[i].is_some_and(|c| {
                (0..table.rows())
                    .any(|r| matches!(table.cell(r, c), Cell::Text(s) if !s.is_ascii()))
            });
        let datatype = match ty {
            ColType::Int64 => "datatype=\"long\"",
            ColType::Float64 => "datatype=\"double\"",
            ColType::Bool => "datatype=\"boolean\"",
            ColType::Text if wide => "datatype=\"unicodeChar\" arraysize=\"*\"",
            ColType::Text => "datatype=\"char\" arraysize=\"*\"",
        };
        let _ = write!(head, "<FIELD name=\"{}\" {datatype}", xml(name));
        let m = meta.get(name);
        if let Some(u) = m
            .and_then(|m| m.unit.as_deref())
            .filter(|u| !u.trim().is_empty())
        {
            let _ = write!(head, " unit=\"{}\"", xml(u));
        }
        match m
            .and_then(|m| m.description.as_deref())
            .filter(|d| !d.trim().is_empty())
        {
            Some(d) => {
                let _ = writeln!(head, "><DESCRIPTION>{}</DESCRIPTION></FIELD>", xml(d));
            }
            None => head.push_str("/>\n"),
        }
    }
    head.push_str("<DATA><TABLEDATA>\n");
    out.write_all(head.as_bytes())?;
    let mut line = String::new();
    for row in 0..table.rows() {
        line.clear();
        line.push_str("<TR>");
        for col in idx {
            match col.map_or(Cell::Null, |c| table.cell(row, c)) {
                Cell::Null => line.push_str("<TD/>"),
                Cell::Int(i) => {
                    let _ = write!(line, "<TD>{i}</TD>");
                }
                Cell::Float(x) if x.is_nan() => line.push_str("<TD>NaN</TD>"),
                Cell::Float(x) if x.is_infinite() => line.push_str(if x > 0.0 {
                    "<TD>+Inf</TD>"
                } else {
                    "<TD>-Inf</TD>"
                }),
                Cell::Float(x) => {
                    let _ = write!(line, "<TD>{x}</TD>");
                }
                Cell::Bool(b) => line.push_str(if b { "<TD>T</TD>" } else { "<TD>F</TD>" }),
                Cell::Text(s) => {
                    let _ = write!(line, "<TD>{}</TD>", xml(s));
                }
            }
        }
        line.push_str("</TR>\n");
        out.write_all(line.as_bytes())?;
    }
    out.write_all(b"</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n")?;
    out.flush()
}

fn xml(s: &str) -> String {
    let s = inert(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_types_nulls_and_escapes() {
        let mut t = Table::default();
        t.push_row([
            ("obsid", Cell::Int(7)),
            ("s_ra", Cell::Float(53.5)),
            ("target", Cell::Text("<M101> & \u{1b}[31mco")),
            ("ok", Cell::Bool(false)),
        ]);
        t.push_row([
            ("obsid", Cell::Null),
            ("s_ra", Cell::Float(f64::NAN)),
            ("target", Cell::Text("Ωmega")),
            ("ok", Cell::Null),
        ]);
        let cols: Vec<String> = ["obsid", "s_ra", "target", "ok"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let idx: Vec<Option<usize>> = cols.iter().map(|c| t.column_index(c)).collect();
        let mut out = Vec::new();
        write(&mut out, &t, &cols, &idx, &Meta::new()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("<FIELD name=\"obsid\" datatype=\"long\"/>"));
        assert!(s.contains("<FIELD name=\"s_ra\" datatype=\"double\"/>"));
        assert!(s.contains("<FIELD name=\"target\" datatype=\"unicodeChar\" arraysize=\"*\"/>"));
        assert!(s.contains("<FIELD name=\"ok\" datatype=\"boolean\"/>"));
        assert!(s.contains(
            "<TR><TD>7</TD><TD>53.5</TD><TD>&lt;M101&gt; &amp; [31mco</TD><TD>F</TD></TR>"
        ));
        assert!(s.contains("<TR><TD/><TD>NaN</TD><TD>Ωmega</TD><TD/></TR>"));
        assert!(!s.contains('\u{1b}'));
    }
}
