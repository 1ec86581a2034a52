//! Product triage: facets (productType, productSubGroupDescription, calib_level, file
//! extension, Minimum Recommended Products, data rights), guide-star hiding and the
//! file-name expression, evaluated together in one pass over the products.
//!
//! Each facet value's count and size are taken under the OTHER active filters (what ticking
//! that value would add), the way catalogue facets work. The same code serves the products
//! pane and `mastui products`, so both always agree.
//!
//! Speed: the products are indexed once as they arrive (lowercase names in one arena, a
//! small value id per facet); a change of facets costs one pass of integer tests, and a new
//! expression one SIMD substring scan over the arena per term.
use std::collections::HashMap;

use super::product_filter::ProductFilter;
use super::product_stem::extension;
use super::table::{Cell, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    ProductType,
    SubGroup,
    CalibLevel,
    Extension,
    Mrp,
    Rights,
}

/// Number of facets.
pub const FACET_COUNT: usize = 6;

impl Facet {
    pub const ALL: [Facet; FACET_COUNT] = [
        Facet::ProductType,
        Facet::SubGroup,
        Facet::CalibLevel,
        Facet::Extension,
        Facet::Mrp,
        Facet::Rights,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// As shown in the facet list and the filter bar.
    pub fn title(self) -> &'static str {
        match self {
            Facet::ProductType => "productType",
            Facet::SubGroup => "productSubGroupDescription",
            Facet::CalibLevel => "calib_level",
            Facet::Extension => "extension",
            Facet::Mrp => "Minimum Recommended Products",
            Facet::Rights => "dataRights",
        }
    }

    /// Short name for the filter bar.
    pub fn short(self) -> &'static str {
        match self {
            Facet::ProductType => "type",
            Facet::SubGroup => "subgroup",
            Facet::CalibLevel => "calib",
            Facet::Extension => "ext",
            Facet::Mrp => "mrp",
            Facet::Rights => "rights",
        }
    }
}

/// Label of a missing value.
pub const NONE_LABEL: &str = "(none)";
/// The MRP facet's two values.
pub const MRP_LABEL: &str = "MRP";
pub const NOT_MRP_LABEL: &str = "other";
/// What `productGroupDescription` says for MRP rows.
const MRP_TEXT: &str = "Minimum Recommended Products";

/// True for guide-star products: `_gs-` in the file name (every mission).
pub fn is_guide_star(name_lower: &str) -> bool {
    name_lower.contains("_gs-")
}

/// The distinct values of one facet, in order of first appearance.
#[derive(Debug, Clone, Default)]
struct Values {
    labels: Vec<String>,
    ids: HashMap<String, u16>,
}

impl Values {
    fn id(&mut self, label: &str) -> u16 {
        if let Some(&id) = self.ids.get(label) {
            return id;
        }
        // More than 65,535 distinct values of a facet would be absurd; fold them together.
        let id = u16::try_from(self.labels.len()).unwrap_or(u16::MAX);
        if id < u16::MAX {
            self.labels.push(label.to_string());
            self.ids.insert(label.to_string(), id);
        }
        id
    }
}

/// What triage needs of every product, indexed as rows arrive.
#[derive(Debug, Clone, Default)]
pub struct ProductIndex {
    /// Lowercase file names, each followed by '\n' (no needle holds one).
    arena: Vec<u8>,
    /// Where each name ends in `arena` (the position of its '\n').
    ends: Vec<u32>,
    keys: Vec<[u16; FACET_COUNT]>,
    sizes: Vec<u64>,
    guide: Vec<bool>,
    values: [Values; FACET_COUNT],
}

