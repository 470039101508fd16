//! Small helpers shared by the layers above: the names of editors' temp files, and a memo of
//! values derived from texts (serve's rebuilds reuse what unchanged files gave).

use std::collections::HashMap;
use std::hash::Hash;

/// Files editors write next to the one being saved; the build never reads them.
pub fn is_editor_temp(name: &str) -> bool {
    name.is_empty()
        || name.ends_with('~') // vim and Emacs backups
        || name.starts_with(".#") // Emacs lock files
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#')) // Emacs auto-save
        || [".swp", ".swx", ".swo", ".swpx"].iter().any(|s| name.ends_with(s)) // vim swap
        || name.bytes().all(|b| b.is_ascii_digit()) // vim's write probe `4913` (and its successors)
        || name.ends_with(".bck") // Helix backups
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___") // JetBrains safe write
        || name.ends_with(".kate-swp")
        || name.starts_with(".goutputstream-") // GNOME
        || name.ends_with(".crswap") // browsers' File System Access API
        || name.ends_with(".tmp")
}

/// Values derived from texts, each kept while its texts stay the same (compared in full, so a
/// stale value can never be returned).
#[derive(Debug)]
pub struct Memo<K, T> {
    map: HashMap<K, (Vec<String>, T)>,
}

impl<K, T> Default for Memo<K, T> {
    fn default() -> Self {
        Memo {
            map: HashMap::new(),
        }
    }
}

impl<K: Eq + Hash, T: Clone> Memo<K, T> {
    /// The value made from `inputs` under `key`: the kept one when its inputs were the same,
    /// else `make()`, kept when it succeeds.
    pub fn get_or_try<E>(
        &mut self,
        key: K,
        inputs: &[&str],
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some((kept, value)) = self.map.get(&key) {
            if kept.len() == inputs.len() && kept.iter().zip(inputs).all(|(a, b)| a == b) {
                return Ok(value.clone());
            }
        }
        let value = make()?;
        let texts = inputs.iter().map(|t| t.to_string()).collect();
        self.map.insert(key, (texts, value.clone()));
        Ok(value)
    }
}
