//! Saves text as a file through the browser's download (a Blob behind a temporary link).

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Why a download could not be started.
#[derive(Debug, thiserror::Error)]
#[error("the browser refused the download")]
pub struct DownloadError;

/// Offers `text` as a file named `name` of type `mime`.
pub fn save_text(name: &str, mime: &str, text: &str) -> Result<(), DownloadError> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| DownloadError)?;
    offer(name, &blob)
}

/// Offers `bytes` as a file named `name` of type `mime`.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), DownloadError> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| DownloadError)?;
    offer(name, &blob)
}

/// Offers `blob` (a PNG drawn on a canvas, say) as a file named `name`.
pub fn save_blob(name: &str, blob: &Blob) -> Result<(), DownloadError> {
    offer(name, blob)
}

/// Starts the download of `blob` as a file named `name`.
fn offer(name: &str, blob: &Blob) -> Result<(), DownloadError> {
    let url = Url::create_object_url_with_blob(blob).map_err(|_| DownloadError)?;
    let document = leptos::prelude::document();
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| DownloadError)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(&safe_file_name(name));
    link.set_hidden(true);
    let body = document.body().ok_or(DownloadError)?;
    body.append_child(&link).map_err(|_| DownloadError)?;
    link.click();
    link.remove();
    // The click has started the download; the URL is no longer needed.
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// A file name without characters that file systems refuse.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_matches('.');
    if trimmed.is_empty() {
        "kartenwand".to_string()
    } else {
        trimmed.chars().take(120).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn file_names_lose_what_file_systems_refuse() {
        assert_eq!(
            safe_file_name("Workshop: Bildung/Sprache?.csv"),
            "Workshop- Bildung-Sprache-.csv"
        );
        assert_eq!(safe_file_name(" .. "), "kartenwand");
    }
}
