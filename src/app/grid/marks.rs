//! Marked rows, by row id (so marks survive sorting and filtering): a bit set with a count.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    bits: Vec<u64>,
    count: usize,
}

impl Marks {
    pub fn count(&self) -> usize {
        self.count
    }

    pub fn is_marked(&self, row: usize) -> bool {
        self.bits
            .get(row / 64)
            .is_some_and(|w| w & (1 << (row % 64)) != 0)
    }

    pub fn set(&mut self, row: usize, on: bool) {
        let word = row / 64;
        if self.bits.len() <= word {
            if !on {
                return;
            }
            self.bits.resize(word + 1, 0);
        }
        let bit = 1u64 << (row % 64);
        let was = self.bits[word] & bit != 0;
        if on && !was {
            self.bits[word] |= bit;
            self.count += 1;
        } else if !on && was {
            self.bits[word] &= !bit;
            self.count -= 1;
        }
    }

    pub fn toggle(&mut self, row: usize) {
        let on = !self.is_marked(row);
        self.set(row, on);
    }

    pub fn clear(&mut self) {
        self.bits.clear();
        self.count = 0;
    }

    /// Marked row ids in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.bits.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggles_and_counts() {
        let mut m = Marks::default();
        m.toggle(3);
        m.toggle(130);
        m.set(3, true);
        assert_eq!(m.count(), 2);
        assert_eq!(m.iter().collect::<Vec<_>>(), vec![3, 130]);
        m.toggle(3);
        m.set(1000, false);
        assert_eq!(m.count(), 1);
        assert!(!m.is_marked(3));
        m.clear();
        assert_eq!(m.count(), 0);
    }
}
