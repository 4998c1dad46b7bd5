//! An SVG picture as a PNG of a given size: the SVG goes into an `<img>` (as a `data:` URL,
//! which the Content-Security-Policy allows for images), is drawn onto a canvas of that
//! size (the browser renders the vector picture at the canvas' resolution) and the canvas
//! is encoded. The canvas never holds anything from another origin, so it may be read.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

/// Why a picture could not be made into a PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The browser could not load the SVG as an image.
    #[error("the picture could not be loaded")]
    Load,
    /// No canvas of that size (too large for this device, or no 2D context).
    #[error("no canvas of {0}×{1} px")]
    Canvas(u32, u32),
    /// The canvas could not be encoded.
    #[error("the PNG could not be encoded")]
    Encode,
}

/// `svg` drawn at `width`×`height` pixels, as a PNG.
pub async fn svg_to_png(svg: &str, width: u32, height: u32) -> Result<Blob, PngError> {
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    let img = HtmlImageElement::new().map_err(|_| PngError::Load)?;
    img.set_src(&url);
    JsFuture::from(img.decode())
        .await
        .map_err(|_| PngError::Load)?;
    let canvas: HtmlCanvasElement = leptos::prelude::document()
        .create_element("canvas")
        .map_err(|_| PngError::Canvas(width, height))?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(PngError::Canvas(width, height))?
        .unchecked_into();
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &img,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(|_| PngError::Canvas(width, height))?;
    // `toBlob` answers through a callback; a promise turns that into something to await.
    let encoded =
        js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
            let refuse = reject.clone();
            let done = Closure::once_into_js(move |blob: JsValue| {
                let _ = if blob.is_null() {
                    reject.call0(&JsValue::NULL)
                } else {
                    resolve.call1(&JsValue::NULL, &blob)
                };
            });
            // A canvas the browser will not read (tainted) throws instead of calling back.
            if canvas
                .to_blob_with_type(done.unchecked_ref(), "image/png")
                .is_err()
            {
                let _ = refuse.call0(&JsValue::NULL);
            }
        });
    let blob = JsFuture::from(encoded)
        .await
        .map_err(|_| PngError::Encode)?;
    blob.dyn_into::<Blob>().map_err(|_| PngError::Encode)
}
