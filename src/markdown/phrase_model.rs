//! The BudouX Japanese model of `budoux_phf_rs`, read once per process into tables keyed by
//! characters: a sentence costs three hash lookups per character (its character, the pair and
//! the triple it starts) instead of the crate's thirteen string lookups per boundary, with the
//! crate's scoring rule, so the boundaries are the crate's (the tests compare them).

use budoux_phf_rs::{Parser, ScoreMap};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Scores of what starts at one character: the character as the 3rd..1st before a boundary
/// and the 1st..3rd after (`uw1`..`uw6`); the pair starting there as the 2 before, the 2
/// straddling and the 2 after (`bw1`..`bw3`); the triple as `tw1`..`tw4`.
#[derive(Clone, Copy, Default)]
pub(super) struct Feature {
    uni: [i16; 6],
    bi: [i16; 3],
    tri: [i16; 4],
}

/// The model's scores by character, pair and triple of characters.
pub(super) struct Model {
    /// `-total_score / 2`: the score of a boundary no feature speaks for.
    base: i32,
    uni: FxHashMap<char, [i16; 6]>,
    bi: FxHashMap<[char; 2], [i16; 3]>,
    tri: FxHashMap<[char; 3], [i16; 4]>,
}

/// The Japanese model, built on first use.
pub(super) fn japanese() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::from(&Parser::japanese_parser()))
}

impl Model {
    fn from(parser: &Parser) -> Model {
        let m = &parser.model;
        let mut model = Model {
            base: -(m.total_score / 2),
            uni: FxHashMap::default(),
            bi: FxHashMap::default(),
            tri: FxHashMap::default(),
        };
        for (slot, map) in [m.uw1, m.uw2, m.uw3, m.uw4, m.uw5, m.uw6]
            .iter()
            .enumerate()
        {
            for (c, v) in keys::<1>(map) {
                model.uni.entry(c[0]).or_default()[slot] = v;
            }
        }
        for (slot, map) in [m.bw1, m.bw2, m.bw3].iter().enumerate() {
            for (c, v) in keys::<2>(map) {
                model.bi.entry(c).or_default()[slot] = v;
            }
        }
        for (slot, map) in [m.tw1, m.tw2, m.tw3, m.tw4].iter().enumerate() {
            for (c, v) in keys::<3>(map) {
                model.tri.entry(c).or_default()[slot] = v;
            }
        }
        model
    }

    /// The features starting at each character of `text`, into `out` (cleared first).
    pub(super) fn features(&self, text: &[char], out: &mut Vec<Feature>) {
        out.clear();
        out.extend((0..text.len()).map(|i| {
            Feature {
                uni: self.uni.get(&text[i]).copied().unwrap_or_default(),
                bi: text
                    .get(i..i + 2)
                    .and_then(|w| self.bi.get(w))
                    .copied()
                    .unwrap_or_default(),
                tri: text
                    .get(i..i + 3)
                    .and_then(|w| self.tri.get(w))
                    .copied()
                    .unwrap_or_default(),
            }
        }));
    }

    /// Whether a phrase starts at character `i` (0 < i < len) of the sentence whose features
    /// are `f`: the crate's sum over the windows around the boundary that fit in the sentence.
    pub(super) fn starts_phrase(&self, f: &[Feature], i: usize) -> bool {
        let at = |k: Option<usize>| k.and_then(|k| f.get(k)).copied().unwrap_or_default();
        let (b3, b2, b1) = (
            at(i.checked_sub(3)),
            at(i.checked_sub(2)),
            at(i.checked_sub(1)),
        );
        let (a0, a1, a2) = (at(Some(i)), at(Some(i + 1)), at(Some(i + 2)));
        let score = self.base
            + [
                b3.uni[0], b2.uni[1], b1.uni[2], a0.uni[3], a1.uni[4], a2.uni[5],
            ]
            .into_iter()
            .chain([b2.bi[0], b1.bi[1], a0.bi[2]])
            .chain([b3.tri[0], b2.tri[1], b1.tri[2], a0.tri[3]])
            .map(i32::from)
            .sum::<i32>();
        score > 0
    }
}

/// The entries of `map` whose key is `N` characters: no window of another length can match
/// them in the crate's scoring either, so leaving them out changes no boundary.
fn keys<const N: usize>(map: &ScoreMap) -> impl Iterator<Item = ([char; N], i16)> + '_ {
    map.entries().filter_map(|(k, v)| {
        let mut chars = k.chars();
        let key: [char; N] = std::array::from_fn(|_| chars.next().unwrap_or('\0'));
        (k.chars().count() == N).then_some((key, *v))
    })
}
