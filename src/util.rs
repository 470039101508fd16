//! Small helpers shared by the layers above: the names of editors' temp files.

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
