//! Resizing of raster images much larger than a slide needs: an image over twice the 1920x1080
//! frame is published as two variants, one fitting the frame and one fitting twice the frame (for
//! high-density screens and print), in a `srcset`. PNG stays PNG and JPEG stays JPEG; the
//! original file is only read.

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::ImageFormat;
use sha2::{Digest, Sha256};

/// The slide frame, in CSS pixels.
pub(crate) const FRAME: (u32, u32) = (1920, 1080);
/// Bumped when the resizing or encoding changes, so cached variants made before are not reused.
const VERSION: &[u8] = b"kumo-deck-resize-1";
/// JPEG quality of resized JPEG variants.
const JPEG_QUALITY: u8 = 85;

/// Whether kumo-deck can resize files of this name (it decodes PNG and JPEG only; other huge
/// rasters are published as they are).
pub(crate) fn resizable(name: &str) -> bool {
    format(name).is_some()
}

fn format(name: &str) -> Option<ImageFormat> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "png" => Some(ImageFormat::Png),
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        _ => None,
    }
}

/// The variant sizes of a `w` x `h` image: none when it fits twice the frame, otherwise the
/// image scaled to fit the frame and to fit twice the frame (aspect ratio kept, smallest first).
pub(crate) fn plan(w: u32, h: u32) -> Vec<(u32, u32)> {
    let (fw, fh) = FRAME;
    if w <= 2 * fw && h <= 2 * fh {
        return Vec::new();
    }
    [1, 2].iter().map(|k| fit(w, h, k * fw, k * fh)).collect()
}

/// `w` x `h` scaled down to fit `bw` x `bh`, in whole pixels (at least 1).
fn fit(w: u32, h: u32, bw: u32, bh: u32) -> (u32, u32) {
    // Integer arithmetic: the same size on every machine.
    let (w64, h64, bw64, bh64) = (w as u64, h as u64, bw as u64, bh as u64);
    if w64 * bh64 >= h64 * bw64 {
        (bw, ((h64 * bw64 + w64 / 2) / w64).max(1) as u32)
    } else {
        (((w64 * bh64 + h64 / 2) / h64).max(1) as u32, bh)
    }
}

/// The identity of one variant: source bytes, size and resizer version. Names the variant in the
/// site and in the cache.
pub(crate) fn variant_key(sha: &[u8; 32], w: u32, h: u32) -> [u8; 32] {
    let mut d = Sha256::new();
    d.update(VERSION);
    d.update(sha);
    d.update(w.to_le_bytes());
    d.update(h.to_le_bytes());
    d.finalize().into()
}

/// Decode `bytes` (the file `name`, PNG or JPEG).
pub(crate) fn decode(name: &str, bytes: &[u8]) -> Result<image::DynamicImage, String> {
    let fmt = format(name).ok_or_else(|| format!("cannot resize `{name}`"))?;
    image::load_from_memory_with_format(bytes, fmt)
        .map_err(|e| format!("cannot decode the image: {e}"))
}

/// `img` (decoded from the file `name`) resized to `w` x `h`, encoded in the file's format.
pub(crate) fn encode_resized(
    name: &str,
    img: &image::DynamicImage,
    w: u32,
    h: u32,
) -> Result<Vec<u8>, String> {
    let fmt = format(name).ok_or_else(|| format!("cannot resize `{name}`"))?;
    let small = img.resize_exact(w, h, FilterType::CatmullRom);
    let mut out = Vec::new();
    match fmt {
        ImageFormat::Jpeg => JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode_image(&small.to_rgb8())
            .map_err(|e| format!("cannot encode the resized image: {e}"))?,
        _ => small
            .write_to(&mut std::io::Cursor::new(&mut out), fmt)
            .map_err(|e| format!("cannot encode the resized image: {e}"))?,
    }
    Ok(out)
}

/// Decode `bytes` (the file `name`) and encode it resized to `w` x `h` in the same format (the
/// unit tests' round trip).
#[cfg(test)]
fn make(name: &str, bytes: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    encode_resized(name, &decode(name, bytes)?, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_over_twice_the_frame_get_variants() {
        assert!(plan(3840, 2160).is_empty());
        assert_eq!(plan(4000, 1000), vec![(1920, 480), (3840, 960)]);
        assert_eq!(plan(1000, 8000), vec![(135, 1080), (270, 2160)]);
        assert_eq!(plan(7680, 4320), vec![(1920, 1080), (3840, 2160)]);
    }

    #[test]
    fn resizing_keeps_the_format_and_is_deterministic() {
        let img =
            image::RgbImage::from_fn(64, 32, |x, y| image::Rgb([x as u8 * 4, y as u8 * 8, 7]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let a = make("x.png", &png, 16, 8).unwrap();
        assert_eq!(a, make("x.png", &png, 16, 8).unwrap());
        let size = imagesize::blob_size(&a).unwrap();
        assert_eq!((size.width, size.height), (16, 8));
        assert!(make("x.png", b"not a png", 1, 1).is_err());
        assert!(!resizable("x.gif") && resizable("X.JPG"));
    }
}
