//! QR codes for invitation links, drawn on the server as SVG so the app's bundle carries no
//! QR encoder. Large and with a quiet zone: it is scanned from a projector across a room.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Longest text accepted; an invitation link is far shorter.
pub const MAX_TEXT: usize = 1024;

/// Why no code could be drawn.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum QrError {
    /// Empty or longer than [`MAX_TEXT`].
    #[error("text must be 1 to {MAX_TEXT} bytes")]
    BadLength,
    /// The encoder refused the data.
    #[error("cannot encode: {0}")]
    Encode(String),
}

/// An SVG image of `text` as a QR code (error correction M, at least 320 px).
pub fn svg(text: &str) -> Result<String, QrError> {
    if text.is_empty() || text.len() > MAX_TEXT {
        return Err(QrError::BadLength);
    }
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| QrError::Encode(e.to_string()))?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_invitation_link() {
        let image = svg("http://192.168.1.20:8080/b/abcdefghijkl#t=participant.xyz").unwrap();
        assert!(image.starts_with("<?xml") || image.starts_with("<svg"));
        assert!(image.contains("</svg>"));
    }

    #[test]
    fn refuses_empty_and_huge_text() {
        assert_eq!(svg(""), Err(QrError::BadLength));
        assert_eq!(svg(&"x".repeat(MAX_TEXT + 1)), Err(QrError::BadLength));
    }
}