fn text_of(table: &Table, row: usize, col: Option<usize>) -> String {
    match col.map_or(Cell::Null, |c| table.cell(row, c)) {
        Cell::Null => String::new(),
        Cell::Text(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

impl ProductIndex {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Indexes rows `self.len()..table.rows()` of a growing products table.
    pub fn extend_from(&mut self, table: &Table) {
        let col = |n: &str| table.column_index(n);
        let (name_c, type_c, sub_c, calib_c, group_c, rights_c, size_c) = (
            col("productFilename"),
            col("productType"),
            col("productSubGroupDescription"),
            col("calib_level"),
            col("productGroupDescription"),
            col("dataRights"),
            col("size"),
        );
        let start = self.len();
        let n = table.rows().saturating_sub(start);
        self.keys.reserve(n);
        self.sizes.reserve(n);
        self.guide.reserve(n);
        self.ends.reserve(n);
        for row in start..table.rows() {
            let name = text_of(table, row, name_c);
            let lower = name.to_lowercase();
            self.guide.push(is_guide_star(&lower));
            self.arena
                .extend_from_slice(lower.replace('\n', " ").as_bytes());
            self.ends
                .push(u32::try_from(self.arena.len()).unwrap_or(u32::MAX));
            self.arena.push(b'\n');
            let size = size_c
                .map_or(Cell::Null, |c| table.cell(row, c))
                .as_i64()
                .and_then(|n| u64::try_from(n).ok())
                .unwrap_or(0);
            self.sizes.push(size);
            let or_none = |s: String| if s.is_empty() { NONE_LABEL.into() } else { s };
            let calib = match calib_c.map_or(Cell::Null, |c| table.cell(row, c)).as_i64() {
                Some(n) => n.to_string(),
                None => text_of(table, row, calib_c),
            };
            let ext = extension(&name);
            let mrp = if text_of(table, row, group_c).eq_ignore_ascii_case(MRP_TEXT) {
                MRP_LABEL
            } else {
                NOT_MRP_LABEL
            };
            let labels = [
                or_none(text_of(table, row, type_c).to_uppercase()),
                or_none(text_of(table, row, sub_c).to_uppercase()),
                or_none(calib),
                or_none(ext),
                mrp.to_string(),
                or_none(text_of(table, row, rights_c).to_uppercase()),
            ];
            let mut key = [0u16; FACET_COUNT];
            for (f, label) in labels.iter().enumerate() {
                key[f] = self.values[f].id(label);
            }
            self.keys.push(key);
        }
    }

    /// Appends the index of the rows that follow this one's (made apart, on the worker):
    /// names and sizes are copied, value ids translated to this index's.
    pub fn append(&mut self, part: ProductIndex) {
        let shift = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        self.arena.extend_from_slice(&part.arena);
        self.ends
            .extend(part.ends.iter().map(|&e| e.saturating_add(shift)));
        self.sizes.extend_from_slice(&part.sizes);
        self.guide.extend_from_slice(&part.guide);
        let ids: [Vec<u16>; FACET_COUNT] = std::array::from_fn(|f| {
            part.values[f]
                .labels
                .iter()
                .map(|l| self.values[f].id(l))
                .collect()
        });
        self.keys.extend(part.keys.iter().map(|k| {
            std::array::from_fn(|f| ids[f].get(usize::from(k[f])).copied().unwrap_or(u16::MAX))
        }));
    }

    /// The labels of a facet's values, by value id.
    pub fn labels(&self, facet: Facet) -> &[String] {
        &self.values[facet.index()].labels
    }

    /// A product's value id in a facet.
    pub fn value(&self, row: usize, facet: Facet) -> Option<u16> {
        self.keys.get(row).map(|k| k[facet.index()])
    }

    pub fn size(&self, row: usize) -> u64 {
        self.sizes.get(row).copied().unwrap_or(0)
    }

    pub fn is_guide_star(&self, row: usize) -> bool {
        self.guide.get(row).copied().unwrap_or(false)
    }

    /// Which products the expression passes: one scan of the name arena per positive
    /// term, then the negations tested only on the names still passing (or scanned over
    /// the arena when there is no positive term).
    pub fn expression_hits(&self, filter: &ProductFilter) -> Vec<bool> {
        let (any, none) = filter.finders();
        let mut pass = vec![any.is_empty(); self.len()];
        for f in any {
            self.scan(f, &mut |row| pass[row] = true);
        }
        if any.is_empty() {
            for f in none {
                self.scan(f, &mut |row| pass[row] = false);
            }
        } else if !none.is_empty() {
            for (row, p) in pass.iter_mut().enumerate() {
                if *p {
                    let name = self.name_bytes(row);
                    *p = none.iter().all(|f| f.find(name).is_none());
                }
            }
        }
        pass
    }

    /// A product's lowercase name as indexed.
    fn name_bytes(&self, row: usize) -> &[u8] {
        let start = match row {
            0 => 0,
            _ => self.ends[row - 1] as usize + 1,
        };
        let end = self.ends[row] as usize;
        self.arena.get(start..end).unwrap_or(&[])
    }

    /// Calls `hit` once for every name containing the needle.
    fn scan(&self, finder: &memchr::memmem::Finder<'_>, hit: &mut dyn FnMut(usize)) {
        if finder.needle().is_empty() {
            (0..self.len()).for_each(hit);
            return;
        }
        let mut pos = 0usize;
        let mut row = 0usize;
        while let Some(found) = finder.find(&self.arena[pos..]) {
            let at = pos + found;
            // The row holding `at`: names are in order, so walk forward.
            while row < self.ends.len() && (self.ends[row] as usize) < at {
                row += 1;
            }
            if row >= self.ends.len() {
                break;
            }
            hit(row);
            pos = self.ends[row] as usize + 1;
            row += 1;
        }
    }
}

/// What the user chose: an expression, guide stars shown or not, and per facet the values
/// to keep (none chosen: every value).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub expression: Option<ProductFilter>,
    pub show_guide_stars: bool,
    /// Chosen labels per facet (compared ignoring case).
    pub chosen: [Vec<String>; FACET_COUNT],
}

impl Selection {
    pub fn chosen(&self, facet: Facet) -> &[String] {
        &self.chosen[facet.index()]
    }

    pub fn is_chosen(&self, facet: Facet, label: &str) -> bool {
        self.chosen[facet.index()]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(label))
    }

    /// Ticks or unticks one value.
    pub fn toggle(&mut self, facet: Facet, label: &str) {
        let list = &mut self.chosen[facet.index()];
        match list.iter().position(|c| c.eq_ignore_ascii_case(label)) {
            Some(i) => {
                list.remove(i);
            }
            None => list.push(label.to_string()),
        }
    }

    /// True when nothing narrows the list but the default guide-star hiding.
    pub fn is_default(&self) -> bool {
        self.expression.is_none() && !self.show_guide_stars && self.chosen.iter().all(Vec::is_empty)
    }
}

/// Products and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub count: u64,
    pub bytes: u64,
}

