//! The QR code of the current-version stamp, made in-process: the address
//! as an SVG image of black modules on white, with a quiet zone of four
//! modules (what scanners expect around a code).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The code of `text` at error correction level M (15 % of it may be lost),
/// or `None` when the text is too long for any QR code.
fn code(text: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()
}

/// The QR code of `text` as an SVG image, one unit a module; `None` when
/// the text is too long for any QR code (faqpress's addresses never are).
pub fn svg(text: &str) -> Option<String> {
    let code = code(text)?;
    Some(
        code.render::<svg::Color>()
            .quiet_zone(true)
            .module_dimensions(1, 1)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_address_gives_the_same_image() {
        let a = svg("https://www.example.com/faq").unwrap();
        assert!(a.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(a.contains("viewBox=\"0 0 "), "{a}");
        assert_eq!(a, svg("https://www.example.com/faq").unwrap());
        assert_ne!(a, svg("https://www.example.com/faq2").unwrap());
        assert!(!a.contains("example"), "the address is in the modules only");
    }
}