impl Tally {
    fn add(&mut self, bytes: u64) {
        self.count += 1;
        self.bytes = self.bytes.saturating_add(bytes);
    }
}

/// The answer of one evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// Products passing every filter, in the order given.
    pub shown: Vec<u32>,
    pub shown_total: Tally,
    /// Per facet, per value id: products that value would show under the other filters.
    pub counts: [Vec<Tally>; FACET_COUNT],
    /// Guide-star products hidden that pass every other filter.
    pub guide_hidden: Tally,
}

const EXPR_BIT: u8 = 1;
const GUIDE_BIT: u8 = 2;
const fn facet_bit(f: usize) -> u8 {
    4 << f
}

/// Applies `selection` to the products in `order` (row ids of `index`). `expr_pass` is the
/// expression's per-row answer when already known (see `ProductIndex::expression_hits`),
/// so a facet change does not scan names again.
pub fn evaluate(
    index: &ProductIndex,
    selection: &Selection,
    order: &[u32],
    expr_pass: Option<&[bool]>,
) -> Evaluation {
    let computed;
    let expr_pass: Option<&[bool]> = match (expr_pass, &selection.expression) {
        (Some(p), _) => Some(p),
        (None, Some(f)) => {
            computed = index.expression_hits(f);
            Some(&computed)
        }
        (None, None) => None,
    };
    // Per facet, per value id: the bit a product with that value fails with (0: passes).
    // Facets that do not narrow are left out, so they cost nothing per row.
    let fails: Vec<(usize, Vec<u8>)> = Facet::ALL
        .iter()
        .filter(|f| !selection.chosen(**f).is_empty())
        .map(|&f| {
            let chosen = selection.chosen(f);
            let bits = index
                .labels(f)
                .iter()
                .map(|l| {
                    if chosen.iter().any(|c| c.eq_ignore_ascii_case(l)) {
                        0
                    } else {
                        facet_bit(f.index())
                    }
                })
                .collect();
            (f.index(), bits)
        })
        .collect();
    let hide_guides = !selection.show_guide_stars;
    let mut ev = Evaluation {
        shown: Vec::with_capacity(order.len()),
        ..Evaluation::default()
    };
    for f in Facet::ALL {
        ev.counts[f.index()] = vec![Tally::default(); index.labels(f).len()];
    }
    for &r in order {
        let row = r as usize;
        let Some(key) = index.keys.get(row) else {
            continue;
        };
        let mut mask = 0u8;
        if let Some(p) = expr_pass
            && !p.get(row).copied().unwrap_or(false)
        {
            mask |= EXPR_BIT;
        }
        if hide_guides && index.guide[row] {
            mask |= GUIDE_BIT;
        }
        for (f, bits) in &fails {
            mask |= bits.get(usize::from(key[*f])).copied().unwrap_or(0);
        }
        let size = index.sizes[row];
        if mask == 0 {
            ev.shown.push(r);
            ev.shown_total.add(size);
            for (f, counts) in ev.counts.iter_mut().enumerate() {
                if let Some(t) = counts.get_mut(usize::from(key[f])) {
                    t.add(size);
                }
            }
        } else if mask == GUIDE_BIT {
            ev.guide_hidden.add(size);
        } else if mask.is_power_of_two() && mask >= facet_bit(0) {
            // Failing exactly one facet: that facet's value would show it.
            let f = mask.trailing_zeros() as usize - 2;
            if let Some(t) = ev.counts[f].get_mut(usize::from(key[f])) {
                t.add(size);
            }
        }
    }
    ev
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let rows: [(&str, &str, &str, i64, bool, &str, i64); 6] = [
            ("a_uncal.fits", "SCIENCE", "UNCAL", 1, false, "PUBLIC", 100),
            ("a_cal.fits", "SCIENCE", "CAL", 2, true, "PUBLIC", 200),
            (
                "a_gs-fg_cal.fits",
                "AUXILIARY",
                "CAL",
                2,
                false,
                "PUBLIC",
                7,
            ),
            (
                "b_i2d.fits",
                "SCIENCE",
                "I2D",
                3,
                true,
                "EXCLUSIVE_ACCESS",
                400,
            ),
            ("b_i2d.jpg", "PREVIEW", "", 3, false, "PUBLIC", 5),
            ("b_asn.json", "INFO", "ASN", 3, false, "PUBLIC", 1),
        ];
        let mut t = Table::default();
        for (name, ty, sub, calib, mrp, rights, size) in rows {
            t.push_row([
                ("productFilename", Cell::Text(name)),
                ("productType", Cell::Text(ty)),
                ("productSubGroupDescription", Cell::Text(sub)),
                ("calib_level", Cell::Int(calib)),
                (
                    "productGroupDescription",
                    if mrp {
                        Cell::Text(MRP_TEXT)
                    } else {
                        Cell::Null
                    },
                ),
                ("dataRights", Cell::Text(rights)),
                ("size", Cell::Int(size)),
            ]);
        }
        t
    }

    fn index() -> ProductIndex {
        let mut i = ProductIndex::default();
        i.extend_from(&table());
        i
    }

    fn count(ev: &Evaluation, i: &ProductIndex, f: Facet, label: &str) -> Tally {
        let id = i.labels(f).iter().position(|l| l == label).unwrap();
        ev.counts[f.index()][id]
    }

    #[test]
    fn guide_stars_hidden_by_default() {
        let i = index();
        let order: Vec<u32> = (0..6).collect();
        let ev = evaluate(&i, &Selection::default(), &order, None);
        assert_eq!(ev.shown, [0, 1, 3, 4, 5]);
        assert_eq!(ev.guide_hidden, Tally { count: 1, bytes: 7 });
        assert_eq!(ev.shown_total.bytes, 706);
        let s = Selection {
            show_guide_stars: true,
            ..Selection::default()
        };
        assert_eq!(evaluate(&i, &s, &order, None).shown.len(), 6);
    }

    #[test]
    fn facet_counts_are_under_the_other_filters() {
        let i = index();
        let order: Vec<u32> = (0..6).collect();
        let mut s = Selection::default();
        s.toggle(Facet::ProductType, "science");
        s.toggle(Facet::CalibLevel, "2");
        let ev = evaluate(&i, &s, &order, None);
        assert_eq!(ev.shown, [1]);
        // productType counts see calib=2 only (guide star hidden): SCIENCE 1.
        assert_eq!(count(&ev, &i, Facet::ProductType, "SCIENCE").count, 1);
        assert_eq!(count(&ev, &i, Facet::ProductType, "AUXILIARY").count, 0);
        // calib counts see SCIENCE only: 1 -> 1, 2 -> 1, 3 -> 1.
        assert_eq!(
            count(&ev, &i, Facet::CalibLevel, "3"),
            Tally {
                count: 1,
                bytes: 400
            }
        );
        assert_eq!(count(&ev, &i, Facet::Rights, "PUBLIC").count, 1);
        assert_eq!(i.labels(Facet::Extension), ["fits", "jpg", "json"]);
        assert_eq!(i.labels(Facet::SubGroup)[3], NONE_LABEL);
    }

    #[test]
    fn expression_scan_matches_the_plain_test() {
        let i = index();
        for expr in ["_cal", "!_gs-", "a_,!.jpg", "FITS", "json,jpg", "zzz", "!a"] {
            let f = ProductFilter::parse(expr).unwrap().unwrap();
            let fast = i.expression_hits(&f);
            let t = table();
            for (r, hit) in fast.iter().enumerate() {
                let name = t.get(r, "productFilename").to_string();
                assert_eq!(*hit, f.matches(&name), "{expr} {name}");
            }
        }
    }

    #[test]
    fn an_index_appended_in_parts_reads_as_one_made_at_once() {
        let whole = index();
        let t = table();
        // The second part starts with values the first has not seen (and in another order),
        // so its value ids differ from the whole index's and must be translated.
        for cut in 0..=t.rows() {
            let (mut head, mut tail) = (Table::default(), Table::default());
            head.append_rows(&t, 0..cut);
            tail.append_rows(&t, (cut..t.rows()).rev());
            let mut joined = ProductIndex::default();
            joined.extend_from(&head);
            let mut part = ProductIndex::default();
            part.extend_from(&tail);
            joined.append(part);
            assert_eq!(joined.len(), t.rows());
            for (j, r) in (0..cut).chain((cut..t.rows()).rev()).enumerate() {
                assert_eq!(joined.name_bytes(j), whole.name_bytes(r), "cut {cut}");
                assert_eq!(joined.size(j), whole.size(r));
                assert_eq!(joined.is_guide_star(j), whole.is_guide_star(r));
                for f in Facet::ALL {
                    let label = |i: &ProductIndex, row| {
                        i.value(row, f)
                            .map(|id| i.labels(f)[usize::from(id)].clone())
                    };
                    assert_eq!(label(&joined, j), label(&whole, r), "cut {cut} {f:?}");
                }
            }
            let f = ProductFilter::parse("_cal,!_gs-").unwrap().unwrap();
            let hits = joined.expression_hits(&f);
            let expected: Vec<bool> = (0..cut)
                .chain((cut..t.rows()).rev())
                .map(|r| f.matches(&t.get(r, "productFilename").to_string()))
                .collect();
            assert_eq!(hits, expected, "cut {cut}");
        }
    }
}
